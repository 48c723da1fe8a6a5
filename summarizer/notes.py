"""What a brief tells its reader besides its lines, as typed data: notes, the state of its English, and
where its text came from. Every renderer and front-end reads these; none parses a string the library
wrote. Each note also has the one line it is shown as (`str(note)`), which the JSON's `warnings` carry.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class NoteKind(str, Enum):
    SOURCE = "source"    # where the text came from: a page fetched, a feed item's own text
    MODEL = "model"      # a model that could not be loaded, and what was used instead
    INPUT = "input"      # how the input was read: its encoding, HTML turned into text, repairs
    SUMMARY = "summary"  # what the summarizer says about its result (fewer bullets than asked)
    FLAG = "flag"        # a line whose numbers, script or repetition the checks question
    REPAIR = "repair"    # a line the translator replaced by a faithful hypothesis of the same search


@dataclass(frozen=True)
class Note:
    kind: NoteKind
    text: str
    line: str | None = None  # "headline", "bullet 2": the line it is about, if any
    lang: str | None = None  # "ar" or "en": the side of that line

    def __str__(self) -> str:
        if self.line is None:
            return self.text
        return f"{self.line} ({self.lang}): {self.text}" if self.lang else f"{self.line}: {self.text}"


def notes(kind: NoteKind, texts) -> list[Note]:
    """Notes of one kind, one per text."""
    return [Note(kind, text) for text in texts]


class English(str, Enum):
    OK = "ok"
    NOT_REQUESTED = "not requested"  # this call asked for Arabic only
    OFF = "off"                      # the run has no translator, by choice ('' or None)
    UNAVAILABLE = "unavailable"      # a translator was wanted and could not be loaded


@dataclass(frozen=True)
class EnglishStatus:
    state: English
    reason: str = ""  # why, where English is missing: shown to the reader

    def __str__(self) -> str:
        if self.state is English.OK:
            return "ok"
        if self.state is English.NOT_REQUESTED:
            return "translation not requested"
        return self.reason

    @property
    def ok(self) -> bool:
        return self.state is English.OK


ENGLISH_OK = EnglishStatus(English.OK)
ENGLISH_NOT_REQUESTED = EnglishStatus(English.NOT_REQUESTED)


@dataclass(frozen=True)
class Source:
    """Where a brief's text came from, when it came from the web: the page, its title and date, and the
    feed item's category and outlet."""
    url: str | None = None
    title: str | None = None
    published: str | None = None
    category: str | None = None
    outlet: str | None = None

    def fields(self) -> dict:
        """The output record's web fields (record.WEB_FIELDS), as the batch writes them."""
        return {"url": self.url, "title": self.title, "published": self.published, "category": self.category,
                "source": self.outlet}
