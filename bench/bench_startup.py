"""Start-up, key-press cost and memory of the real `tuireader` in a real terminal (a pty).

Measures, on a library whose index is already built:
  * start-up: from launching the process to the first frame that shows the article list and the
    first article (the status line "1 / N articles"), against the same measurement for a minimal
    Textual app (Header, one Static, Footer) run in this same script; the ratio is the figure;
  * CPU per key press: moving in the sidebar (j), scrolling the article (space), showing the next
    article (]), from the process's own CPU counters over many presses;
  * memory: the app's RSS once it has settled, and after the key presses.

usage: python bench/bench_startup.py --library DIR [--runs 5]
(build a big library first: python bench/make_library.py --n 100000 --dir DIR; tuireader index --library DIR)
"""

from __future__ import annotations

import argparse
import os
import pty
import re
import select
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ANSI = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78]")

BASELINE = """
from textual.app import App
from textual.widgets import Footer, Header, Static

class Minimal(App):
    def compose(self):
        yield Header()
        yield Static("BASELINE READY")
        yield Footer()

Minimal().run()
"""


class Pty:
    def __init__(self, argv: list[str], env: dict[str, str], cols: int = 140, rows: int = 40) -> None:
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # child
            os.execvpe(argv[0], argv, env)
        import fcntl
        import struct
        import termios

        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.buffer = b""

    def read_until(self, marker: bytes, timeout: float = 60.0) -> float:
        start = time.perf_counter()
        while time.perf_counter() - start < timeout:
            ready, _, _ = select.select([self.fd], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:
                    break
                self.buffer += chunk
                plain = ANSI.sub(b"", self.buffer[-200_000:])
                if marker in plain:
                    return time.perf_counter()
        raise TimeoutError(f"{marker!r} did not appear")

    def drain(self, seconds: float) -> None:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            ready, _, _ = select.select([self.fd], [], [], 0.05)
            if ready:
                try:
                    self.buffer += os.read(self.fd, 65536)
                except OSError:
                    return
        self.buffer = self.buffer[-200_000:]

    def send(self, data: bytes) -> None:
        os.write(self.fd, data)

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        return (int(fields[11]) + int(fields[12])) / ticks  # utime + stime

    def cpu_ns(self) -> int:
        """CPU time the process has used so far, in ns (schedstat: not rounded to clock ticks)."""
        try:
            return int(Path(f"/proc/{self.pid}/schedstat").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return 0

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def close(self) -> None:
        try:
            os.kill(self.pid, 9)
            os.waitpid(self.pid, 0)
        except OSError:
            pass
        os.close(self.fd)


def env_for(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(TERM="xterm-256color", COLORTERM="truecolor", LANG="C.UTF-8")
    env.pop("COLUMNS", None)
    env.pop("LINES", None)
    # as on a user's machine: modules load from their compiled bytecode (pip compiles an
    # installed package; an editable checkout compiles on first import, unless this is set)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def time_start(argv: list[str], marker: bytes, env: dict[str, str]) -> tuple[float, float, Pty]:
    """Wall seconds to the marker on screen, and the CPU seconds the process had used by then."""
    t0 = time.perf_counter()
    term = Pty(argv, env)
    t1 = term.read_until(marker)
    return t1 - t0, term.cpu_ns() / 1e9, term


def press_cost(term: Pty, key: bytes, presses: int, pause: float = 0.03) -> float:
    """CPU seconds per press, measured by the process's own counters."""
    term.drain(0.5)
    before = term.cpu_seconds()
    for _ in range(presses):
        term.send(key)
        term.drain(pause)
    term.drain(1.0)
    after = term.cpu_seconds()
    # subtract idle CPU over the same wall time
    idle_before = term.cpu_seconds()
    term.drain(presses * pause + 1.0)
    idle = term.cpu_seconds() - idle_before
    return max(0.0, (after - before) - idle) / presses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--library", required=True, type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--presses", type=int, default=60)
    parser.add_argument("--index", type=Path, default=None,
                        help="an index already built for the library (bench_search.py leaves one next to it)")
    args = parser.parse_args()

    import compileall

    import tuireader

    compileall.compile_dir(Path(tuireader.__file__).parent, quiet=1)
    tmp = Path(tempfile.mkdtemp(prefix="tuireader-bench-"))
    env = env_for(tmp)
    env["TUIREADER_DATA_DIR"] = str(tmp / "data")
    env["TUIREADER_CONFIG_DIR"] = str(tmp / "config")
    if args.index is not None:
        env["TUIREADER_INDEX"] = str(args.index)
    subprocess.run([sys.executable, "-m", "tuireader", "index", "--library", str(args.library)],
                   env=env, check=True, stdout=subprocess.DEVNULL)
    count = subprocess.run([sys.executable, "-c",
                            "import sys; from tuireader.library import Library; "
                            f"print(Library(__import__('pathlib').Path({str(args.library)!r})).count())"],
                           env=env, capture_output=True, text=True, check=True).stdout.strip()
    baseline_script = tmp / "minimal_app.py"
    baseline_script.write_text(BASELINE)
    marker = f"1 / {int(count):,} articles".encode()

    base_times, app_times, base_cpu, app_cpu = [], [], [], []
    for _ in range(args.runs):
        seconds, cpu, term = time_start([sys.executable, str(baseline_script)], b"BASELINE READY", env)
        base_times.append(seconds)
        base_cpu.append(cpu)
        term.close()
        seconds, cpu, term = time_start([sys.executable, "-m", "tuireader", "--library", str(args.library)], marker, env)
        app_times.append(seconds)
        app_cpu.append(cpu)
        term.close()
    base, app = statistics.median(base_times), statistics.median(app_times)
    print(f"library: {int(count):,} articles in {args.library}")
    print(f"start-up to first full frame, median of {args.runs}: minimal Textual app {base * 1000:.0f} ms, "
          f"tuireader {app * 1000:.0f} ms, ratio {app / base:.2f} (target <= 1.2)")
    base_c, app_c = statistics.median(base_cpu), statistics.median(app_cpu)
    print(f"  CPU used by then (steadier when the machine is busy): minimal app {base_c * 1000:.0f} ms, "
          f"tuireader {app_c * 1000:.0f} ms, ratio {app_c / base_c:.2f}")

    _, _, term = time_start([sys.executable, "-m", "tuireader", "--library", str(args.library)], marker, env)
    try:
        term.drain(1.5)
        print(f"memory after start-up: {term.rss_mb():.0f} MB RSS (target <= 150 MB)")
        move = press_cost(term, b"j", args.presses)
        print(f"sidebar move (j): {move * 1000:.1f} ms CPU per press (target <= 16 ms)")
        # presses further apart than a key repeat (app.QUICK_MOVES): each one shows its article
        nxt = press_cost(term, b"]", args.presses // 2, pause=0.15)
        print(f"next article (]): {nxt * 1000:.1f} ms CPU per press (target <= 30 ms)")
        term.send(b"\r")  # focus the article
        term.drain(0.3)
        scroll = press_cost(term, b" ", args.presses // 3)
        print(f"article page down (space): {scroll * 1000:.1f} ms CPU per press (target <= 16 ms)")
        print(f"memory after {args.presses * 2} presses: {term.rss_mb():.0f} MB RSS (target <= 150 MB)")
        # searching reads much of the index: the memory a reader's session really reaches
        queries = ["harbour", "port authority", "minist*", "council OR ferry", "grain -wheat",
                   "title:storm", "told reporters", "a*", "the", "after:2024-01-01 ferry"]
        for query in queries:
            term.send(b"/")
            term.drain(0.2)
            term.send(query.encode())
            term.drain(1.0)
            term.send(b"\r")
            term.drain(0.5)
            term.send(b"\x1b")
            term.drain(0.3)
            term.send(b"\x1b")
            term.drain(0.3)
        print(f"memory after {len(queries)} searches, each result opened: {term.rss_mb():.0f} MB RSS "
              f"(target <= 150 MB)")
    finally:
        term.close()


if __name__ == "__main__":
    main()
