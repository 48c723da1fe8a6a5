"""Published unsupervised summarizers as peers: sumy's LexRank, TextRank and Luhn on OUR split and tokens.

sumy (Apache-2.0) is an evaluation-only dependency. It is fed a document built
from the pipeline's own sentences, with words from `summarizer.text.tokens`
(the tokenizer, light stemmer and stopwords our summarizer uses), so the peers
differ from ours only in how they rank sentences: no NLTK punkt, no English
stemmer or stopword list. Every sentence is a candidate, sub-headlines included,
as for lead-k and ours (sumy leaves out sentences marked as headings, so none is marked).
"""
from __future__ import annotations

import math
from functools import lru_cache
from typing import Sequence

import numpy as np

from summarizer.text.tokens import STOPWORDS, light_stem, tokenize

PEERS = ("LexRank", "TextRank", "Luhn")
INSTALL = "pip install sumy==0.13.0"


def missing() -> str | None:
    """Why the peers cannot run here, or None."""
    try:
        import sumy  # noqa: F401
    except ImportError:
        return f"sumy is not installed ({INSTALL}): the LexRank, TextRank and Luhn rows are left out"
    return None


class _Words:
    """sumy's tokenizer interface; only to_words is used, since the document is built from our sentences."""

    @staticmethod
    def to_words(text: str) -> list[str]:
        return tokenize(text)


@lru_cache(maxsize=None)
def _sumy():
    """sumy's pieces, imported once (sumy pulls in NLTK: ~1 s)."""
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.luhn import LuhnSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer

    class Indexed(Sentence):
        """A sumy sentence that knows its index in our split: picks map back even when two texts are equal."""
        __slots__ = ("index",)

        def __init__(self, text: str, index: int):
            super().__init__(text, _Words())
            self.index = index

    def document(sentences: Sequence[str]):
        return ObjectDocumentModel([Paragraph([Indexed(text, i) for i, text in enumerate(sentences)])])

    summarizers = {}
    for name, cls in zip(PEERS, (LexRankSummarizer, TextRankSummarizer, LuhnSummarizer)):
        summarizers[name] = cls(light_stem)
        summarizers[name].stop_words = STOPWORDS
    return document, summarizers


def rankings(sentences: Sequence[str]) -> dict[str, list[int]]:
    """Each peer's order of all sentence indices, best first (ties in document order)."""
    if not sentences:
        return {name: [] for name in PEERS}
    make_document, summarizers = _sumy()
    document = make_document(sentences)  # one document: its words are tokenized once for all peers
    out = {}
    for name, summarizer in summarizers.items():
        ranked: list = []

        def keep_all(infos, ranked=ranked):
            # sumy hands the count callable every sentence with its rating. LexRank rates all of
            # them NaN when its graph has no edge (with two sentences, its idf log(n/(1+df)) is 0):
            # NaN ranks last and ties keep document order, so the order is always defined.
            ranked.extend(sorted(infos, key=lambda i: (-i.rating if i.rating == i.rating else math.inf, i.order)))
            return infos

        with np.errstate(invalid="ignore", divide="ignore"):
            summarizer(document, keep_all)
        out[name] = [info.sentence.index for info in ranked]
    return out

