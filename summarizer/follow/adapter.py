"""The one place `brief follow` briefs: records in, (record, Brief or error) out, in order.

Everything the follow command briefs goes through `brief_items`, over the `Runner` that the command
line, the app, the digest and Ray use.
"""
from __future__ import annotations

import logging
from dataclasses import replace
from typing import Iterable, Iterator

from ..brief import Brief
from ..errors import BriefError
from ..record import Record
from ..runner import Runner

log = logging.getLogger(__name__)


def brief_items(pipeline, records: Iterable[Record]) -> Iterator[tuple[Record, Brief | BriefError]]:
    """Each record with its Brief, or the error it got (its own `error` when its page failed), through the
    one Runner of every front-end (batches, source notes, one error per record). A missing model is raised."""
    def checked(record: Record) -> Record:
        if record.error is None and not record.text:
            return replace(record, error="the item has no text to brief")
        return record
    for result in Runner(pipeline).results(map(checked, records)):
        yield result.record, result.brief
