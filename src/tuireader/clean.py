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
#   OSC  ESC ] ... (BEL | ESC \ | ST)
#   DCS/SOS/PM/APC  ESC P|X|^|_ ... (ESC \ | ST | BEL)
#   two-character escapes  ESC <char>
# and their 8-bit forms (C1 CSI 0x9b, OSC 0x9d, DCS 0x90, ...).  A string sequence (OSC, DCS...)
# is removed only when it is complete: its terminator within _STRING_MAX characters and no newline
# before it.  Otherwise only its introducer goes (ESC ] as a two-character escape, a lone C1
# character as a control): a stray U+009D, common in double-encoded UTF-8, must not eat the rest
# of the file.  The 8-bit CSI needs its final byte.
_STRING_MAX = 512
_ESCAPES = re.compile(
    r"""
      \x1b\[[0-?]{0,64}[ -/]{0,16}[@-~]?     # CSI (7-bit)
    | \x9b[0-?]{0,64}[ -/]{0,16}[@-~]       # CSI (8-bit): complete only
    | (?:\x1b[]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c\n]{0,%d}(?:\x07|\x1b\\|\x9c)   # OSC DCS SOS PM APC
    | \x1b[ -/]{0,16}[0-~]?                 # other escapes (charset, keypad...), and a lone ESC ] or ESC P
    """ % _STRING_MAX,
    re.VERBOSE,
)

# C0 except \t and \n, DEL, C1, bidi embeddings/overrides/isolates, and the
# line/paragraph separators that some terminals treat as newlines.
_CONTROLS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff\ufff9-\ufffb]"
)
_C1 = re.compile("[\x80-\x9f]")

_SURROGATES = re.compile("[\ud800-\udfff]")

# Double-encoded UTF-8 ("mojibake"): UTF-8 bytes read as Latin-1 or Windows-1252 and saved again as
# UTF-8, so that the curly quote U+201C shows as "\u00e2\u0080\u009c" or "\u00e2\u20ac\u0153".  Each
# character stands for one byte; the bytes 0x80-0x9f appear either as C1 controls (Latin-1) or as
# the Windows-1252 characters for them.
_CP1252_HIGH = bytes(range(0x80, 0xA0)).decode("cp1252", errors="ignore")
_BYTE_OF = {ch: ch.encode("cp1252")[0] for ch in _CP1252_HIGH}
_CONT = "[\x80-\xbf" + _CP1252_HIGH + "]"
_MOJIBAKE = re.compile(f"[\xc2-\xdf]{_CONT}|[\xe0-\xef]{_CONT}{{2}}|[\xf0-\xf4]{_CONT}{{3}}")
_MOJIBAKE_START = re.compile(f"[\xc2-\xf4]{_CONT}")  # how every match starts; a much faster search


# typographic punctuation that follows a capital "\u00c3" in real text (quotes, dashes, ellipsis)
_REAL_AFTER_A_TILDE = frozenset("\u201c\u201d\u2018\u2019\u2013\u2014\u2026\u201e\u201a\u2039\u203a\u2022")


def _unmojibake(match: re.Match[str]) -> str:
    seq = match.group()
    # Two characters are repaired only when they cannot be real text: the second is a C1 control,
    # or the first is "\u00c2"/"\u00c3" (the lead bytes of Latin-1 letters and signs: "\u00c3\u00a9" is
    # "\u00e9").  "\u00df\u00ab" (German "Gru\u00df\u00ab") stays as it is.
    if len(seq) == 2 and seq[0] not in "\xc2\xc3" and not "\x80" <= seq[1] <= "\x9f":
        return seq
    if len(seq) == 2 and seq[0] == "\xc3" and seq[1] in _REAL_AFTER_A_TILDE:
        # "IRM\u00c3\u201d" is Portuguese in capitals before a closing quote ("IRM\u00c3"), far
        # likelier than a double-encoded "\u00d4": a capital letter then punctuation stays
        return seq
    try:
        return bytes(_BYTE_OF.get(ch, ord(ch)) for ch in seq).decode("utf-8")
    except UnicodeDecodeError:
        return seq


# Fast tests on the raw UTF-8 bytes (searching a decoded text that is not ASCII is several times
# slower): a Latin-1 lead character followed by a possible continuation, and a C1 control.
_MOJIBAKE_BYTES = re.compile(rb"\xc3[\x82-\xb4][\xc2\xc5\xc6\xcb\xe2]")
_C1_BYTES = re.compile(rb"\xc2[\x80-\x9f]")


def _strip_controls(text: str, want_stray: bool = False) -> tuple[str, bool]:
    """The text without escape sequences and controls, and (when asked) whether C1 controls were
    removed on their own, not as part of a complete sequence."""
    if ("\x1b" in text or "\x9b" in text or "\x9d" in text or "\x90" in text or "\x98" in text or "\x9e" in text
            or "\x9f" in text):
        text = _ESCAPES.sub("", text)
    stray = want_stray and not text.isascii() and _C1.search(text) is not None
    return _CONTROLS.sub("", text), stray


def _clean(text: str, *, mojibake: bool | None = None, want_stray: bool = False) -> tuple[str, bool, bool]:
    """The cleaned text; whether double-encoded UTF-8 was repaired in it; whether C1 controls that
    began no complete sequence were removed (only looked for when ``want_stray``).

    ``mojibake``: whether the text may hold double-encoded UTF-8 (None: look).
    """
    if not text:
        return "", False, False
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    repaired = False
    if mojibake is None:
        mojibake = not text.isascii() and _MOJIBAKE_START.search(text) is not None
    if mojibake:
        # before the controls go: the C1 characters in "\u00e2\u0080\u009d" are part of a quote mark
        fixed = _MOJIBAKE.sub(_unmojibake, text)
        repaired = fixed != text
        text = fixed
    before = len(text)
    text, stray = _strip_controls(text, want_stray)
    # Removing a control can join the pieces of a double-encoded character, and a repair can
    # reveal one more layer of it: repeat until nothing changes (each round shortens the text).
    while (repaired or len(text) != before) and not text.isascii() and _MOJIBAKE_START.search(text):
        fixed = _MOJIBAKE.sub(_unmojibake, text)
        if fixed == text:
            break
        repaired = True
        text = _strip_controls(fixed)[0]
    if _SURROGATES.search(text):
        # Lone surrogates (file names that are not valid UTF-8, read with surrogateescape) cannot be
        # written to a terminal or a UTF-8 file: show them as the replacement character.
        text = _SURROGATES.sub("\ufffd", text)
    return text, repaired, stray


def clean_text(text: str) -> str:
    """Remove terminal control sequences and control characters.

    Carriage returns become newlines first (``\\r\\n`` and lone ``\\r``), so
    Windows and old Mac line ends read as lines.  Double-encoded UTF-8 ("\u00e2\u0080\u0099" for
    "\u2019") is repaired.
    """
    return _clean(text)[0]


def clean_line(text: str) -> str:
    """Clean text that must stay on one line (titles, file names)."""
    return " ".join(clean_text(text).split())


def decode_bytes(data: bytes) -> tuple[str, list[str]]:
    """Decode file bytes to text; return the text and the problems met.

    UTF-8 (with or without BOM) and UTF-16/32 with a BOM are decoded as such, and
    so is UTF-16 without a BOM when it plainly is UTF-16 text; anything else goes
    to charset-normalizer, then to Windows-1252, and as a last resort to UTF-8
    with replacement characters.  The text is cleaned; double-encoded UTF-8 is
    repaired (and the problems say so).
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
        bomless = _utf16_without_bom(data)
        if bomless is not None:
            text = data.decode(bomless)
            problems.append(f"decoded as {bomless} (no byte-order mark)")
    utf8 = False
    if text is None:
        try:
            text = data.decode("utf-8")
            utf8 = True
        except UnicodeDecodeError:
            text = _decode_legacy(data, problems)
    if "\x00" in text:
        problems.append("repaired: NUL bytes removed")
    if utf8:  # the bytes say whether to look (cheaper than looking in the text)
        text, mojibake, stray_c1 = _clean(text, mojibake=_MOJIBAKE_BYTES.search(data) is not None,
                                          want_stray=_C1_BYTES.search(data) is not None)
    else:
        text, mojibake, stray_c1 = _clean(text, want_stray=True)
    if mojibake:
        problems.append("repaired: double-encoded UTF-8 (mojibake) was decoded")
    if stray_c1:
        problems.append("repaired: stray C1 control characters removed")
    return text, problems


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
    # One or two accented letters are too little for the detector ("C\xe1diz" comes out as Baltic
    # cp1257, "C\u012fdiz"): when every non-ASCII byte is, in Windows-1252, a Latin letter inside a
    # word of ASCII letters or common punctuation, the text is Western.
    if encoding and _norm(encoding) not in ("utf_8", "ascii", "cp1252") and _thin_western(data):
        encoding = "cp1252"
    # UTF-16/32 without a byte-order mark is taken only when it plainly is (see _utf16_without_bom,
    # tried before): the detector reads a few bytes of anything compressed as CJK in UTF-16.
    if encoding and _norm(encoding).startswith(("utf_16", "utf_32")):
        encoding = None
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


_THIN = 8  # at most this many non-ASCII bytes is "thin evidence"
# Windows-1252 bytes that read the same in the other Latin code pages: quotes, dashes, ellipsis,
# no-break space, guillemets, degree, middle dot, copyright, registered
_WESTERN_PUNCT = frozenset(b"\x85\x91\x92\x93\x94\x96\x97\xa0\xab\xbb\xb0\xb7\xa9\xae")


def _is_ascii_letter(byte: int) -> bool:
    return 0x41 <= byte <= 0x5A or 0x61 <= byte <= 0x7A


def _thin_western(data: bytes) -> bool:
    """Latin-script text with at most a few non-ASCII bytes, each a Western letter inside a word
    ("C\xe1diz") or common punctuation: the evidence for any other code page is too thin."""
    sample = data[:200_000]
    high = [i for i, byte in enumerate(sample) if byte >= 0x80][:_THIN + 1]
    if not high or len(high) > _THIN:
        return False
    for i in high:
        byte = sample[i]
        if byte in _WESTERN_PUNCT:
            continue
        if byte < 0xC0 or byte in (0xD7, 0xF7):  # not a letter in Latin-1 (the x and division signs)
            return False
        before = sample[i - 1] if i else 0
        after = sample[i + 1] if i + 1 < len(sample) else 0
        if not (_is_ascii_letter(before) or _is_ascii_letter(after)):
            return False
    return True


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
    if _utf16_without_bom(data) is not None:
        return None
    sample = data[:_SAMPLE]
    bad = sum(sample.count(bytes((b,))) for b in _BINARY_BYTES)
    if bad > 8 and bad * 100 > len(sample) * 3:  # more than 3% of the first 8 KB
        return "binary data"
    # A short file holds too few bytes for that count: a few bytes that text never has, in a file
    # that is not UTF-8 either, are enough (18 bytes of zlib data hold four of them; a very short
    # one needs only one, not counting the Ctrl-Z that ends old DOS files).
    if len(data) < 1024 and bad and not _is_utf8(data):
        if len(data) < 256:
            bad -= data.endswith(b"\x1a")
        if bad >= 2 and bad * 100 > len(sample) * 3 or len(data) < 256 and bad >= 1:
            return "binary data"
    return None


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# Characters that make up text in UTF-16: Latin, Greek, Cyrillic, Hebrew, Arabic, Indic and Thai
# letters, general punctuation, CJK punctuation, kana, ideographs, Hangul and full-width forms.
_TEXT_CHARS = re.compile("[\t\n\r -~\xa0-\u024f\u0370-\u052f\u0590-\u06ff\u0900-\u0e7f\u2000-\u206f"
                         "\u3000-\u30ff\u4e00-\u9fff\uac00-\ud7a3\uff00-\uffef]")
_SPACES = re.compile("[\n \u3000-\u3002\uff0c]")


def _utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" when ``data`` is plainly UTF-16 text without a byte-order mark.

    The evidence: every other byte is NUL in most characters and never in the others (Latin
    text), or, for other scripts, at least 16 characters nearly all of which are letters, digits
    or punctuation of the common scripts, with spaces or line ends among them.  Compressed or
    random bytes have neither.  Text without any NUL byte is never taken for UTF-16 (that keeps
    this cheap for ordinary files).
    """
    if len(data) < 8 or len(data) % 2 or data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    sample = data[:_SAMPLE]
    if b"\x00" not in sample:  # a space, a line end or a Latin letter holds a NUL byte in UTF-16
        return None
    even, odd = sample[0::2], sample[1::2]
    n = len(even)
    for codec, high, low in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if high.count(0) * 10 >= n * 6 and low.count(0) * 20 <= n:
            latin = True
        elif n >= 16 and low.count(0) * 20 <= n:
            latin = False
        else:
            continue
        try:
            text = sample.decode(codec)
        except UnicodeDecodeError:
            continue
        good = len(_TEXT_CHARS.findall(text))
        if good * 100 >= len(text) * (90 if latin else 95) and (latin or _SPACES.search(text)):
            return codec
    return None
