"""The stand-ins' corpus (parallel Arabic/English news lines, package data in data/) and the
Buckwalter transliteration the stand-in translator writes."""
from __future__ import annotations

import contextlib
import importlib.resources
from pathlib import Path

CORPUS = {"ar": "corpus.ar.txt", "en": "corpus.en.txt"}  # parallel lines, package data in data/
PACKAGE = "summarizer.testing"

# Buckwalter's one-to-one transliteration of Arabic letters (Arabic punctuation to ASCII's): what the
# stand-in translator writes. The corpus's Arabic lines hold no ASCII letters, ',', ';' or '?', so
# transliterated pieces never collide with pieces already there.
BUCKWALTER = dict(zip("ءآأؤإئابةتثجحخدذرزسشصضطظعغـفقكلمنهوىيًٌٍَُِّْٰٱ،؛؟",
                      "'|>&<}AbptvjHxd*rzs$SDTZEg_fqklmnhwYyFNKaui~o`{,;?", strict=True))


def transliterate(text: str) -> str:
    """Arabic letters to Buckwalter ASCII; everything else (digits, Latin, spaces) unchanged."""
    return "".join(BUCKWALTER.get(ch, ch) for ch in text)


def corpus(lang: str) -> list[str]:
    """The package corpus's non-empty lines in `lang` ("ar" or "en"); line i of each is a translation pair."""
    text = importlib.resources.files(PACKAGE).joinpath("data", CORPUS[lang]).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]


@contextlib.contextmanager
def _corpus_files():
    """The corpus as real files (SentencePiece trains from paths), also from a zipped install."""
    package = importlib.resources.files(PACKAGE)
    with importlib.resources.as_file(package.joinpath("data", CORPUS["ar"])) as ar, \
            importlib.resources.as_file(package.joinpath("data", CORPUS["en"])) as en:
        yield {"ar": Path(ar), "en": Path(en)}
