"""The demo's own job runs are recorded in run history (trigger `demo`), so /runs is not empty after
`make demo` (issue 19, item 3): turfbook_demo.run.run_jobs against a seeded workbook on the emulator."""

from __future__ import annotations

from tests.support.web import bearer, make_app
from turfbook.clock import Clock
from turfbook.demo.media import seed_media
from turfbook.demo.workbook import ensure_workbook, seed_workbook
from turfbook.history import History
from turfbook.workspace import connect
from turfbook_demo.run import run_jobs, with_spreadsheet


def test_demo_runs_show_on_the_runs_page(config, tmp_path):
    today = Clock.for_config(config).today()   # as the demo: run history and /runs agree on the time
    config = with_spreadsheet(config, ensure_workbook(connect(config), config))
    workspace = connect(config)
    seed_workbook(workspace, config.google.spreadsheet_id, people=20, conversations=40, worksites=3, seed=7,
                  today=today)
    seed_media(workspace, config, count=3, seed=7, videos=0)
    runs = run_jobs(config, workspace, today, (("filing", "filing", {}), ("overdue", "overdue", {}),
                                                ("digest", "digest", {"preview": tmp_path / "digest.html"})))
    assert [(r.job, r.trigger, r.status) for r in runs] == [("filing", "demo", "ok"), ("overdue", "demo", "ok"),
                                                            ("digest", "demo", "ok")]
    assert {r.job for r in History.for_config(config).recent()} == {"filing", "overdue", "digest"}
    page = make_app(config).test_client().get("/runs", headers=bearer()).get_data(as_text=True)
    assert page.count("Started by: demo") == 3 and page.count("Working") == 3
