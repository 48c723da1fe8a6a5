"""/digest: the feeds given by URL, one digest page and its downloads."""
from __future__ import annotations

import logging

from ..errors import BriefError, InputError
from ..render import md_text
from .inputs import MAX_DIGEST_FEEDS, DigestAnswer, Progress

log = logging.getLogger("brief.app")


class Digests:
    """The /digest part of BriefService."""

    def digest(self, feeds: str | None, progress: Progress | None = None) -> DigestAnswer:
        """One digest of the feeds given by URL (one a line): the page and its HTML, Markdown and JSON
        downloads. Only web addresses: a path would read the server's own files."""
        from ..digest import digest_feeds
        from ..web import is_url
        report = progress or (lambda done, total, what: None)
        urls = [line.strip() for line in (feeds or "").splitlines() if line.strip()]
        if not urls:
            raise InputError("give one or more feed URLs, one a line")
        if len(urls) > MAX_DIGEST_FEEDS:
            raise InputError(f"at most {MAX_DIGEST_FEEDS} feeds at once, got {len(urls)}")
        bad = [u for u in urls if not is_url(u)]
        if bad:
            raise InputError(f"not a web address (http:// or https://): {bad[0][:200]}")

        def steps(total: int):
            done = 0
            report(0, total, "Briefing")

            def step(n: int) -> None:
                nonlocal done
                done += n
                report(done, total, "Briefing")
            return step

        warnings: list[str] = []
        report(0, None, "Reading the feeds")
        try:
            digest = digest_feeds(urls, self.default, fetcher=self._web_fetcher(), progress=steps, warnings=warnings,
                                  budget=self.fetch_budget)
        except BriefError:
            raise
        except Exception as error:  # noqa: BLE001 - the user gets a reason, the log the traceback
            log.exception("digest failed")
            raise BriefError(f"the digest failed ({type(error).__name__}); see the server log") from None
        folder = self.downloads.new()
        paths = {suffix: self.downloads.file(folder, f"digest{suffix}") for suffix in (".html", ".md", ".json")}
        for suffix, path in paths.items():
            path.write_text(digest.render(suffix), encoding="utf-8")
        data = digest.to_dict()
        message = (f"✓ {data['stories']} stor{'ies' if data['stories'] != 1 else 'y'} from {data['items']} "
                   f"item{'s' if data['items'] != 1 else ''} · {len(data['failed'])} not briefed")
        message = "  \n".join([message, *(f"⚠ {md_text(w)}" for w in dict.fromkeys(warnings))])
        return DigestAnswer(paths[".html"].read_text(encoding="utf-8"), str(paths[".html"]), str(paths[".md"]),
                            str(paths[".json"]), message)

