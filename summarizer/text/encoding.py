"""Bytes to text: UTF-8 first, then BOMs/UTF-16, then UTF-8 with passages in another encoding (each
decoded in its own) or damaged bytes, then the legacy Arabic encodings; binary is refused.

charset-normalizer is imported only when the bytes are not UTF-8. Its guess is constrained to the
encodings Arabic text is found in and then checked (mostly Arabic letters, no control bytes),
because on short or mixed inputs an unconstrained guess is often a wrong code page.
"""
from __future__ import annotations

import bisect
import codecs
import re
from dataclasses import dataclass

from ..errors import InputError
from .lexicon import BLOCKS_AND_FORMS, LETTERS
from .normalize import MAX_CONTROL_SHARE, control_share, looks_like_html

# Legacy encodings of Arabic text, most common first: Windows, ISO, DOS.
ARABIC_ENCODINGS = ("cp1256", "iso8859_6", "cp720")
ENCODING_NAMES = {"cp1256": "windows-1256", "iso8859_6": "ISO-8859-6", "cp720": "DOS-720 (cp720)",
                  "utf_16": "UTF-16", "utf_16_le": "UTF-16LE", "utf_16_be": "UTF-16BE",
                  "utf_32": "UTF-32", "utf_8": "UTF-8", "cp1252": "windows-1252"}

# Files users upload by mistake; named so the message says what to do instead.
_MAGIC = (
    (b"%PDF-", "a PDF document: copy its text out or save it as .txt"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a zip archive or an Office document (.docx/.xlsx): save the article as .txt"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document (.doc/.xls): save the article as .txt"),
    (b"{\\rtf", "an RTF document: save the article as plain .txt"),
    (b"\x1f\x8b", "a gzip archive"), (b"7z\xbc\xaf\x27\x1c", "a 7z archive"), (b"Rar!", "a RAR archive"),
    (b"\x7fELF", "a program"), (b"MZ", "a Windows program"), (b"ID3", "an MP3 file"),
)
_BOMS = ((codecs.BOM_UTF32_LE, "utf_32"), (codecs.BOM_UTF32_BE, "utf_32"), (codecs.BOM_UTF8, "utf_8_sig"),
         (codecs.BOM_UTF16_LE, "utf_16"), (codecs.BOM_UTF16_BE, "utf_16"))
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.I)
_TAG = re.compile(r"<[^<>]{0,2000}>")
_ARABIC = re.compile(f"[{BLOCKS_AND_FORMS}]")
_ESCAPED = re.compile("[\udc80-\udcff]")
_CP1252_AS_LATIN1 = {ord(bytes([b]).decode("cp1252")): chr(b) for b in range(0x80, 0xa0)
                     if b not in (0x81, 0x8d, 0x8f, 0x90, 0x9d)}
_SAMPLE = 1 << 20  # bytes looked at to choose an encoding
# A guessed encoding must make most letters Arabic: only Arabic is briefed, so a text that is
# mostly Latin is better refused as "not UTF-8" than decoded into a doubtful code page.
MIN_LEGACY_ARABIC = 0.5


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # Python codec name
    note: str | None = None  # for the brief's notes; None for plain UTF-8


def encoding_name(codec: str) -> str:
    return ENCODING_NAMES.get(codecs.lookup(codec).name.replace("-", "_"), codec)


def _without_scripts(markup: str) -> str:
    """The markup without <script> and <style> bodies (found with str.find: linear on any input)."""
    lower, parts, pos = markup.lower(), [], 0
    while True:
        starts = [i for i in (lower.find("<script", pos), lower.find("<style", pos)) if i >= 0]
        if not starts:
            return "".join(parts) + markup[pos:]
        start = min(starts)
        tag = "</script" if lower.startswith("<script", start) else "</style"
        end = lower.find(tag, start)
        parts.append(markup[pos:start])
        if end < 0:
            return "".join(parts)
        pos = end + len(tag)


def arabic_plausibility(text: str) -> float:
    """The share of the letters that are Arabic (of the non-ASCII letters in a page, whose markup
    and scripts are ASCII); 0 when the text cannot be Arabic prose.

    A wrong Arabic code page turns letters into Latin accented letters or symbols (so fewer than
    90% of the non-ASCII letters are Arabic), and binary data decodes to control characters,
    text without spaces, or mostly symbols.
    """
    markup = looks_like_html(text[:50000])
    sample = _TAG.sub(" ", _without_scripts(text[:_SAMPLE]))[:50000] if markup else text[:50000]
    if not sample.strip() or control_share(sample) > 0.01:
        return 0.0
    non_space = [ch for ch in sample if not ch.isspace()]
    if len(sample) >= 40 and len(non_space) > 0.95 * len(sample):
        return 0.0  # no word breaks
    letters = [ch for ch in non_space if ch.isalpha()]
    if not markup and len(letters) < 0.5 * len(non_space):
        return 0.0
    arabic = sum(1 for ch in letters if _ARABIC.match(ch))
    non_ascii = sum(1 for ch in letters if ord(ch) > 127)
    if not arabic or arabic < 0.9 * non_ascii:
        return 0.0
    return arabic / (non_ascii if markup else len(letters))


def _binary_kind(data: bytes) -> str | None:
    head = data[:16]
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if head[4:8] == b"ftyp":
        return "a video or audio file"
    if head.startswith(b"RIFF") and head[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return "an image, audio or video file"
    return None


def _looks_binary(sample: bytes) -> bool:
    """Control bytes (other than whitespace) or no whitespace at all: no text encoding makes that prose."""
    controls = sum(1 for b in sample if b < 32 and b not in b"\t\n\r\f" or b == 127)
    spaces = sum(1 for b in sample if b in b" \t\n\r")
    return controls > 0.01 * len(sample) or (len(sample) >= 64 and spaces < 0.02 * len(sample))


def _try(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _mostly_utf8(data: bytes) -> tuple[str, int] | None:
    """UTF-8 with a few damaged bytes (a cut-off last character, one stray byte): the text and the count."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    multibyte = sum(1 for ch in text if ord(ch) > 127) - text.count("\ufffd")
    return (text, bad) if bad <= multibyte // 100 else None


# In UTF-8 decoded with surrogateescape, a run of undecodable bytes (with the ASCII between them,
# the same in every encoding here) is a passage in another encoding, or a damaged character.
_ESCAPED_RUN = re.compile("[\udc80-\udcff](?:[\x00-\x7f]*[\udc80-\udcff])*")
_CUT_CHARACTER = re.compile(b"^[\xc2-\xf4][\x80-\xbf]{0,2}$")  # a UTF-8 character cut short
_UTF8_ARABIC_WORD = re.compile(f"[{LETTERS}]{{2,}}")
MIN_UTF8_ARABIC_WORDS = 5  # real UTF-8 Arabic, not a few byte pairs of a legacy file that happen to be valid
MIN_CONFIDENT_COHERENCE = 0.2  # charset-normalizer's language coherence for a guess outside Arabic
MAX_CONFIDENT_CHAOS = 0.1
TIE_COHERENCE = 0.05
MIN_PASSAGE_LINE_SHARE = 0.8  # of a line's non-ASCII characters, undecodable: the whole line is the passage
_COMMON_LEGACY = ("cp1252", "iso8859_1", "iso8859_15", "cp1250", "cp1251")


def _passage_codec(data: bytes) -> str | None:
    """The encoding of the non-UTF-8 passages of a mixed file: an Arabic legacy encoding when it reads
    as Arabic, else charset-normalizer's guess when it is confident; None when unsure."""
    legacy = _legacy(data)
    if legacy:
        return legacy[1]
    try:
        from charset_normalizer import from_bytes
    except ImportError:
        return None
    matches = list(from_bytes(data))
    if not matches or matches[0].chaos > MAX_CONFIDENT_CHAOS or matches[0].coherence < MIN_CONFIDENT_COHERENCE:
        return None
    # Code pages that read these bytes (nearly) equally well tie; the commonest of them wins.
    top = matches[0]
    tied = [m.encoding for m in matches if m.chaos <= top.chaos and m.coherence >= top.coherence - TIE_COHERENCE]
    codec = next((c for c in _COMMON_LEGACY if c in tied), tied[0])
    return None if codec.startswith("utf") else codec


def _high_bytes(run: str) -> int:
    return sum(1 for ch in run if ch >= "\udc80")


def _is_passage(run: str) -> bool:
    """Two or more undecodable bytes that are not one UTF-8 character cut short; a single one is damage."""
    return _high_bytes(run) > 1 and not _CUT_CHARACTER.match(run.encode("utf-8", errors="surrogateescape"))


def _damaged_note(count: int) -> str:
    return f"the input was UTF-8 with {count} damaged byte(s), shown as \ufffd"


def _mixed_utf8(data: bytes) -> Decoded | None:
    """UTF-8 text with passages in another encoding (files pasted together) or damaged bytes: the UTF-8
    text kept, each passage decoded in its own encoding when it is known, else shown as U+FFFD.
    None when the valid UTF-8 holds no real Arabic text (then the file is in a legacy encoding)."""
    text = data.decode("utf-8", errors="surrogateescape")
    if len(_UTF8_ARABIC_WORD.findall(_ESCAPED_RUN.sub(" ", text))) < MIN_UTF8_ARABIC_WORDS:
        return None
    passages = [m for m in _ESCAPED_RUN.finditer(text) if _is_passage(m.group(0))]
    codec = None
    if passages:
        # The lines that hold the passages, without their UTF-8 letters, tell the encoding best.
        breaks = [m.start() for m in re.finditer("\n", text)]  # found once: a search per passage was quadratic
        lines = set()
        for m in passages:
            before, after = bisect.bisect_left(breaks, m.start()), bisect.bisect_left(breaks, m.end())
            lines.add((breaks[before - 1] + 1 if before else 0, breaks[after] if after < len(breaks) else len(text)))
        sample = "\n".join(text[a:b] for a, b in sorted(lines))
        sample = "".join(ch for ch in sample if ch < "\x80" or ch >= "\udc80")
        codec = _passage_codec(sample.encode("utf-8", errors="surrogateescape"))
    damaged = foreign = 0

    def decode_run(match: re.Match) -> str:
        nonlocal damaged, foreign
        run = match.group(0)
        if codec and _is_passage(run):
            foreign += _high_bytes(run)
            return run.encode("utf-8", errors="surrogateescape").decode(codec, errors="replace")
        damaged += _high_bytes(run)
        return re.sub("[\udc80-\udcff]", "\ufffd", run)

    def decode_line(line: str) -> str:
        nonlocal foreign
        escaped = _high_bytes(line)
        if not escaped:
            return line
        # A line (nearly) all in the other encoding is decoded whole: a few of its byte pairs may
        # happen to be valid UTF-8 ("ت،" in windows-1256 reads as "ʡ").
        if codec and escaped >= MIN_PASSAGE_LINE_SHARE * sum(1 for ch in line if ch >= "\x80") and escaped > 1:
            foreign += len(line.encode("utf-8", errors="surrogateescape").translate(None, bytes(range(128))))
            return line.encode("utf-8", errors="surrogateescape").decode(codec, errors="replace")
        return _ESCAPED_RUN.sub(decode_run, line)

    text = "\n".join(decode_line(line) for line in text.split("\n"))
    if foreign:
        note = (f"the input mixed encodings: UTF-8 text with {foreign} byte(s) of {encoding_name(codec)} text, "
                f"decoded as such" + (f"; {damaged} damaged byte(s) are shown as \ufffd" if damaged else ""))
    elif passages:
        note = (f"the input mixed encodings: UTF-8 text with {damaged} byte(s) in an encoding that could not "
                f"be told, shown as \ufffd")
    else:
        note = _damaged_note(damaged)
    return Decoded(text, "utf_8", note)


def _declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:8192])
    if not match:
        return None
    try:
        return codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None


def _candidates(sample: bytes) -> list[str]:
    """Arabic legacy encodings in the order charset-normalizer ranks them, then the rest."""
    ranked: list[str] = []
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # optional: the checks below decide alone
        pass
    else:
        ranked = [m.encoding for m in from_bytes(sample, cp_isolation=list(ARABIC_ENCODINGS))]
    return list(dict.fromkeys([*ranked, *ARABIC_ENCODINGS]))


def _legacy(data: bytes) -> tuple[str, str] | None:
    """(text, codec) for the plausible Arabic legacy encoding, or None."""
    declared = _declared_charset(data)
    order = [declared] if declared and declared not in ("utf-8", "utf-16", "utf-32") else []
    order += [c for c in _candidates(data[:_SAMPLE]) if c not in order]
    best, best_score = None, MIN_LEGACY_ARABIC
    for codec in order:
        text = _try(data, codec)
        score = arabic_plausibility(text) if text is not None else 0.0
        if score > best_score + 1e-9:
            best, best_score = (text, codec), score
    return best


def decode(data: bytes, what: str = "input") -> Decoded:
    """Text of `data`, or InputError naming why it is not text."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = _try(data, codec)
            if text is None:
                raise InputError(f"{what} starts with a {encoding_name(codec)} byte-order mark but is not valid "
                                 f"{encoding_name(codec)} text")
            note = None if codec == "utf_8_sig" else f"the input was {encoding_name(codec)} text"
            return Decoded(text, codec, note)
    nul = b"\x00" in data[:4096]
    text = _try(data, "utf-8")
    if text is not None and (not nul or control_share(text) <= MAX_CONTROL_SHARE):  # a stray NUL is removed later
        return Decoded(text, "utf_8")
    kind = _binary_kind(data)  # only now: a text may well start with "MZ" or "GIF8"
    if kind:
        raise InputError(f"{what} looks like binary data ({kind}), not text")
    if nul:
        for codec in ("utf_16_le", "utf_16_be"):  # UTF-16 without a byte-order mark
            text = _try(data, codec) if len(data) % 2 == 0 else None
            if text is not None and arabic_plausibility(text) > MIN_LEGACY_ARABIC:
                return Decoded(text, codec, f"the input was {encoding_name(codec)} text (no byte-order mark)")
        raise InputError(f"{what} looks like binary data (NUL bytes), not text (UTF-16 text other than "
                         f"Arabic needs a byte-order mark)")
    mixed = _mixed_utf8(data)  # before the legacy guess: UTF-8 read as cp1256 looks Arabic too
    if mixed:
        return mixed
    damaged = _mostly_utf8(data)
    if damaged:
        text, bad = damaged
        return Decoded(text, "utf_8", _damaged_note(bad))
    legacy = _legacy(data)
    if legacy:
        text, codec = legacy
        return Decoded(text, codec, f"the input was not UTF-8: decoded as {encoding_name(codec)} "
                                    f"(legacy Arabic encoding)")
    if _looks_binary(data[:20000]):
        raise InputError(f"{what} looks like binary data (control bytes, no word breaks), not text")
    raise InputError(f"{what} is not UTF-8 text, nor Arabic in windows-1256 or ISO-8859-6: "
                     f"save it as UTF-8 and try again")


def _single_byte(text: str, codec: str) -> bytes | None:
    """The bytes `text` came from if it was read in `codec`; for windows-1252, bytes it leaves
    undefined are taken as latin-1 (the C1 controls browsers and editors show)."""
    try:
        if codec == "cp1252":
            return text.translate(_CP1252_AS_LATIN1).encode("latin-1")
        return text.encode(codec)
    except UnicodeEncodeError:
        return None


def repair_mojibake(text: str, notes: list[str] | None = None) -> str:
    """UTF-8 Arabic that was once read in a single-byte code page ("ط§ظ„" or "Ø§Ù„" for "ال") back
    to Arabic; any other text unchanged. Real Arabic re-encoded that way is never valid UTF-8."""
    if text.isascii():
        return text
    for codec in ("cp1256", "cp1252"):
        data = _single_byte(text, codec)
        fixed = _try(data, "utf-8") if data is not None else None
        if fixed is not None and arabic_plausibility(fixed) > max(MIN_LEGACY_ARABIC, arabic_plausibility(text)):
            if notes is not None:
                sample = "".join(ch for ch in text.strip()[:8] if ch.isprintable())
                notes.append(f"the text was UTF-8 misread as {encoding_name(codec)} (mojibake such as "
                             f"'{sample}'); it was repaired")
            return fixed
    return text


def undecoded_bytes(text: str) -> bytes | None:
    """The original bytes of a text read with errors='surrogateescape' (as the CSV reader does)
    when some were not UTF-8, so they are decoded and noted like a file's; else None."""
    if not _ESCAPED.search(text):
        return None
    try:
        return text.encode("utf-8", errors="surrogateescape")
    except UnicodeEncodeError:  # other lone surrogates: not escaped bytes
        return None
