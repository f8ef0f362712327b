"""Driving the installed `tuireader` command in a real terminal (tmux)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path


def installed_command() -> str | None:
    """The `tuireader` console script of the Python running the tests."""
    candidate = Path(sys.executable).parent / "tuireader"
    if candidate.exists():
        return str(candidate)
    return shutil.which("tuireader")


class Terminal:
    """One tmux session running one command; send keys, read the screen."""

    def __init__(self, command: list[str], env: dict[str, str], width: int = 140, height: int = 40) -> None:
        self.name = f"tuireader-test-{uuid.uuid4().hex[:8]}"
        self.socket = f"tuireader-{uuid.uuid4().hex[:8]}"
        env_args = [f"{k}={v}" for k, v in env.items()]
        shell = " ".join(_quote(a) for a in ["env", "-i", *env_args, *command])
        self._tmux("new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height),
                   f"{shell}; echo EXITED-$?; sleep 60")
        self._tmux("resize-window", "-t", self.name, "-x", str(width), "-y", str(height))

    def _tmux(self, *args: str) -> str:
        result = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=30)
        return result.stdout

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", self.name)

    def press(self, *keys: str) -> None:
        for key in keys:
            self._tmux("send-keys", "-t", self.name, key)
            # a lone ESC followed at once by a key reads as alt+key: give it time
            time.sleep(0.4 if key == "Escape" else 0.05)

    def type(self, text: str) -> None:
        self._tmux("send-keys", "-t", self.name, "-l", text)

    def pipe_to(self, path: Path) -> None:
        """Copy every byte the program writes to the terminal into ``path``."""
        self._tmux("pipe-pane", "-t", self.name, "-o", f"cat >> {_quote(str(path))}")

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} did not appear on the screen:\n{screen}")

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)


def _quote(value: str) -> str:
    return "'" + value.replace("'", "'\\''") + "'"


def test_env(tmp_path: Path) -> dict[str, str]:
    return {
        "TUIREADER_CONFIG_DIR": os.environ["TUIREADER_CONFIG_DIR"],
        "TUIREADER_DATA_DIR": os.environ["TUIREADER_DATA_DIR"],
        "TUIREADER_CACHE_DIR": os.environ["TUIREADER_CACHE_DIR"],
        "TERM": "xterm-256color",
        "COLORTERM": "truecolor",
        "HOME": str(tmp_path),
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
    }
