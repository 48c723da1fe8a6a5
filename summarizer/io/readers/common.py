"""What every record format shares: a record from a JSON object or a CSV row (keys matched one way),
and the stream that validates eagerly and closes its file when done."""
from __future__ import annotations

from typing import Callable, Iterator

from ...record import Record
from .ids import check_id

KNOWN_COLUMNS = ("id", "text", "url", "title", "summary")



def record_from_object(obj, fallback_id: str, where: str = "") -> Record:
    """A record from a JSON object or CSV row. Keys are matched as CSV headers are (case and surrounding
    spaces ignored; one given twice is refused). Ids are text (a number id 1 is the id "1"), kept exactly
    as given, or refused with the reason (see `check_id`)."""
    if not isinstance(obj, dict):
        return Record(fallback_id, error=f"expected a JSON object, got {type(obj).__name__}", where=where,
                      explicit=False)
    fields, problem = known_fields(obj)
    if problem:
        return Record(fallback_id, error=problem, where=where, explicit=False)
    record_id, problem = check_id(fields.get("id"))
    if problem:
        return Record(fallback_id, error=problem, where=where, explicit=False)
    explicit = bool(record_id)
    record_id = record_id or fallback_id
    text = fields.get("text")
    url = fields.get("url")
    if not text and isinstance(url, str) and url.strip():  # fetched by summarizer.web
        return Record(record_id, title=fields.get("title"), where=where, explicit=explicit, url=url.strip())
    if text is None:
        return Record(record_id, error="missing field 'text'", where=where, explicit=explicit)
    if not isinstance(text, (str, bytes)):
        return Record(record_id, error=f"field 'text' must be a string, got {type(text).__name__}", where=where,
                      explicit=explicit)
    return Record(record_id, text=text, title=fields.get("title"), summary=fields.get("summary"), where=where,
                  explicit=explicit)



def known_fields(obj: dict) -> tuple[dict, str | None]:
    """{column: value} for the KNOWN_COLUMNS among the object's keys, matched with case and surrounding
    spaces ignored; or a problem, when one is given twice ('text' and 'TEXT', or 'text' twice)."""
    given = getattr(obj, "keys_given", None) or list(obj)
    found: dict[str, list[str]] = {}
    for key in given:
        column = key.strip().casefold() if isinstance(key, str) else key
        if column in KNOWN_COLUMNS:
            found.setdefault(column, []).append(key)
    for column, keys in found.items():
        if len(keys) > 1:
            shown = " and ".join(repr(k) for k in keys)
            return {}, f"duplicate key '{column}' (as {shown}): keep one and run again"
    return {column: obj[keys[0]] for column, keys in found.items()}, None




def validated(handle, make: Callable) -> Iterator[Record]:
    """`make(handle)`'s records, its first one read now, so that what fails the whole input (a CSV without
    a 'text' column, a zip over its limits) fails here; the rest streams, and the handle is closed
    at the end."""
    try:
        records = make(handle)  # a reader may refuse the input here (a CSV header), or on its first record
        first = next(records)
    except StopIteration:
        if handle is not None:
            handle.close()
        return iter(())
    except Exception:
        if handle is not None:
            handle.close()
        raise

    def rest():
        try:
            yield  # started below, so that closing it (or dropping it unread) runs the finally
            yield first
            yield from records
        finally:
            if hasattr(records, "close"):  # a generator: its own finally (a wrapper to detach) runs first
                records.close()
            if handle is not None:
                handle.close()
    started = rest()
    next(started)
    return started
