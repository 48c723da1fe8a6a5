"""The one place `brief follow` briefs: records in, (record, Brief or error) out, in order.

Everything the follow command briefs goes through `brief_items`, so moving it onto another runner
changes this function alone.
"""
from __future__ import annotations

import logging
from typing import Iterable, Iterator

from ..brief import Brief
from ..errors import BriefError, InputError, ModelUnavailable
from ..record import Record

log = logging.getLogger(__name__)


def brief_items(pipeline, records: Iterable[Record]) -> Iterator[tuple[Record, Brief | BriefError]]:
    """Each record with its Brief, or the error it got (its own `error` when its page failed); a batch
    that fails as a whole gives each of its records the error. A missing model is raised (nothing is
    the records' fault)."""
    size = pipeline.config.batch_size
    batch: list[Record] = []
    for record in records:
        batch.append(record)
        if len(batch) >= size:
            yield from _chunk(pipeline, batch)
            batch = []
    if batch:
        yield from _chunk(pipeline, batch)


def _chunk(pipeline, records: list[Record]) -> list[tuple[Record, Brief | BriefError]]:
    good = [r for r in records if r.error is None and r.text]
    try:
        results = dict(zip((id(r) for r in good), pipeline.brief_batch([r.text for r in good])))
    except ModelUnavailable:
        raise
    except Exception as error:  # noqa: BLE001 - one error per record, never a lost record
        log.exception("batch failed")
        results = {id(r): BriefError(f"internal error: {type(error).__name__}: {error}") for r in good}
    out = []
    for record in records:
        result = results.get(id(record)) or InputError(record.error or "the item has no text to brief")
        notes = getattr(record, "notes", None)
        if isinstance(result, Brief) and notes:  # where the text came from, as `brief` says it
            result.warnings = [*notes, *result.warnings]
        out.append((record, result))
    return out
