"""The workbook's shape as code (sheets_schema/workbook.yaml) and the rows read from it.

Public API (what jobs call):
  load_schema(path=None) -> Schema
  read_workbook(sheets, schema, tabs=None, settings_tz=..., today=None, locale=...) -> WorkbookSnapshot
  write_problems(sheets, job, problems, now, row_column=True) -> ProblemsResult
  plan_ids(snapshot, schema) -> IdPlan; apply_ids(sheets, schema, plan) -> int
  plan_init(schema, metadata, header_rows) -> InitPlan; run_init(workspace, schema, id, dry_run=...)

Each name is imported from its module when it is first used (issue 22): a job that only reads the workbook
does not load ID assignment or `sheets init`'s planning (~20-40 ms of a `turfbook run`'s CPU).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from turfbook.schema.ids import apply_ids, plan_ids
    from turfbook.schema.init_plan import InitPlan, plan_init
    from turfbook.schema.loader import Column, Schema, SchemaError, Tab, load_schema, loads_schema
    from turfbook.schema.model import Problem, Row, TabSnapshot, WorkbookSnapshot
    from turfbook.schema.problems import write_problems
    from turfbook.schema.reader import parse_workbook, read_workbook

_HOMES = {"apply_ids": "ids", "plan_ids": "ids", "InitPlan": "init_plan", "plan_init": "init_plan",
          "Column": "loader", "Schema": "loader", "SchemaError": "loader", "Tab": "loader", "load_schema": "loader",
          "loads_schema": "loader", "Problem": "model", "Row": "model", "TabSnapshot": "model",
          "WorkbookSnapshot": "model", "write_problems": "problems", "parse_workbook": "reader",
          "read_workbook": "reader"}

__all__ = ["Column", "InitPlan", "Problem", "Row", "Schema", "SchemaError", "Tab", "TabSnapshot",
           "WorkbookSnapshot", "apply_ids", "load_schema", "loads_schema", "parse_workbook", "plan_ids",
           "plan_init", "read_workbook", "write_problems"]
assert sorted(__all__) == sorted(_HOMES)


def __getattr__(name: str):
    home = _HOMES.get(name)
    if home is None:        # a submodule (`from turfbook.schema import reader`) is then imported as usual
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value
