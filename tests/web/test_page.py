"""The local page, through its HTTP interface (Starlette's TestClient): its security, and
each action as the library does it. Browser-driven tests are in tests/web/test_browser.py."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import openpyxl
import pytest
from starlette.testclient import TestClient

from scheduler.jobs import check_job, convert_job
from scheduler.web.app import Page, make_app
from scheduler.web.security import TOKEN_COOKIE, host_name
from tests.conftest import ROOT

TOKEN = "a-test-token-that-is-long-enough-0123456789"
LIMIT = 64 * 1024


@pytest.fixture
def page(tmp_path: Path) -> Page:
    return Page(tmp_path / "server", workers=2)


@pytest.fixture
def client(page: Page):
    with TestClient(make_app(page, TOKEN, max_upload=LIMIT), base_url="http://127.0.0.1") as c:
        yield c


def signed_in(client: TestClient) -> TestClient:
    assert client.get(f"/?token={TOKEN}").status_code == 200
    return client


def test_a_request_without_the_token_is_refused(client):
    answer = client.get("/")
    assert answer.status_code == 403 and "printed" in answer.text
    assert client.get("/?token=wrong").status_code == 403
    assert client.get("/static/htmx.min.js").status_code == 403


def test_the_token_in_the_address_sets_a_cookie_that_serves_later_requests(client):
    first = client.get(f"/?token={TOKEN}")
    assert first.status_code == 200 and TOKEN_COOKIE in first.headers["set-cookie"]
    assert "SameSite=Strict" in first.headers["set-cookie"]
    assert client.get("/").status_code == 200  # the cookie
    bare = TestClient(client.app, base_url="http://127.0.0.1")
    assert bare.get("/", headers={"Authorization": f"token {TOKEN}"}).status_code == 200


def test_another_host_is_refused_even_with_the_token(page):
    for name in ("evil.example", "127.0.0.1.evil.example", "attacker.test:80"):
        app = make_app(page, TOKEN)
        answer = TestClient(app, base_url=f"http://{name}").get(f"/?token={TOKEN}")
        assert answer.status_code == 403, name
    for name in ("localhost", "127.0.0.1:8000", "[::1]:8000"):
        answer = TestClient(make_app(page, TOKEN), base_url=f"http://{name}").get(
            f"/?token={TOKEN}"
        )
        assert answer.status_code == 200, name
    served = TestClient(make_app(page, TOKEN, host="lab-pc"), base_url="http://lab-pc:8000")
    assert served.get(f"/?token={TOKEN}").status_code == 200


def test_host_names_are_read_without_their_port():
    assert host_name("127.0.0.1:8000") == "127.0.0.1"
    assert host_name("[::1]:8000") == "::1" and host_name("localhost") == "localhost"


def test_an_oversized_upload_is_refused(client):
    signed_in(client)
    big = {"workbook": ("big.xlsx", b"x" * (LIMIT + 1), "application/octet-stream")}
    answer = client.post("/open", files=big)
    assert answer.status_code == 413 and "too large" in answer.text


def test_a_blank_template_can_be_downloaded(client):
    answer = signed_in(client).get("/template")
    assert answer.status_code == 200 and answer.content[:2] == b"PK"  # a workbook (zip)


def opened(client: TestClient, **form) -> str:
    answer = signed_in(client).post("/open", data=form, follow_redirects=False)
    assert answer.status_code == 303
    return answer.headers["location"]


def solved(client: TestClient, page: Page, scenario: str, **form):
    answer = client.post(f"{scenario}/solve", data=form, follow_redirects=False)
    assert answer.status_code == 303
    run_id = answer.headers["location"].rsplit("/", 1)[1]
    return run_id, page.runs.get(run_id)


def test_open_a_bundled_scenario_solve_it_and_download_a_plan_that_checks(client, page, tmp_path):
    scenario = opened(client, bundled="single-class")
    shown = client.get(scenario)
    assert "the scenario is valid" in shown.text and ">Solve</button>" in shown.text
    run_id, run = solved(client, page, scenario, time_limit="10")
    assert run.done.wait(60)
    shown = client.get(f"/run/{run_id}").text
    assert "Checked: the plan keeps every rule" in shown
    for name in ("plan.xlsx", "allocation.csv", "plan.yaml"):
        assert f"/run/{run_id}/files/{name}" in shown
    download = client.get(f"/run/{run_id}/files/plan.xlsx")
    assert download.status_code == 200
    (tmp_path / "plan.xlsx").write_bytes(download.content)
    checked = check_job(ROOT / "scenarios" / "single-class", tmp_path / "plan.xlsx")
    assert checked.exit_code == 0, checked.text
    assert client.get(f"/run/{run_id}/files/scenario.yaml").status_code == 404
    plan = client.get(f"/run/{run_id}/plan").text
    for heading in ("Students", "Teacher load", "Tasks", "Rosters", "Calendar", "Coverage"):
        assert f"<h2>{heading}</h2>" in plan
    assert "<svg" in plan and plan.count("<table") >= 6
    every = client.get(f"/run/{run_id}/students").text.count("<tr>")  # body rows
    found = client.get(f"/run/{run_id}/students", params={"q": "8C0"}).text
    assert 0 < found.count("<tr>") < every and "8C01" in found and "8C12" not in found
    ids = re.findall(r"<td>(8C\d\d)</td>", client.get(
        f"/run/{run_id}/students", params={"sort": "student_id", "desc": "1"}).text)  # fmt: skip
    assert ids == sorted(ids, reverse=True) and len(ids) == every
    assert client.get(f"/run/{run_id}/files/..%2Fplan.yaml").status_code == 404


def test_an_uploaded_broken_workbook_shows_its_problems_by_row_and_column(client, page, tmp_path):
    book = tmp_path / "broken.xlsx"
    convert_job(ROOT / "scenarios" / "single-class", book)
    workbook = openpyxl.load_workbook(book)
    sheet = workbook["tasks"]
    header = [c.value for c in sheet[1]]
    sheet.cell(row=3, column=header.index("marking_minutes") + 1, value="lots")
    workbook.save(book)
    scenario = signed_in(client).post(
        "/open", files={"workbook": ("broken.xlsx", book.read_bytes(), "application/octet-stream")},
        follow_redirects=False,
    ).headers["location"]  # fmt: skip
    shown = client.get(scenario).text
    assert "cannot be used yet" in shown
    row = re.search(r"<tr><td>([^<]*sheet tasks)</td><td>3</td><td>marking_minutes</td><td>", shown)
    assert row, shown
    assert [p.name for p in (page.folder / "uploads").iterdir()]  # kept in the server's folder


def test_stop_keeps_the_best_plan_found_and_it_checks(client, page, tmp_path):
    scenario = opened(client, bundled="year-group")
    run_id, run = solved(client, page, scenario, time_limit="300")
    deadline = 120
    while run.watch.plans == 0 and not run.done.is_set() and deadline:
        run.done.wait(1)
        deadline -= 1
    assert run.watch.plans > 0 and not run.done.is_set(), "no plan before the search ended"
    stopped = client.post(f"/run/{run_id}/stop", headers={"HX-Request": "true"})
    assert stopped.status_code == 200
    assert run.done.wait(30) and run.result is not None
    assert "stopped early" in run.result.text or "optimal" in run.result.text
    (tmp_path / "plan.xlsx").write_bytes(client.get(f"/run/{run_id}/files/plan.xlsx").content)
    checked = check_job(ROOT / "scenarios" / "year-group", tmp_path / "plan.xlsx")
    assert checked.exit_code == 0, checked.text


def test_an_unknown_scenario_or_run_is_a_plain_404(client):
    signed_in(client)
    assert client.get("/scenario/nope").status_code == 404
    assert client.get("/run/nope").status_code == 404
    assert "No such" in client.get("/run/nope/files/plan.xlsx").text


def test_a_whatif_from_the_form_is_solved_against_the_scenario_and_saved_as_a_variant(
    client, page, tmp_path
):
    from scheduler.scenario.variants.variant import read_variant

    scenario = opened(client, bundled="single-class")
    form = client.get(f"{scenario}/whatif").text
    assert '<option value="D2">D2: ' in form and 'name="teacher"' in form
    answer = client.post(
        f"{scenario}/whatif", data={"name": "No teardown", "drop": ["D2"], "time_limit": "10"},
        follow_redirects=False,
    )  # fmt: skip
    assert answer.status_code == 303
    run = page.runs.get(answer.headers["location"].rsplit("/", 1)[1])
    assert run.done.wait(60) and run.error is None
    shown = client.get(answer.headers["location"]).text
    assert "What if: No teardown" in shown and "baseline" in shown
    assert re.search(r"<h2>\d+ students? whose tasks or due weeks change</h2>", shown)
    assert "D2 (wk" in shown  # a student who leaves the dropped task
    saved = tmp_path / "variant.yaml"
    saved.write_bytes(client.get(f"{answer.headers['location']}/variant.yaml").content)
    variant = read_variant(saved)
    assert variant.name == "No teardown" and [e.what for e in variant.edits] == ["drop_task"]


def test_a_whatif_with_no_change_or_a_change_that_cannot_apply_is_said_at_once(client, page):
    scenario = opened(client, bundled="single-class")
    nothing = client.post(f"{scenario}/whatif", data={"time_limit": "10"})
    assert nothing.status_code == 400 and "at least one change" in nothing.text
    bad = client.post(f"{scenario}/whatif", data={"capacity_task": "D2", "capacity": "-3"})
    assert bad.status_code == 400
    assert re.search(r"<td>the what-if form</td><td></td><td>--set task.D2.capacity=-3</td>"
                     r"<td>capacity: .* the least allowed is 1", bad.text)  # fmt: skip


def test_an_edited_plan_workbook_is_checked_and_every_broken_rule_shown(client, page, tmp_path):
    scenario = opened(client, bundled="single-class")
    run_id, run = solved(client, page, scenario, time_limit="10")
    assert run.done.wait(60)
    plan = client.get(f"/run/{run_id}/files/plan.xlsx").content
    good = client.post(
        f"{scenario}/check", files={"plan": ("plan.xlsx", plan, "application/octet-stream")}
    )
    assert good.status_code == 200 and "keeps every rule" in good.text
    book = tmp_path / "edited.xlsx"
    book.write_bytes(plan)
    workbook = openpyxl.load_workbook(book)
    sheet = workbook["Allocation"]
    sheet.delete_rows(2, 3)  # three assignments gone
    workbook.save(book)
    edited = client.post(
        f"{scenario}/check",
        files={"plan": ("edited.xlsx", book.read_bytes(), "application/octet-stream")},
    )
    assert edited.status_code == 200 and "breaks rules" in edited.text
    assert "Rule" in edited.text


def test_the_menu_report_shows_its_progress_then_the_report_and_its_workbook(client, page):
    scenario = opened(client, bundled="single-class")
    assert 'id="menu-report"' in client.get(scenario).text
    answer = client.post(f"{scenario}/menu", data={"time_limit": "5"}, follow_redirects=False)
    assert answer.status_code == 303
    run = page.runs.get(answer.headers["location"].rsplit("/", 1)[1])
    assert run.kind == "menu"
    progress = client.get(answer.headers["location"], headers={"HX-Request": "true"})
    assert "The menu report:" in progress.text or progress.headers.get("hx-redirect")
    assert run.done.wait(180) and run.error is None, run.error
    assert run.solves_done == run.solves > 1
    shown = client.get(answer.headers["location"]).text
    assert "What the plan loses when a task is dropped" in shown
    book = client.get(f"{answer.headers['location']}/files/menu.xlsx")
    assert book.status_code == 200 and book.content[:2] == b"PK"


def impossible(tmp_path: Path) -> Path:
    """The single class with its teacher's marking time cut below what any plan needs."""
    folder = tmp_path / "impossible"
    shutil.copytree(ROOT / "scenarios" / "single-class", folder)
    teachers = folder / "teachers.csv"
    teachers.write_text(teachers.read_text().replace("8C,300,", "8C,60,"), encoding="utf-8")
    return folder


def test_no_plan_says_why_and_offers_the_closest_plan(client, page, tmp_path):
    scenario = opened(client, folder=str(impossible(tmp_path)))
    shown = client.get(scenario).text
    assert "no plan exists (seen before solving)" in shown and 'value="yes"' in shown
    run_id, run = solved(client, page, scenario, time_limit="10")  # without --relax
    assert run.done.wait(60) and run.result.exit_code == 3
    shown = client.get(f"/run/{run_id}").text
    assert "marking minutes" in shown and 'id="closest"' in shown
    closest = client.post(f"/run/{run_id}/closest", follow_redirects=False)
    relaxed = page.runs.get(closest.headers["location"].rsplit("/", 1)[1])
    assert relaxed.relax and relaxed.done.wait(60)
    shown = client.get(closest.headers["location"]).text
    assert "BREAKS" in shown and 'id="closest"' not in shown and "files/plan.xlsx" in shown


def test_two_tabs_solving_at_once_each_get_their_own_plan(client, page):
    first, second = (opened(client, bundled=name) for name in ("single-class", "design-projects"))
    runs = [solved(client, page, s, time_limit="10") for s in (first, second)]
    assert all(run.done.wait(90) for _, run in runs)
    assert runs[0][1].out != runs[1][1].out
    for (run_id, run), name in zip(runs, ("single-class", "design-projects"), strict=True):
        assert run.result.exit_code == 0, run.result.text
        assert run.source.name == name and "files/plan.xlsx" in client.get(f"/run/{run_id}").text
        assert check_job(ROOT / "scenarios" / name, run.out).exit_code == 0


def test_a_school_opens_solves_and_stops_keeping_its_best_plan(client, page):
    scenario = opened(client, bundled="school")
    assert "no reason found before solving" in client.get(scenario).text
    run_id, run = solved(client, page, scenario, time_limit="300")
    waited = 0
    while run.watch.plans == 0 and not run.done.is_set() and waited < 120:
        run.done.wait(1)
        waited += 1
    assert run.watch.plans > 0
    client.post(f"/run/{run_id}/stop", headers={"HX-Request": "true"})
    assert run.done.wait(60) and run.result.exit_code == 0, run.result.text
    assert "Checked: the school plan keeps every rule" in run.result.text
    shown = client.get(f"/run/{run_id}").text
    assert "files/school.xlsx" in shown
    assert client.get(f"/run/{run_id}/files/school.xlsx").content[:2] == b"PK"
    school = client.get(f"/run/{run_id}/school").text
    for heading in ("Subjects", "Busiest weeks", "across subjects</h2>", "Teacher load across"):
        assert heading in school
    every = client.get(f"/run/{run_id}/school/weeks").text.count("<tr>")
    found = client.get(f"/run/{run_id}/school/weeks", params={"q": "S0001"}).text.count("<tr>")
    assert every == 300 and 0 < found < every


def test_a_check_reads_the_scenario_again_once_its_files_change(client, page, tmp_path):
    folder = tmp_path / "class"
    shutil.copytree(ROOT / "scenarios" / "single-class", folder)
    scenario = opened(client, folder=str(folder))
    run_id, run = solved(client, page, scenario, time_limit="10")
    assert run.done.wait(60)
    plan = {"plan": ("plan.xlsx", client.get(f"/run/{run_id}/files/plan.xlsx").content, "x")}
    assert "keeps every rule" in client.post(f"{scenario}/check", files=plan).text
    teachers = folder / "teachers.csv"
    teachers.write_text(teachers.read_text().replace("8C,300,", "8C,60,"), encoding="utf-8")
    again = client.post(f"{scenario}/check", files=plan).text
    assert "breaks rules" in again and "marking" in again


def test_forms_with_odd_values_get_a_page_not_a_server_error(client, page):
    scenario = opened(client, bundled="single-class")
    odd = client.post(f"{scenario}/whatif", data={"pin_student": "8C01:x:y", "pin_task": "D2"})
    assert odd.status_code == 400 and "the what-if form" in odd.text
    run = client.post(f"{scenario}/solve", data={"time_limit": "soon"}, follow_redirects=False)
    assert run.status_code == 303
    started = page.runs.get(run.headers["location"].rsplit("/", 1)[1])
    assert started.time_limit == 30
    started.watch.stop()
    assert started.done.wait(30)


def test_a_schools_what_if_points_to_the_command_line_not_a_server_error(client):
    scenario = opened(client, bundled="school")
    shown = client.get(scenario).text
    assert f'href="{scenario}/whatif"' not in shown and "scheduler whatif" in shown
    for answer in (
        client.get(f"{scenario}/whatif"),
        client.post(f"{scenario}/whatif", data={"capacity_task": "S02", "capacity": "3"}),
    ):
        assert answer.status_code == 400
        assert "runs on the command line: scheduler whatif" in answer.text


def test_a_scenario_broken_after_it_opened_shows_its_problems_on_the_what_if(client, tmp_path):
    folder = tmp_path / "class"
    shutil.copytree(ROOT / "scenarios" / "single-class", folder)
    scenario = opened(client, folder=str(folder))
    assert client.get(f"{scenario}/whatif").status_code == 200
    teachers = folder / "teachers.csv"
    teachers.write_text(teachers.read_text().replace("8C,300,", "8C,lots,"), encoding="utf-8")
    for answer in (
        client.get(f"{scenario}/whatif"),
        client.post(f"{scenario}/whatif", data={"teacher": "RIV", "minutes": "400"}),
    ):
        assert answer.status_code == 200, answer.text
        assert "cannot be used yet" in answer.text and "weekly_marking_minutes" in answer.text
        assert "the what-if form" not in answer.text


def test_a_school_plan_is_checked_from_its_allocation_csv_on_the_page(client):
    scenario = opened(client, bundled="school")
    assert 'accept=".csv"' in client.get(scenario).text
    book = {"plan": ("school.xlsx", b"PK\x03\x04 not read", "x")}
    answer = client.post(f"{scenario}/check", files=book)
    assert answer.status_code == 400
    assert "A school plan is checked from its allocation.csv" in answer.text
    assert "UTF-8" not in answer.text
