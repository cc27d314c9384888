"""The local page: open a scenario, see its problems or its bounds, solve it with live
progress and a Stop button, and download the plan. Each action is one library call (the
jobs the command line runs); this module only turns forms into calls and results into
pages."""

from __future__ import annotations

import secrets
from dataclasses import replace
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from scheduler.exceptions import ScenarioError, SchedulerError
from scheduler.jobs import check_job, check_report, template_job, validate_job
from scheduler.jobs.page import plan_view, school_view
from scheduler.jobs.reading import read_scenario
from scheduler.scenario.files.fingerprint import scenario_hash
from scheduler.scenario.school import is_school
from scheduler.scenario.variants.edit import apply_variant
from scheduler.scenario.variants.variant import option_variant, variant_file_text
from scheduler.web.runs import Runs
from scheduler.web.security import LOCAL_NAMES, MAX_UPLOAD, Guard

STATIC = Path(__file__).parent / "static"
DOWNLOADS = {"plan.xlsx", "allocation.csv", "plan.yaml", "menu.xlsx", "school.xlsx"}
TIME_LIMITS = (10, 30, 60, 120, 300)
SCHOOL_WHATIF = (
    "A school's what-if runs on the command line: scheduler whatif {source} VARIANT.yaml, "
    "or with --set school.max_deadlines_per_week=1 or --set SUBJECT:task.ID.COLUMN=VALUE "
    "(see A whole school in the documentation). To try a change to one subject alone, open "
    "its folder, {source}/SUBJECT."
)
SCHOOL_CHECK = (
    "A school plan is checked from its allocation.csv (the one with the subject column, in the "
    "plan's folder); school.xlsx and the subjects' plan.xlsx are written from it, not read back."
)
POLICY_KEYS = ("max_deadlines_per_week", "feedback_weeks", "tasks_per_student.min",
               "tasks_per_student.max")  # fmt: skip


def seconds(form, default: float, most: float) -> float:
    """The form's time limit, from 1 s to ``most``; ``default`` when it is missing or not a
    number (the page's own select offers only numbers)."""
    try:
        value = float(form.get("time_limit") or default)
    except ValueError:
        value = default
    return min(max(value, 1.0), most) if value == value else default  # NaN: the default


def form_variant(form) -> object:
    """The variant the what-if form describes, as the command line's options would make it
    (``--drop``, ``--set``, ``--add-task``, ``--pin``)."""

    def field(name: str) -> str:
        return str(form.get(name) or "").strip()

    sets = []
    for task, column in (("capacity_task", "capacity"), ("window_task", "due_week")):
        value = field("capacity" if column == "capacity" else "window")
        if field(task) and value:
            sets.append(f"task.{field(task)}.{column}={value}")
    if field("teacher") and field("minutes"):
        sets.append(f"teacher.{field('teacher')}.weekly_marking_minutes={field('minutes')}")
    if field("policy_key") in POLICY_KEYS and field("policy_value"):
        sets.append(f"policy.{field('policy_key')}={field('policy_value')}")
    add = (
        (f"{field('add_new')}={field('add_like')}",)
        if field("add_new") and field("add_like")
        else ()
    )
    pins = ()
    if field("pin_student") and field("pin_task"):
        pins = (f"{field('pin_student')}:{field('pin_task')}:{field('pin_rule') or 'must'}",)
    drop = tuple(str(t) for t in form.getlist("drop") if str(t).strip())
    return option_variant(drop=drop, sets=tuple(sets), add=add, pins=pins,
                          name=field("name") or None)  # fmt: skip


def bundled_scenarios() -> dict[str, Path]:
    """The scenarios that come with scheduler (beside the package in a clone of it)."""
    folder = Path(__file__).resolve().parents[2] / "scenarios"
    if not folder.is_dir():
        return {}
    return {
        p.name: p
        for p in sorted(folder.iterdir())
        if p.is_dir() and ((p / "scenario.yaml").exists() or (p / "school.yaml").exists())
    }


class Missing(Exception):
    """An address naming a scenario, run or file this server does not know."""

    def __init__(self, what: str):
        super().__init__(what)
        self.what = what


class Page:
    """The server's state: opened scenarios and runs, by random ids, and its own folder."""

    def __init__(self, folder: Path, workers: int = 0):
        self.folder = folder
        self.opened: dict[str, Path] = {}
        self.scenarios: dict[Path, tuple[str, object]] = {}  # source -> (its hash, scenario)
        self.runs = Runs(folder, workers)
        self.templates = Environment(
            loader=PackageLoader("scheduler.web"), autoescape=select_autoescape()
        )

    def render(self, name: str, status: int = 200, **values) -> HTMLResponse:
        return HTMLResponse(self.templates.get_template(name).render(**values), status)

    def open_source(self, source: Path) -> str:
        scenario_id = secrets.token_hex(8)
        self.opened[scenario_id] = source
        return scenario_id

    def _opened(self, request: Request) -> Path:
        """The scenario the address names (Missing: this server does not know it)."""
        source = self.opened.get(request.path_params["scenario_id"])
        if source is None:
            raise Missing("scenario")
        return source

    def _run(self, request: Request):
        """The run the address names (Missing: this server does not know it)."""
        run = self.runs.get(request.path_params["run_id"])
        if run is None:
            raise Missing("solve")
        return run

    async def missing(self, request: Request, error: Missing) -> Response:
        return self.render("missing.html", 404, what=error.what)

    async def home(self, request: Request) -> Response:
        return self.render("open.html", bundled=bundled_scenarios(), limit=MAX_UPLOAD)

    async def open(self, request: Request) -> Response:
        """A bundled scenario, a folder on this computer, or an uploaded workbook."""
        form = await request.form()
        bundled, folder, upload = form.get("bundled"), form.get("folder"), form.get("workbook")
        if bundled:
            source = bundled_scenarios().get(str(bundled))
            if source is None:
                return self.render("open.html", 400, bundled=bundled_scenarios(),
                                   error=f"{bundled} is not a bundled scenario.", limit=MAX_UPLOAD)  # fmt: skip
        elif upload is not None and getattr(upload, "filename", ""):
            source = await self._saved_upload(upload)
        elif folder:
            source = Path(str(folder)).expanduser()
        else:
            return self.render("open.html", 400, bundled=bundled_scenarios(),
                               error="Choose a scenario, a folder or a workbook.", limit=MAX_UPLOAD)  # fmt: skip
        return RedirectResponse(f"/scenario/{self.open_source(source)}", 303)

    async def _saved_upload(self, upload, name: str | None = None) -> Path:
        """An uploaded file, kept in this server's own folder under a name of its own
        (``name``, or scenario.xlsx for a workbook)."""
        place = self.folder / "uploads" / secrets.token_hex(8)
        place.mkdir(parents=True)
        workbook = upload.filename.lower().endswith(".xlsx")
        path = place / (name or ("scenario.xlsx" if workbook else "upload"))
        path.write_bytes(await upload.read())
        return path

    async def scenario(self, request: Request) -> Response:
        """The scenario's check: its problems by file, row and column, or its size, bounds
        and warnings, and the Solve button."""
        scenario_id = request.path_params["scenario_id"]
        source = self._opened(request)
        try:
            result = validate_job(source)
        except SchedulerError as error:
            return self.problems(source, error)
        return self.render("scenario.html", scenario_id=scenario_id, source=source,
                           text=result.text, exit_code=result.exit_code, limits=TIME_LIMITS,
                           school=is_school(source))  # fmt: skip

    def problems(self, source: Path, error: SchedulerError, status: int = 200) -> HTMLResponse:
        """The page of what stops ``source`` being used: each problem where it is, or the
        error's words."""
        if not isinstance(error, ScenarioError):
            return self.render("problems.html", status, source=source, message=str(error))
        problems = [p for p in error.problems if not p.warning]
        warnings = [p for p in error.problems if p.warning]
        return self.render("problems.html", status, source=source, problems=problems, warnings=warnings)  # fmt: skip

    def _subject(self, source: Path):
        """The scenario a what-if changes, or the page to show instead: a school's what-if is
        the command line's; a scenario changed since it opened may no longer read."""
        if is_school(source):
            return self.render("problems.html", 400, source=source, heading="What if...?",
                               message=SCHOOL_WHATIF.format(source=source))  # fmt: skip
        try:
            return read_scenario(source)[0]
        except SchedulerError as error:
            return self.problems(source, error)

    async def solve(self, request: Request) -> Response:
        source = self._opened(request)
        form = await request.form()
        run_id = self.runs.start(source, seconds(form, 30, 3600), bool(form.get("relax")))
        return RedirectResponse(f"/run/{run_id}", 303)

    async def run(self, request: Request) -> Response:
        run_id = request.path_params["run_id"]
        run = self._run(request)
        template = "progress.html" if request.headers.get("hx-request") else "run.html"
        if run.kind == "menu" and run.state == "done":
            if request.headers.get("hx-request"):
                return Response(headers={"HX-Redirect": f"/run/{run_id}"})
            return self.render("menu_result.html", run_id=run_id, run=run)
        if run.variant is not None and run.state == "done":
            if request.headers.get("hx-request"):  # the whole page, not a part of one
                return Response(headers={"HX-Redirect": f"/run/{run_id}"})
            what = run.result
            return self.render(
                "whatif_result.html", run_id=run_id, run=run,
                comparison=_html(what.comparison), changes=_html(what.changes),
                changed=len(what.changes),
            )  # fmt: skip
        return self.render(template, run_id=run_id, run=run)

    async def closest(self, request: Request) -> Response:
        """After a solve that found no plan: the closest plan (``--relax``), the same limit."""
        run = self._run(request)
        return RedirectResponse(f"/run/{self.runs.start(run.source, run.time_limit, True)}", 303)

    async def stop(self, request: Request) -> Response:
        run = self._run(request)
        run.watch.stop()
        if request.headers.get("hx-request"):
            return self.render("progress.html", run_id=request.path_params["run_id"], run=run)
        return RedirectResponse(f"/run/{request.path_params['run_id']}", 303)

    async def whatif_form(self, request: Request) -> Response:
        """The what-if form: a change to the menu, a teacher, a policy figure, a pin."""
        source = self._opened(request)
        scenario = self._subject(source)
        if isinstance(scenario, Response):
            return scenario
        return self.render(
            "whatif.html", scenario_id=request.path_params["scenario_id"], source=source,
            scenario=scenario, policy_keys=POLICY_KEYS, limits=TIME_LIMITS,
        )  # fmt: skip

    async def whatif(self, request: Request) -> Response:
        """Solve the baseline and the variant the form describes, side by side."""
        source = self._opened(request)
        form = await request.form()
        scenario = self._subject(source)
        if isinstance(scenario, Response):
            return scenario
        try:
            variant = form_variant(form)
            if variant.edits:  # a change that cannot apply is said now, before any solve
                apply_variant(scenario, variant)
        except ScenarioError as error:  # the form stands where the command line would
            problems = [replace(p, file="the what-if form") for p in error.errors]
            return self.render("problems.html", 400, source=source, problems=problems)
        if not variant.edits:
            return self.render("problems.html", 400, source=source,
                               message="Choose at least one change for the what-if.")  # fmt: skip
        limit = seconds(form, 30, 3600)
        run_id = self.runs.start_whatif(source, variant, limit)
        return RedirectResponse(f"/run/{run_id}", 303)

    async def menu(self, request: Request) -> Response:
        """The menu report: what each task is worth to the plan, with its progress."""
        source = self._opened(request)
        limit = seconds(await request.form(), 10, 600)
        return RedirectResponse(f"/run/{self.runs.start_menu(source, limit)}", 303)

    async def check(self, request: Request) -> Response:
        """A plan workbook (or allocation.csv) someone edited, checked against the scenario:
        every rule it breaks, as `scheduler check` says them."""
        source = self._opened(request)
        upload = (await request.form()).get("plan")
        if upload is None or not getattr(upload, "filename", ""):
            return self.render("problems.html", 400, source=source,
                               message="Choose a plan workbook (plan.xlsx) or allocation.csv.")  # fmt: skip
        name = "allocation.csv" if upload.filename.lower().endswith(".csv") else "plan.xlsx"
        if is_school(source) and name != "allocation.csv":
            return self.render("problems.html", 400, source=source, heading="Check a plan",
                               message=SCHOOL_CHECK)  # fmt: skip
        path = await self._saved_upload(upload, name)
        try:
            result = self._checked(source, path)
        except ScenarioError as error:
            return self.render("problems.html", 200, source=path, problems=error.errors)
        except SchedulerError as error:
            return self.render("problems.html", 200, source=path, message=str(error))
        return self.render("check.html", source=source, plan=upload.filename,
                           text=result.text, valid=result.exit_code == 0)  # fmt: skip

    def _checked(self, source: Path, plan: Path):
        """`scheduler check` of ``plan`` against ``source``: a scenario read once and kept
        while its files stay the same (a school is checked as the command line checks it)."""
        if is_school(source):
            return check_job(source, plan)
        fingerprint = scenario_hash(source)
        kept = self.scenarios.get(source)
        if kept is None or kept[0] != fingerprint:
            kept = self.scenarios[source] = (fingerprint, read_scenario(source)[0])
        return check_report(kept[1], plan)

    async def variant_file(self, request: Request) -> Response:
        run = self._run(request)
        if run.variant is None:
            raise Missing("what-if")
        headers = {"content-disposition": 'attachment; filename="variant.yaml"'}
        return Response(variant_file_text(run.variant), media_type="text/yaml", headers=headers)

    def _view(self, request: Request, school: bool = False):
        """The finished run and its plan (a school's plan when ``school``), read once
        (Missing: no such run, or no such plan written)."""
        run = self._run(request)
        if not run.done.is_set() or not (run.school if school else run.written):
            raise Missing("school plan" if school else "plan")
        if run.view is None:
            run.view = (school_view if school else plan_view)(run.source, run.out)
        return run, run.view

    async def plan(self, request: Request) -> Response:
        """The plan: summary, students, tasks, rosters, teacher load, calendar, coverage."""
        run, view = self._view(request)
        return self.render(
            "plan.html", run_id=request.path_params["run_id"], run=run, view=view,
            students=_html(view.students()), tables={k: _html(f) for k, f in view.tables().items()},
            rosters=[(h, _html(f)) for h, f in view.rosters()], chart=view.teacher_load_chart(),
        )  # fmt: skip

    async def school_plan(self, request: Request) -> Response:
        """A school's plan: each subject's figures, the busiest weeks, teachers' load across
        subjects, and each student's deadlines week by week."""
        run, view = self._view(request, school=True)
        return self.render(
            "school_plan.html", run_id=request.path_params["run_id"], run=run,
            tables={k: _html(f) for k, f in view.tables().items()},
            weeks=_html(view.student_weeks()),
        )  # fmt: skip

    async def school_weeks(self, request: Request) -> Response:
        """The students' weeks across subjects, searched (a part of the school plan page)."""
        _, view = self._view(request, school=True)
        return HTMLResponse(_html(view.student_weeks(request.query_params.get("q", ""))))

    async def students(self, request: Request) -> Response:
        """The students' table, searched and sorted (a part of the plan page)."""
        _, view = self._view(request)
        query = request.query_params
        frame = view.students(query.get("q", ""), query.get("sort"), query.get("desc") == "1")
        return HTMLResponse(_html(frame))

    async def download(self, request: Request) -> Response:
        run, name = self._run(request), request.path_params["name"]
        if name not in DOWNLOADS or not (run.out / name).is_file():
            raise Missing("file")
        return FileResponse(run.out / name, filename=name)

    async def template(self, request: Request) -> Response:
        """A blank scenario workbook to fill in."""
        path = self.folder / "template.xlsx"
        if not path.exists():
            template_job(path)
        return FileResponse(path, filename="scenario-template.xlsx")


def make_app(
    page: Page, token: str, host: str | None = None, max_upload: int = MAX_UPLOAD
) -> Guard:
    """The page's application, behind its Guard (``host``: one more name it answers to;
    ``max_upload``: the most bytes a request may send)."""
    app = Starlette(
        exception_handlers={Missing: page.missing},
        routes=[
            Route("/", page.home),
            Route("/open", page.open, methods=["POST"]),
            Route("/template", page.template),
            Route("/scenario/{scenario_id}", page.scenario),
            Route("/scenario/{scenario_id}/solve", page.solve, methods=["POST"]),
            Route("/run/{run_id}", page.run),
            Route("/run/{run_id}/stop", page.stop, methods=["POST"]),
            Route("/run/{run_id}/closest", page.closest, methods=["POST"]),
            Route("/run/{run_id}/files/{name}", page.download),
            Route("/run/{run_id}/plan", page.plan),
            Route("/run/{run_id}/variant.yaml", page.variant_file),
            Route("/scenario/{scenario_id}/check", page.check, methods=["POST"]),
            Route("/scenario/{scenario_id}/menu", page.menu, methods=["POST"]),
            Route("/scenario/{scenario_id}/whatif", page.whatif_form),
            Route("/scenario/{scenario_id}/whatif", page.whatif, methods=["POST"]),
            Route("/run/{run_id}/students", page.students),
            Route("/run/{run_id}/school", page.school_plan),
            Route("/run/{run_id}/school/weeks", page.school_weeks),
            Mount("/static", StaticFiles(directory=STATIC), name="static"),
        ],
    )
    hosts = LOCAL_NAMES | ({host} if host else set())
    return Guard(app, token, frozenset(hosts), max_upload)


def _html(frame) -> str:
    """A table as HTML (every cell escaped)."""
    return frame.to_html(index=False, border=0, classes="table", escape=True, na_rep="")
