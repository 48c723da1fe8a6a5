"""Ids: the one rule for what an id is, how a file is named, and what a repeated id becomes.

An id is kept exactly as given, or refused with the reason (`check_id`); a record whose id was
used before becomes the error record `duplicate id 'a' (first at line 1)` (`unique_ids`), and its
`occurrence` lets a resumed run skip exactly what was written.
"""
from __future__ import annotations

import json
import unicodedata
from pathlib import PurePosixPath
from typing import Iterable, Iterator

from ...errors import InputError
from ...record import Record
from ...text.encoding import decode, undecoded_bytes


def file_ids(names: list[str]) -> dict[str, str]:
    """A file's id is its path without the extension (news/a.txt: news/a), or with it where two files
    would share one (a.txt and a.html keep theirs), so that no two files get the same id."""
    stems = [str(PurePosixPath(n).with_suffix("")) for n in names]
    return {n: stem if stems.count(stem) == 1 else n for n, stem in zip(names, stems)}



_ID_PROBLEMS = {"Cc": "a control character", "Cs": "a lone surrogate, which is not text",
                "Cf": "an invisible formatting character", "Zl": "a line separator", "Zp": "a paragraph separator"}



def check_id(value) -> tuple[str, str | None]:
    """(the id as text, exactly as given; '' for none or a blank one), or the reason it is refused.

    An id is never changed: a control, invisible or bidi character, or a lone surrogate, would have to be
    dropped or replaced to be shown or written, and two distinct ids could then collide; so such an id
    is refused, naming the character."""
    if value is None:
        return "", None
    if isinstance(value, (dict, list, bool)):
        return "", f"field 'id' must be a string or a number, got {type(value).__name__}"
    text = _readable(str(value))
    if not text.strip():
        return "", None
    if not text.isprintable():  # the fast path above; a space other than U+0020 is fine
        for char in text:
            what = _ID_PROBLEMS.get(unicodedata.category(char))
            if what:
                shown = json.dumps(text[:80])
                return "", (f"id {shown} holds {what} (U+{ord(char):04X}): ids are kept exactly as given, so "
                            "remove it and run again")
    return text, None



def clean_id(value) -> str:
    """The id as text, or '' where there is none or it would be refused (see `check_id`)."""
    record_id, problem = check_id(value)
    return "" if problem else record_id



def _readable(record_id: str) -> str:
    """An id read from a legacy-encoded CSV cell keeps its bytes escaped (surrogateescape): decode them.
    Where they are not text in any encoding they stay escaped, and `check_id` refuses them."""
    raw = undecoded_bytes(record_id)
    if raw is None:
        return record_id
    try:
        return decode(raw, "id").text
    except InputError:
        return record_id



def unique_ids(records: Iterable[Record], seen: dict | None = None) -> Iterator[Record]:
    """Each explicit id once: a later record that repeats one becomes an error record naming the first.

    A made-up id (line-N, row-N) never makes a record an error: when its name is taken it becomes
    line-N-2 and so on. `seen` (id -> (where first, count, explicit)) may carry earlier inputs' ids.
    """
    seen = {} if seen is None else seen
    for record in records:
        first = seen.get(record.id)
        if first is not None and not record.explicit:
            n = 2
            while f"{record.id}-{n}" in seen:
                n += 1
            record.id, first = f"{record.id}-{n}", None
        if first is None:
            seen[record.id] = (record.where, 1, record.explicit)
            yield record
            continue
        where, count, explicit = first
        seen[record.id] = (where, count + 1, explicit)
        record.occurrence = count + 1
        if not explicit:  # a made-up id took this name first: the named record is kept too
            yield record
            continue
        yield Record(record.id, where=record.where, occurrence=count + 1,
                     error=f"duplicate id '{record.id}' (first at {where or 'an earlier record'})")

