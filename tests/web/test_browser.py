"""The local page in a real headless browser (Debian's chromium, driven by Playwright): the
flows a head of department takes, and a screenshot of each page at 1280 x 800.

Skipped, saying why, when Playwright or the browser is missing (.ci/run installs both). With
SCHEDULER_SCREENSHOTS=1 the screenshots are also copied to docs/screenshots/.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import pytest

from scheduler.jobs import check_job, convert_job
from scheduler.web.app import Page, make_app
from scheduler.web.serve import free_port
from tests.conftest import ROOT

playwright = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(BROWSER is None, reason="no chromium browser on this machine")
TOKEN = "browser-test-token-0123456789abcdefghijklmnop"
SHOTS = ROOT / "docs" / "screenshots"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The page served on a free port in a thread, as `scheduler serve` serves it."""
    import uvicorn

    folder = tmp_path_factory.mktemp("server")
    page = Page(folder, workers=2)
    port = free_port()
    config = uvicorn.Config(make_app(page, TOKEN), host="127.0.0.1", port=port, log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    while not running.started:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", page
    page.runs.stop_all()
    running.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        launched = p.chromium.launch(
            executable_path=BROWSER,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )  # fmt: skip
        yield launched
        launched.close()


@pytest.fixture
def tab(browser, server, tmp_path):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    page = context.new_page()
    page.goto(f"{server[0]}/?token={TOKEN}")
    yield page
    context.close()


def shot(page, name: str, tmp_path: Path) -> Path:
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path))
    if os.environ.get("SCHEDULER_SCREENSHOTS") == "1":
        SHOTS.mkdir(exist_ok=True)
        shutil.copy(path, SHOTS / path.name)
    return path


def downloaded_plan(tab, path: Path) -> Path:
    """The page's plan.xlsx, downloaded through its link to ``path``."""
    with tab.expect_download() as download:
        tab.locator("a[href$='/files/plan.xlsx']").first.click()
    download.value.save_as(path)
    return path


def assert_plan_checks(tab, path: Path, scenario: str = "year-group") -> None:
    """The page's plan.xlsx passes `scheduler check` against the bundled ``scenario``."""
    checked = check_job(ROOT / "scenarios" / scenario, downloaded_plan(tab, path))
    assert checked.exit_code == 0, checked.text


def test_open_solve_see_the_plan_and_download_a_plan_that_checks(tab, tmp_path):
    shot(tab, "open", tmp_path)
    tab.get_by_role("button", name="year-group", exact=True).click()
    tab.wait_for_selector("text=the scenario is valid")
    shot(tab, "scenario", tmp_path)
    tab.select_option("select[name=time_limit]", "10")
    tab.get_by_role("button", name="Solve").click()
    tab.wait_for_selector("#summary", timeout=90_000)
    assert "Checked: the plan keeps every rule" in tab.inner_text("#summary")
    shot(tab, "solved", tmp_path)
    assert_plan_checks(tab, tmp_path / "plan.xlsx")
    tab.click("#see-plan")
    tab.wait_for_selector("#load-chart svg")
    assert tab.locator("#student-table tbody tr").count() == 182
    tab.fill("#search", "9A")
    tab.wait_for_function("document.querySelectorAll('#student-table tbody tr').length < 182")
    assert all("9A" in row for row in tab.locator("#student-table tbody tr").all_inner_texts())
    tab.evaluate("window.scrollTo(0, 0)")
    shot(tab, "plan", tmp_path)
    tab.evaluate("document.querySelector('#load').scrollIntoView()")
    shot(tab, "teacher-load", tmp_path)


def test_a_broken_workbook_shows_its_problems_by_row_and_column(tab, tmp_path):
    import openpyxl

    book = tmp_path / "year-group.xlsx"
    convert_job(ROOT / "scenarios" / "year-group", book)
    workbook = openpyxl.load_workbook(book)
    sheet = workbook["tasks"]
    column = [c.value for c in sheet[1]].index("capacity") + 1
    sheet.cell(row=4, column=column, value="twenty")
    workbook.save(book)
    tab.set_input_files("input[name=workbook]", str(book))
    tab.get_by_role("button", name="Open the workbook").click()
    tab.wait_for_selector("table.problems")
    cells = tab.locator("table.problems tbody tr").first.locator("td").all_inner_texts()
    assert cells[0].endswith("sheet tasks") and cells[1:3] == ["4", "capacity"], cells
    shot(tab, "problems", tmp_path)


def test_stop_during_a_long_solve_keeps_a_plan_that_checks(tab, server, tmp_path):
    tab.get_by_role("button", name="year-group", exact=True).click()
    tab.select_option("select[name=time_limit]", "300")
    tab.get_by_role("button", name="Solve").click()
    tab.wait_for_selector("text=Best plan so far", timeout=90_000)
    shot(tab, "solving", tmp_path)
    tab.click("#stop")
    tab.wait_for_selector("#summary", timeout=60_000)
    assert_plan_checks(tab, tmp_path / "stopped.xlsx")


def test_a_whatif_drops_a_task_and_shows_the_two_plans_side_by_side(tab, tmp_path):
    tab.get_by_role("button", name="year-group", exact=True).click()
    tab.click("#whatif")
    tab.fill("input[name=name]", "No poster")
    tab.select_option("select[name=drop]", "S04")
    tab.select_option("select[name=time_limit]", "10")
    shot(tab, "whatif-form", tmp_path)
    tab.click("#solve-whatif")
    tab.wait_for_selector("#comparison", timeout=90_000)
    assert "What if: No poster" in tab.inner_text("h1")
    header = tab.inner_text("#comparison thead")
    assert "baseline" in header and "No poster" in header
    assert "whose tasks or due weeks change" in tab.inner_text("#changes h2")
    shot(tab, "whatif", tmp_path)


def test_an_edited_plan_is_checked_and_its_broken_rules_shown(tab, tmp_path):
    import openpyxl

    tab.get_by_role("button", name="single-class", exact=True).click()
    tab.wait_for_selector("#check-plan")
    scenario = tab.url
    tab.select_option("select[name=time_limit]", "10")
    tab.get_by_role("button", name="Solve").click()
    tab.wait_for_selector("#summary", timeout=60_000)
    book = downloaded_plan(tab, tmp_path / "edited.xlsx")
    workbook = openpyxl.load_workbook(book)
    workbook["Allocation"].delete_rows(2, 3)
    workbook.save(book)
    tab.goto(scenario)
    tab.set_input_files("input[name=plan]", str(book))
    tab.click("#check-plan")
    tab.wait_for_selector("#broken")
    assert "breaks rules" in tab.inner_text("h1") and "Rule" in tab.inner_text("#broken")
    shot(tab, "check", tmp_path)


def test_the_menu_report_with_its_progress(tab, tmp_path):
    tab.get_by_role("button", name="single-class", exact=True).click()
    tab.select_option("#menu select[name=time_limit]", "5")
    tab.click("#menu-report")
    tab.wait_for_selector("#menu-text", timeout=180_000)
    assert "What the plan loses when a task is dropped" in tab.inner_text("#menu-text")
    shot(tab, "menu", tmp_path)


def test_a_school_solves_stops_and_shows_its_plan(tab, tmp_path):
    tab.get_by_role("button", name="school", exact=True).click()
    tab.select_option("select[name=time_limit]", "300")
    tab.get_by_role("button", name="Solve").click()
    tab.wait_for_selector("text=Best plan so far", timeout=90_000)
    tab.click("#stop")
    tab.wait_for_selector("#see-school-plan", timeout=60_000)
    assert "Checked: the school plan keeps every rule" in tab.inner_text("#summary")
    tab.click("#see-school-plan")
    tab.wait_for_selector("#weeks-table tbody tr")
    assert tab.locator("#weeks-table tbody tr").count() == 300
    shot(tab, "school", tmp_path)
