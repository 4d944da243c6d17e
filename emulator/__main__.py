"""python -m turfbook_emulator [--port 8765] [--data DIR] [--quota-scale F] [--verbose]"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
import time


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="emulator", description="Local Google Workspace emulator.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--data", default=".turfbook/emulator")
    parser.add_argument("--quota-scale", type=float,
                        default=float(os.environ.get("TURFBOOK_EMULATOR_QUOTA_SCALE", "1")))
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--exit-with-parent", type=int, metavar="PID",
                        help="Stop when process PID ends (checked every second): a test runner's emulator "
                             "must not outlive a runner that was killed.")
    args = parser.parse_args(argv)
    # formula.py recurses ~13 frames a nesting level: formulas nested ~190 deep evaluate, not ~75 (CPython 3.11
    # runs Python-to-Python calls without C stack; deeper still is an #ERROR! value, never a failed read)
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 2500))
    return run(args.host, args.port, args.data, args.quota_scale, args.verbose, args.exit_with_parent)


def watch_parent(pid: int, interval: float = 1.0) -> None:
    """SIGTERM to this process (a clean stop) once `pid` has ended. When `pid` is the parent, being
    re-parented is the sign (a killed parent can linger as a zombie); else the PID no longer exists."""
    was_parent = os.getppid() == pid

    def gone() -> bool:
        if was_parent:
            return os.getppid() != pid
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
        return False

    def loop() -> None:
        while not gone():
            time.sleep(interval)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=loop, name="exit-with-parent", daemon=True).start()


def run(host: str, port: int, data: str, quota_scale: float, verbose: bool = False,
        exit_with_parent: int | None = None) -> int:
    from turfbook_emulator.datalock import DataFolderBusy
    from turfbook_emulator.server import Emulator

    if host not in ("127.0.0.1", "localhost", "::1"):
        print("emulator: refusing to listen beyond loopback", file=sys.stderr)
        return 2
    try:
        emulator = Emulator(data, host, port, quota_scale, verbose)
    except DataFolderBusy as exc:
        print(f"emulator: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"emulator: cannot listen on {host}:{port}: {exc.strerror}", file=sys.stderr)
        return 2

    def stop(*_):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    if exit_with_parent:
        watch_parent(exit_with_parent)
    print(f"Google Workspace emulator on {emulator.base_url}  (data: {data}, "
          f"credentials: {emulator.credentials_path}, quota scale {quota_scale})", flush=True)
    try:
        emulator.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        emulator.httpd.server_close()
        emulator.store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
