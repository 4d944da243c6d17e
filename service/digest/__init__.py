"""The digest: pure aggregates over a workbook snapshot (plan), their rendering (HTML + text, en/es),
the sent-mail ledger, and the Wall chart tab. `service.jobs.digest` wires them to the workspace.
"""
