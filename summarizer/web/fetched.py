"""What a fetch gives: the body, its type and charset, and its text read with the charset that gives Arabic."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import InputError
from ..text.lexicon import MIN_ARABIC_LETTERS as MIN_ARABIC


@dataclass
class Fetched:
    url: str  # where the body came from, after redirects (without credentials)
    content_type: str
    charset: str | None
    body: bytes
    from_cache: bool = False
    # The reply's validators and freshness (etag, last_modified, cache_control, expires), for a caller that
    # keeps them itself (`brief follow` polls feeds with them); not_modified: a 304 to the caller's validators.
    headers: dict = field(default_factory=dict)
    not_modified: bool = False

    def read(self) -> tuple[str, str | None]:
        """(text, note): the header's charset; else, or where that charset gives no Arabic and another
        reading does, the page's meta or charset-normalizer (as for files), with a note saying so."""
        from ..text.encoding import decode, encoding_name
        from ..text.tokens import arabic_letters
        text = None
        if self.charset:
            try:
                text = self.body.decode(self.charset)
            except (LookupError, UnicodeDecodeError):
                pass
        if text is not None and arabic_letters(text) >= MIN_ARABIC:
            return text, None
        try:
            other = decode(self.body, self.url)
        except InputError:
            if text is None:
                raise
            return text, None
        if text is not None and arabic_letters(other.text) <= arabic_letters(text):
            return text, None
        note = (f"the server said charset={self.charset}, which gives no Arabic; read as "
                f"{encoding_name(other.encoding)} instead" if text is not None else other.note)
        return other.text, note

    def text(self) -> str:
        return self.read()[0]
