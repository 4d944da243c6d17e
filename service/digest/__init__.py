"""The digest: pure aggregates over a workbook snapshot (plan), their rendering (HTML + text, en/es),
the sent-mail ledger, and the Wall chart tab. `turfbook.jobs.digest` wires them to the workspace.
"""
