"""Record: one input article as a batch reader gives it, and the output record it becomes."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Record:
    """One input article; `error` is set when the reader could not get its text.

    `where` says where it came from ("line 3", "row 2", "member a/b.txt") for messages;
    `occurrence` counts the records with this id so far, so a resumed run skips exactly the
    records already written, duplicates included.
    """
    id: str
    text: str | bytes | None = None
    title: str | None = None
    summary: str | None = None
    error: str | None = None
    where: str = ""
    occurrence: int = 1
    explicit: bool = True  # the input named it; False for the line-N / row-N a reader made up
    url: str | None = None  # a record given by its link: summarizer.web fetches its text


def output_record(record_id: str, result) -> dict:
    """The batch's output line for one record: {"id", "brief"} or {"id", "error"}."""
    to_dict = getattr(result, "to_dict", None)
    if to_dict is not None:
        return {"id": record_id, "brief": to_dict()}
    return {"id": record_id, "error": str(result)}
