"""The workbook's shape as code (sheets_schema/workbook.yaml) and the rows read from it."""
