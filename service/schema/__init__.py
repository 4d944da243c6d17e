"""The workbook's shape as code (sheets_schema/workbook.yaml) and the rows read from it.

Public API (what jobs call):
  load_schema(path=None) -> Schema
  read_workbook(sheets, schema, tabs=None, settings_tz=..., today=None, locale=...) -> WorkbookSnapshot
  write_problems(sheets, job, problems, now, row_column=True) -> ProblemsResult
  plan_ids(snapshot, schema) -> IdPlan; apply_ids(sheets, schema, plan) -> int
  plan_init(schema, metadata, header_rows) -> InitPlan; run_init(workspace, schema, id, dry_run=...)
"""

from turfbook.schema.ids import apply_ids, plan_ids
from turfbook.schema.init_plan import InitPlan, plan_init
from turfbook.schema.loader import Column, Schema, SchemaError, Tab, load_schema, loads_schema
from turfbook.schema.model import Problem, Row, TabSnapshot, WorkbookSnapshot
from turfbook.schema.problems import write_problems
from turfbook.schema.reader import parse_workbook, read_workbook

__all__ = ["Column", "InitPlan", "Problem", "Row", "Schema", "SchemaError", "Tab", "TabSnapshot",
           "WorkbookSnapshot", "apply_ids", "load_schema", "loads_schema", "parse_workbook", "plan_ids",
           "plan_init", "read_workbook", "write_problems"]
