"""`turfbook check`: the workbook schema loads cleanly."""

from __future__ import annotations

from turfbook.checks import check
from turfbook.config import Config
from turfbook.schema.loader import SchemaError, load_schema


@check("schema")
def schema_check(config: Config) -> list[str]:
    try:
        load_schema(config.schema_dir / "workbook.yaml")
    except SchemaError as exc:
        return [str(exc)]
    return []
