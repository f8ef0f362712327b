"""An article must never drive the terminal: read the bytes the app really writes (tmux pipe-pane)."""

from __future__ import annotations

import shutil
import time

import pytest

from terminal import Terminal, installed_command, test_env as terminal_env

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
    pytest.mark.skipif(installed_command() is None, reason="the tuireader command is not installed"),
]

PAYLOADS = {
    "window title": "\x1b]0;PWNED-TITLE\x07",
    "clipboard write (OSC 52)": "\x1b]52;c;UFdORUQtQ0xJUA==\x07",
    "hyperlink (OSC 8)": "\x1b]8;;http://pwned.example/\x1b\\click\x1b]8;;\x1b\\",
    "device control string": "\x1bP+qPWNED-DCS\x1b\\",
    "colour (CSI)": "\x1b[31mREDTEXT\x1b[0m",
    "clear screen": "\x1b[2J\x1b[H",
    "8-bit CSI": "\x9b31m",
    "8-bit OSC": "\x9d0;PWNED-C1\x9c",
    "bidi override": "\u202eDESREVER\u202c",
    "NUL and BEL": "\x00\x07",
}


def test_escape_sequences_in_an_article_never_reach_the_terminal(tmp_path):
    library = tmp_path / "lib"
    library.mkdir()
    hostile = " ".join(PAYLOADS.values())
    (library / "hostile.txt").write_text(
        f"Harbour Notes\nA headline with {hostile} inside\nBy Ana Ortiz – Mar 3, 2024\n"
        f"The first paragraph carries {hostile} in the middle of ordinary words about Lima.\n"
        f"A second paragraph [@click=app.quit]click[/] and {PAYLOADS['colour (CSI)']} again.\n",
        encoding="utf-8",
    )
    (library / "name \x1b]0;PWNED-NAME\x07.txt").write_text("Calm Title\nBy Ben Roe – Mar 4, 2024\nNothing to see.\n")
    output = tmp_path / "terminal-output.bin"
    term = Terminal([installed_command(), "--library", str(library)], terminal_env(tmp_path))
    try:
        term.pipe_to(output)
        term.wait_for("Calm Title")
        term.press("j")
        term.wait_for("REDTEXT")  # the article is on screen
        term.press("r")  # raw view: the file's text as it is, cleaned
        term.wait_for("Raw text")
        term.press("r", "j", "Enter", "j", "r")
        time.sleep(1.0)
        screen = term.screen()
        term.press("q")
        term.wait_for("EXITED-0")
    finally:
        term.close()
    data = output.read_bytes()
    assert b"REDTEXT" in data, "the hostile article was shown"
    text = data.decode("utf-8", errors="replace")
    for marker in ("PWNED-TITLE", "UFdORUQtQ0xJUA", "pwned.example", "PWNED-DCS", "PWNED-C1", "PWNED-NAME"):
        assert marker not in text, f"{marker} reached the terminal"
    assert "\x1b[31m" not in text
    assert "\x1b[2J\x1b[H" not in text
    assert "\x9b" not in text and "\x9d" not in text
    assert "\u202e" not in text and "\x00" not in text
    assert "[@click=app.quit]" in screen or "[@click=app.quit]" in text
