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

_SURROGATES = re.compile("[\ud800-\udfff]")


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
    text = _CONTROLS.sub("", text)
    if _SURROGATES.search(text):
        # Lone surrogates (file names that are not valid UTF-8, read with surrogateescape) cannot be
        # written to a terminal or a UTF-8 file: show them as the replacement character.
        text = _SURROGATES.sub("\ufffd", text)
    return text


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
    # UTF-8 with some bytes that are not (a Latin-1 quote pasted into a UTF-8 page, one
    # damaged byte) is read as UTF-8, and only the bad bytes as Windows-1252.
    valid = len(_UTF8_MULTIBYTE.findall(data))
    repaired = data.decode("utf-8", errors="replace")
    bad = repaired.count("\ufffd")
    if valid and (valid >= bad or bad * 200 < len(repaired)):
        text = data.decode("utf-8", errors=_CP1252_FALLBACK)
        problems.append("repaired: bytes that are not UTF-8 were read as Windows-1252")
        return text
    try:
        from charset_normalizer import from_bytes

        results = from_bytes(data[:200_000])
        best = results.best()
        candidates = {_norm(r.encoding) for r in results}
    except Exception:  # pragma: no cover - the detector is optional at run time
        best, candidates = None, set()
    encoding = best.encoding if best is not None else None
    # Western legacy text fits several Latin code pages equally well (cp1250 reads "ñ" as
    # "ń"); when Windows-1252 is among the plausible ones, it is the likelier by far.
    if encoding and candidates & _WESTERN:
        encoding = "cp1252"
    if encoding and _norm(encoding) not in ("utf_8", "ascii", "cp1252"):
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
        text = data.decode("cp1252", errors="replace")
        problems.append("repaired: bytes that are not text in cp1252 were replaced")
        return text


def _norm(encoding: str) -> str:
    return encoding.lower().replace("-", "_")


_WESTERN = {"cp1252", "windows_1252", "latin_1", "iso8859_1", "iso8859_15", "latin1"}
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_CP1252_FALLBACK = "tuireader-cp1252"


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    bad = exc.object[exc.start:exc.end]
    return bad.decode("cp1252", errors="replace"), exc.end


codecs.register_error(_CP1252_FALLBACK, _cp1252_fallback)


def _has_multibyte_utf8(data: bytes) -> bool:
    return re.search(rb"[\xc2-\xf4][\x80-\xbf]", data) is not None


# File signatures of common binary formats that a scraper's folder may hold under a text name.
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an office document)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", None),  # checked below: "BZh" also starts ordinary words
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x7fELF", "a program (ELF)"),
    (b"SQLite format 3\x00", "a SQLite database"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"RIFF", None),
    (b"OggS", "an Ogg media file"),
    (b"ID3", None),
    (b"\x00\x00\x00", None),  # MP4/MOV "ftyp" boxes, checked below
)
# Bytes that do not occur in text in any encoding this reader decodes (tab, newline, vertical tab,
# form feed, carriage return and ESC are allowed: escape sequences are cleaned, not refused).
_BINARY_BYTES = bytes(range(0x00, 0x09)) + bytes(range(0x0E, 0x1B)) + bytes(range(0x1C, 0x20)) + b"\x7f"
_SAMPLE = 8192


def binary_kind(data: bytes) -> str | None:
    """What a file looks like when it is not text ("a PNG image", "binary data"), else None.

    Text with a few stray control bytes or NULs is text (they are removed and the article says it
    was repaired); a file whose first 8 KB hold many bytes that text never has is not.  UTF-16/32
    with a byte-order mark is text.
    """
    if not data or data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    for magic, kind in _SIGNATURES:
        if data.startswith(magic):
            if kind is not None:
                return kind
            if magic == b"BZh" and data[3:4].isdigit() and data[4:10] == b"1AY&SY":
                return "a bzip2 archive"
            if magic == b"RIFF" and data[8:12] in (b"WAVE", b"AVI ", b"WEBP"):
                return "a media file (RIFF)"
            if magic == b"ID3" and len(data) > 10 and data[3] < 10:
                return "an MP3 audio file"
            if magic == b"\x00\x00\x00" and data[4:8] == b"ftyp":
                return "a video file (MP4/MOV)"
    sample = data[:_SAMPLE]
    bad = sum(sample.count(bytes((b,))) for b in _BINARY_BYTES)
    if bad > 8 and bad * 100 > len(sample) * 3:  # more than 3% of the first 8 KB
        return "binary data"
    return None
