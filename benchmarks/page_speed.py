"""Benchmark: the local page answers within 200 ms for everything but solving, on the year
group (issue 19).

The page is served by uvicorn in this process, as `scheduler serve` serves it, and asked
over HTTP by a client in the same process (httpx), each action REPEATS times after one
warm-up; the median is reported. The peer, measured in the same run, is the same job on the
command line, start to finish (`scheduler validate`, `scheduler check`), which is what a
person waits for without the page.

    python benchmarks/page_speed.py [--write]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import uvicorn

sys.path.insert(0, str(Path(__file__).parent))
from results import write_section

from scheduler.web.app import Page, make_app
from scheduler.web.serve import free_port

ROOT = Path(__file__).parent.parent
SCENARIO = ROOT / "scenarios" / "year-group"
TOKEN = "benchmark-token-0123456789abcdefghijklmnopqrstu"
REPEATS = 9
GOAL_MS = 200


def timed(call) -> float:
    """The median milliseconds of ``call()`` over REPEATS runs, after one warm-up."""
    call()
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def command_ms(*args: str) -> float:
    """The median milliseconds of a whole `scheduler` command (3 runs)."""
    times = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "scheduler", *args], capture_output=True, check=False)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def serve(folder: Path) -> tuple[str, Page, uvicorn.Server]:
    page = Page(folder, workers=2)
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(make_app(page, TOKEN), host="127.0.0.1", port=port, log_level="warning")
    )
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", page, server


def measure() -> list[tuple[str, float, float | None, str]]:
    """(action, page ms, the command line's ms for the same job or None, what was asked)."""
    folder = Path(tempfile.mkdtemp())
    url, page, server = serve(folder)
    client = httpx.Client(base_url=url, timeout=60, follow_redirects=True)
    client.get(f"/?token={TOKEN}")
    scenario = client.post("/open", data={"folder": str(SCENARIO)}).url.path
    run = client.post(f"{scenario}/solve", data={"time_limit": "30"}).url.path
    page.runs.get(run.rsplit("/", 1)[1]).done.wait(120)
    plan = client.get(f"{run}/files/plan.xlsx").content
    plan_file = folder / "plan.xlsx"
    plan_file.write_bytes(plan)
    start = time.perf_counter()
    client.get(f"{run}/plan")  # its first visit: the plan was read when the solve ended
    first_plan = (time.perf_counter() - start) * 1000
    rows = [
        ("the plan, first visit", first_plan, None, "GET /run/ID/plan (once)"),
        ("open page", timed(lambda: client.get("/")), None, "GET /"),
        ("open the year group (validation, bounds)", timed(lambda: client.get(scenario)),
         command_ms("validate", str(SCENARIO)), "GET /scenario/ID"),
        ("solve progress (one poll)", timed(lambda: client.get(run, headers={"HX-Request": "1"})),
         None, "GET /run/ID (htmx)"),
        ("the plan (tables and teacher-load chart)", timed(lambda: client.get(f"{run}/plan")),
         None, "GET /run/ID/plan"),
        ("search the students", timed(lambda: client.get(f"{run}/students", params={"q": "9A"})),
         None, "GET /run/ID/students?q=9A"),
        ("what-if form", timed(lambda: client.get(f"{scenario}/whatif")), None,
         "GET /scenario/ID/whatif"),
        ("download plan.xlsx", timed(lambda: client.get(f"{run}/files/plan.xlsx")), None,
         "GET /run/ID/files/plan.xlsx"),
        ("check an edited plan (upload)", timed(lambda: client.post(
            f"{scenario}/check", files={"plan": ("plan.xlsx", plan, "application/octet-stream")})),
         command_ms("check", str(SCENARIO), str(plan_file)), "POST /scenario/ID/check"),
        ("blank template", timed(lambda: client.get("/template")), None, "GET /template"),
    ]  # fmt: skip
    server.should_exit = True
    return rows


def table(rows) -> str:
    lines = [
        "The year group (182 students, 18 tasks), 2 workers for its solve. Median of "
        f"{REPEATS} requests after one warm-up; the peer is the same job as a whole "
        "`scheduler` command in the same run.",
        "",
        "| action | request | page ms | goal | command line ms | page against the command line |",
        "|---|---|---:|---|---:|---:|",
    ]
    for action, ms, peer, request in rows:
        goal = "met" if ms <= GOAL_MS else "MISSED"
        versus = "" if peer is None else f"{ms / peer:.2f}x"
        peer_cell = "" if peer is None else f"{peer:.0f}"
        lines.append(f"| {action} | `{request}` | {ms:.0f} | {goal} (under {GOAL_MS} ms) | "
                     f"{peer_cell} | {versus} |")  # fmt: skip
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="Write the table to RESULTS.md.")
    args = parser.parse_args()
    text = table(measure())
    print(text)
    if args.write:
        write_section("page", text)


if __name__ == "__main__":
    main()
