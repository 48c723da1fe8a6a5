"""/brief: one article (pasted, uploaded or a page's URL) per request; requests that are ready at the same
time are merged into one library call (the micro-batcher), and a page is fetched outside it."""
from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from concurrent.futures import Future

from ..brief import Brief
from ..errors import BriefError, InputError
from ..notes import English, NoteKind
from ..pipeline import BriefPipeline
from ..render import html_fragment, md_text
from ..runner import document_of
from .inputs import ARTICLE_SUFFIXES, EMPTY_HTML, BriefAnswer, BriefRequest, beams_option, bullets_option, check_upload

log = logging.getLogger("brief.app")


class Briefs:
    """The /brief part of BriefService (its state is set up there)."""

    def _backend(self, name: str | None) -> BriefPipeline:
        pipe = self.pipelines.get(name or self.default_backend)
        if pipe is None:
            raise InputError(f"backend '{name}' is not loaded; available: {', '.join(self.pipelines)}")
        return pipe

    def _article(self, request: BriefRequest, until: float | None = None):
        """(what to brief, notes for the status line, the fetched page's record or None). An uploaded file
        wins over the URL, and the URL over the text box."""
        if request.file:
            path = check_upload(request.file, ARTICLE_SUFFIXES, self.article_file_limit, "the uploaded article")
            return path.read_bytes(), [f"Briefed the uploaded file **{md_text(path.name)}** "
                                       "(the text box was ignored)."], None
        if request.url and request.url.strip():
            page = self._fetch(request.url.strip(), until)
            return page.text, [md_text(note) for note in page.notes], page  # a page's title is the site's words
        if not request.text or not request.text.strip():
            raise InputError("the article is empty: paste an Arabic article, pick an example, "
                             "or upload a .txt/.html file")
        return request.text, [], None

    def _fetch(self, url: str, until: float | None = None):
        """A page's record (its article text and where it came from); InputError says why not (a refused
        address, a dead link, no Arabic article on the page)."""
        from ..web import fetch_article, is_url
        if not is_url(url):
            raise InputError(f"not a web address (http:// or https://): {url[:200]}")
        until = time.monotonic() + self.fetch_budget if until is None else until
        return fetch_article(url, self.config, self._web_fetcher(), until=until)

    def _web_fetcher(self):
        with self._fetcher_lock:
            if self._fetcher is None:
                from ..web import Fetcher
                self._fetcher = Fetcher(self.config)
        return self._fetcher


    def _translate(self, value) -> bool:
        # Without a translator, ask anyway: the brief then carries why English is missing.
        return value is not False or not self.has_english

    def refused(self, reason: str) -> BriefAnswer:
        return BriefAnswer({"error": reason}, f"⚠ **Cannot brief this input:** {md_text(reason)}", EMPTY_HTML,
                           None, None)

    def answer(self, brief: Brief, notes: Sequence[str] = ()) -> BriefAnswer:
        """The status line, page and download files of one brief."""
        folder = self.downloads.new()
        json_path = self.downloads.file(folder, "brief.json")
        md_path = self.downloads.file(folder, "brief.md")
        json_path.write_text(brief.to_json(), encoding="utf-8")
        md_path.write_text(brief.to_markdown(), encoding="utf-8")
        meta = brief.meta
        parts = [f"✓ Brief ready · {meta.get('sentences', '?')} sentences · backend {meta.get('backend')}"]
        if brief.headline_en is not None:
            parts.append("English: ok")
        elif brief.english.state is English.NOT_REQUESTED:
            parts.append("English: not requested")
        # else: the page already says, once, that English needs a model (see model_status_markdown).
        flagged = len(brief.flags)
        parts.append(f"{flagged} faithfulness warning{'s' if flagged != 1 else ''}")
        return BriefAnswer(brief.to_dict(), "  \n".join([" · ".join(parts), *notes]), self.page(brief),
                           str(json_path), str(md_path))

    def page(self, brief: Brief) -> str:
        """The brief as HTML, without what the page already shows: the model warnings and the English
        notice above every brief, and where a page came from in the status line."""
        return html_fragment(brief, hide=(NoteKind.MODEL, NoteKind.SOURCE), english_reason=self.has_english)

    def _prepare(self, request: BriefRequest, until: float | None = None):
        """(settings, (document, notes)) ready for the models, or the refusal. The page is fetched and the
        article decoded and checked here, in the caller's thread, under the fetch deadline and the
        request's budget (`until`): never inside a model batch, so nobody's input holds up the models."""
        try:
            n = bullets_option(request.num_bullets, self.config.num_bullets)
            backend = request.backend or self.default_backend
            pipe = self._backend(backend)
            beams = beams_option(request.beams)
            article, notes, page = self._article(request, until)
            # A page's brief says where its text came from, and has its title, as the command line's does.
            document = pipe.preprocess(article) if page is None else document_of(pipe, page, article)
        except (InputError, ValueError, TypeError, OSError) as error:
            return self.refused(str(error))
        return (backend, n, beams, self._translate(request.translate)), (document, notes)

    @staticmethod
    def _fetches(request: BriefRequest) -> bool:
        return not request.file and bool(request.url and request.url.strip())

    def brief(self, request: BriefRequest) -> BriefAnswer:
        """One request, from any thread: briefed together with the others that are ready at the same time."""
        prepared = self._prepare(request)
        if isinstance(prepared, BriefAnswer):
            return prepared
        return self._batcher.submit([prepared])[0].result()

    async def brief_async(self, request: BriefRequest) -> BriefAnswer:
        """`brief` for an event loop (the app's): a page is fetched in the fetch pool and a text prepared
        in the loop's own, and neither holds a worker of the app while it waits, so any number of slow
        pages leave pasted texts free. The request's fetch budget counts from its arrival."""
        loop = asyncio.get_running_loop()
        until = time.monotonic() + self.fetch_budget
        pool = self._fetch_pool if self._fetches(request) else None
        prepared = await loop.run_in_executor(pool, self._prepare, request, until)
        if isinstance(prepared, BriefAnswer):
            return prepared
        return await asyncio.wrap_future(self._batcher.submit([prepared])[0])

    def brief_many(self, requests: Sequence[BriefRequest]) -> list[BriefAnswer]:
        """One answer per request, in order. Requests with the same settings go to the library in one
        call; pages are fetched side by side, and a pasted text never waits for them. One bad request
        never spoils the others, and none gets a traceback."""
        urls = [i for i, r in enumerate(requests) if self._fetches(r)]
        fetching = {i: self._fetch_pool.submit(self._prepare, requests[i]) for i in urls}
        ready = {i: self._prepare(r) for i, r in enumerate(requests) if i not in fetching}
        answers: dict[int, Future | BriefAnswer] = {i: p for i, p in ready.items() if isinstance(p, BriefAnswer)}
        queued = [i for i, p in ready.items() if not isinstance(p, BriefAnswer)]
        answers.update(zip(queued, self._batcher.submit([ready[i] for i in queued])))
        for i, future in fetching.items():
            prepared = future.result()
            answers[i] = prepared if isinstance(prepared, BriefAnswer) else self._batcher.submit([prepared])[0]
        return [a.result() if isinstance(a, Future) else a for a in (answers[i] for i in range(len(requests)))]

    def _brief_group(self, settings: tuple, items: list) -> list[BriefAnswer]:
        """One library call for requests with the same settings."""
        backend, n, beams, english = settings
        log.info("brief: %d request(s) in one library batch call", len(items))
        try:
            briefs = self.pipelines[backend].brief_documents([d for d, _ in items], num_bullets=n, num_beams=beams,
                                                             translate=english)
        except Exception as error:  # noqa: BLE001 - a request never sees a traceback
            log.exception("briefing failed")
            briefs = [BriefError(f"internal error while briefing ({type(error).__name__}); "
                                 "see the server log")] * len(items)
        answers = []
        for (_, notes), brief in zip(items, briefs):
            try:
                answers.append(self.refused(str(brief)) if isinstance(brief, Exception) else self.answer(brief, notes))
            except Exception as error:  # noqa: BLE001
                log.exception("rendering failed")
                answers.append(self.refused(f"internal error while rendering ({type(error).__name__})"))
        return answers

