"""`python -m bench.cli_rss ARGS`: the turfbook CLI, then this process's peak RSS (VmHWM) on stderr's last
line. VmHWM belongs to the program's own memory (reset by exec); getrusage's ru_maxrss is not: it keeps
the forking parent's size, so a big benchmark process would show up in every job it starts."""

from __future__ import annotations

import sys

from turfbook.cli import main


def peak_rss_kb() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


if __name__ == "__main__":
    code = main()               # as the `turfbook` program runs it (sys.argv)
    sys.stderr.write(f"\npeak_rss_kb={peak_rss_kb()}\n")
    sys.exit(code)
