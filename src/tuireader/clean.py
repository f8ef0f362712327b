"""Turning untrusted bytes into text that is safe to show in a terminal.

All text from files (bodies, metadata, file names) passes through here once,
on the way into the store.  What comes out holds no escape sequences, no C0
controls except newline and tab, no DEL, no C1 controls and no bidi overrides
or isolates.
"""

from __future__ import annotations

import codecs
import re

# ESC-introduced sequences, removed whole:
#   CSI  ESC [ params intermediates final
#   OSC  ESC ] ... (BEL | ESC \)
#   DCS/SOS/PM/APC  ESC P|X|^|_ ... ESC \
#   two-character escapes  ESC <char>
# and their 8-bit forms (C1 CSI 0x9b, OSC 0x9d, DCS 0x90, ...).
_ESCAPES = re.compile(
    r"""
      \x1b\[[0-?]*[ -/]*[@-~]?            # CSI (7-bit)
    | \x9b[0-?]*[ -/]*[@-~]?              # CSI (8-bit)
    | (?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?   # OSC
    | (?:\x1b[PX^_]|[\x90\x98\x9e\x9f])[^\x1b\x9c]*(?:\x1b\\|\x9c)?  # DCS SOS PM APC
    | \x1b[ -/]*[0-~]?                    # other escapes (charset, keypad...)
    """,
    re.VERBOSE,
)

# C0 except \t and \n, DEL, C1, bidi embeddings/overrides/isolates, and the
# line/paragraph separators that some terminals treat as newlines.
_CONTROLS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff\ufff9-\ufffb]"
)


def clean_text(text: str) -> str:
    """Remove terminal control sequences and control characters.

    Carriage returns become newlines first (``\\r\\n`` and lone ``\\r``), so
    Windows and old Mac line ends read as lines.
    """
    if not text:
        return ""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x1b" in text or "\x9b" in text or "\x9d" in text or "\x90" in text or "\x98" in text or "\x9e" in text or "\x9f" in text:
        text = _ESCAPES.sub("", text)
    return _CONTROLS.sub("", text)


def clean_line(text: str) -> str:
    """Clean text that must stay on one line (titles, file names)."""
    return " ".join(clean_text(text).split())


def decode_bytes(data: bytes) -> tuple[str, list[str]]:
    """Decode file bytes to text; return the text and the problems met.

    UTF-8 (with or without BOM) and UTF-16/32 with a BOM are decoded as such;
    anything else goes to charset-normalizer, then to Windows-1252, and as a
    last resort to UTF-8 with replacement characters.  The text is cleaned.
    """
    problems: list[str] = []
    text: str | None = None
    if data.startswith(codecs.BOM_UTF8):
        try:
            text = data[3:].decode("utf-8")
        except UnicodeDecodeError:
            text = data[3:].decode("utf-8", errors="replace")
            problems.append("repaired: bytes that are not UTF-8 were replaced")
    elif data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        try:
            text = data.decode("utf-32")
        except UnicodeDecodeError:
            text = None
    if text is None and data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            text = data.decode("utf-16", errors="replace")
            problems.append("repaired: broken UTF-16 was replaced")
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _decode_legacy(data, problems)
    if "\x00" in text:
        problems.append("repaired: NUL bytes removed")
    return clean_text(text), problems


def _decode_legacy(data: bytes, problems: list[str]) -> str:
    # Mostly valid UTF-8 with a few bad bytes is better repaired than re-guessed.
    repaired = data.decode("utf-8", errors="replace")
    bad = repaired.count("\ufffd")
    if bad and bad * 200 < len(repaired) and _has_multibyte_utf8(data):
        problems.append("repaired: bytes that are not UTF-8 were replaced")
        return repaired
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:200_000]).best()
    except Exception:  # pragma: no cover - the detector is optional at run time
        best = None
    encoding = best.encoding if best is not None else None
    if encoding and encoding.lower().replace("-", "_") not in ("utf_8", "ascii"):
        try:
            text = data.decode(encoding)
            problems.append(f"decoded as {encoding}")
            return text
        except (UnicodeDecodeError, LookupError):
            pass
    try:
        text = data.decode("cp1252")
        problems.append("decoded as cp1252")
        return text
    except UnicodeDecodeError:
        problems.append("repaired: bytes that are not UTF-8 were replaced")
        return repaired


def _has_multibyte_utf8(data: bytes) -> bool:
    return re.search(rb"[\xc2-\xf4][\x80-\xbf]", data) is not None
