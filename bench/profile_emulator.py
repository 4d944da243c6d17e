"""Profile of the emulator's values.get / values.update of 100,000 x 20 (kept in bench/profiles/; not part
of `make bench`): the handler's own work and the JSON encoding of the answer, in this process.

    .venv/bin/python -m bench.profile_emulator
"""

from __future__ import annotations

import cProfile
import gc
import sys
import tempfile
import time
from pathlib import Path

from bench.bench_emulator_sheets import COLS, ROWS, _row
from bench.profile_read import _save


def main() -> int:
    from turfbook_emulator import jsonwire
    from turfbook_emulator.server import Emulator
    from turfbook_emulator.sheets import book_or_404, values
    from turfbook_emulator.sheets.model import Book  # noqa: F401 - the store's classes, for unpickling

    with tempfile.TemporaryDirectory(prefix="turfbook-profile-") as tmp:
        emulator = Emulator(Path(tmp), port=0, quota_scale=0)
        from turfbook.config import Config
        from turfbook.workspace import transport

        emulator.start()
        from tests.support.emulator import DEMO_USER

        config = Config(google={"endpoint": emulator.base_url, "credentials_file": emulator.credentials_path,
                                "delegated_user": DEMO_USER}, data_dir=Path(tmp))
        sheets = transport.api_client(config, "sheets", "v4")
        sid = sheets.spreadsheets().create(body={"sheets": [{"properties": {
            "title": "People", "gridProperties": {"rowCount": ROWS, "columnCount": COLS}}}]}).execute()["spreadsheetId"]
        body = {"values": [_row(i) for i in range(ROWS)]}
        book = book_or_404(emulator.store, sid)
        sheet, span = values.resolve(book, "People!A1")
        def read():      # as the server reads for values.get: the rows as ready-made JSON when they can be
            return values.read(*values.resolve(book, "People"), "UNFORMATTED_VALUE", wire=True)

        for label, work in (("write", lambda: values.write(book, sheet, span, body["values"], "RAW")),
                            ("read", read), ("dumps", lambda: jsonwire.dumps(read()))):
            gc.collect()
            start = time.perf_counter()
            work()
            print(f"{label}: {time.perf_counter() - start:.3f} s")
            gc.collect()
            start = time.perf_counter()
            prof = cProfile.Profile()
            prof.enable()
            work()
            prof.disable()
            print(f"{label}: {time.perf_counter() - start:.3f} s (profiled)")
            _save(f"emulator_{label}", prof, top=20)
        emulator.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
