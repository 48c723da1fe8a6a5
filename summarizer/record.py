"""Record: one input article as a batch reader gives it, and the output record it becomes."""
from __future__ import annotations

from dataclasses import dataclass


class DecodedText(str):
    """Text a reader decoded from a wide or legacy encoding, carrying the note the brief shows about it
    (`guessed`: a legacy encoding, named again if the text then fails the language check)."""

    note: str
    guessed: bool

    def __new__(cls, text: str, note: str, guessed: bool = False):
        obj = super().__new__(cls, text)
        obj.note, obj.guessed = note, guessed
        return obj

    def __reduce__(self):  # pickled whole, so Ray's actors see the note too
        return (DecodedText, (str(self), self.note, self.guessed))


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


# What an output record of a page or feed item carries beside its brief (summarizer.web fills them).
WEB_FIELDS = ("url", "title", "published", "category", "source")


def output_record(record_id: str, result) -> dict:
    """The batch's output line for one record: {"id", "brief"} or {"id", "error"}."""
    to_dict = getattr(result, "to_dict", None)
    if to_dict is not None:
        return {"id": record_id, "brief": to_dict()}
    return {"id": record_id, "error": str(result)}


# The settings that change a brief's content; each brief records them, so `--resume` can refuse to mix runs.
CONTENT_SETTINGS = ("backend", "summarizer_model", "summarizer_runtime", "translator_model", "translator_runtime",
                    "num_bullets", "num_beams", "headline_max_words", "headline")


def content_settings(config, *, num_bullets: int | None = None, num_beams: int | None = None,
                     translate: bool = True) -> dict:
    """{setting: value} for a run of `config` (a Config) with these per-call options. A model setting
    that is not used (the summarizer model of the extractive backend, the translator when there is no
    translation) is None, so that it cannot make two runs differ."""
    seq2seq = config.backend != "extractive"
    english = bool(translate and config.translator_model)
    return {"backend": config.backend,
            "summarizer_model": config.summarizer_model if seq2seq else None,
            "summarizer_runtime": config.summarizer_runtime if seq2seq else None,
            "translator_model": config.translator_model if english else None,
            "translator_runtime": config.translator_runtime if english else None,
            "num_bullets": config.num_bullets if num_bullets is None else num_bullets,
            "num_beams": config.num_beams if num_beams is None else num_beams,
            "headline_max_words": config.headline_max_words, "headline": config.headline}
