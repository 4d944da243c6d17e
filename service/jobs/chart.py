"""`turfbook run chart`: rewrite the Wall chart tab now (the digest job also does it)."""

from service.jobs.digest import run_chart as run

__all__ = ["run"]
