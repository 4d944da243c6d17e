"""python -m turfbook_emulator [--port 8765] [--data DIR] [--quota-scale F] [--verbose]"""

from __future__ import annotations

import argparse
import os
import signal
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="emulator", description="Local Google Workspace emulator.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--data", default=".turfbook/emulator")
    parser.add_argument("--quota-scale", type=float,
                        default=float(os.environ.get("TURFBOOK_EMULATOR_QUOTA_SCALE", "1")))
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    return run(args.host, args.port, args.data, args.quota_scale, args.verbose)


def run(host: str, port: int, data: str, quota_scale: float, verbose: bool = False) -> int:
    from turfbook_emulator.server import Emulator

    if host not in ("127.0.0.1", "localhost", "::1"):
        print("emulator: refusing to listen beyond loopback", file=sys.stderr)
        return 2
    try:
        emulator = Emulator(data, host, port, quota_scale, verbose)
    except OSError as exc:
        print(f"emulator: cannot listen on {host}:{port}: {exc.strerror}", file=sys.stderr)
        return 2

    def stop(*_):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
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
