"""One batch run for every front-end: the command line, the app's Batch and Digest tabs, the digest and Ray.

Like transformers' `Pipeline.__call__`, a `Runner` takes one record (or text), a list or an iterator, and
gives one output record per input record, in input order: `{"id", "brief"}` or `{"id", "error"}`, with a
page's `url`, `title`, `published`, `category` and `source` beside it. It skips what a resumed output
already holds (before anything is fetched), fetches the rows that hold only a URL (its `WebBatch`), briefs
in batches, writes to its writers and counts, and says how far it is (`progress`). The front-ends only
configure it; the pipeline knows nothing of any of this.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import Callable, Iterable, Iterator, NamedTuple
from urllib.parse import urlsplit

from .errors import BriefError, InputError, ModelUnavailable
from .notes import Source
from .record import WEB_FIELDS, Record, output_record
from .web.urls import redact

log = logging.getLogger(__name__)
SECOND_LEVELS = frozenset({"com", "net", "org", "co", "gov", "edu", "info", "news"})
RAY_UNFETCHED = ("{url}: a page to fetch; pages are fetched by the local executor, not under --executor ray "
                 "(run without it, or give the text)")


@dataclass
class Counts:
    done: int = 0
    skipped: int = 0
    failed: int = 0


class Result(NamedTuple):
    """One input record's outcome: its Brief or the error it got, and the output record written."""
    record: Record
    brief: object  # a Brief, or the BriefError it got
    out: dict


def source_of(record: Record) -> Source | None:
    """Where a record's text came from, for a record of the web (a page, a feed item, a `url` row)."""
    info = getattr(record, "info", None)
    if info is None and not record.url:
        return None
    info = info if info is not None else {"url": redact(record.url), "title": record.title}
    return Source(info.get("url"), info.get("title"), info.get("published"), info.get("category"),
                  info.get("source"))


def sites_of(source: Source | None) -> tuple[str, ...]:
    """The names a source goes by, which its title may carry: its outlet and its site (bbc of www.bbc.co.uk,
    cnn of arabic.cnn.com)."""
    if source is None:
        return ()
    try:
        host = (urlsplit(source.url).hostname or "") if source.url else ""
    except ValueError:  # a link no URL parser reads (http://[bad/x): no site to name
        host = ""
    labels = host.split(".")[:-1]  # the top-level domain is no name
    while len(labels) > 1 and labels[-1] in SECOND_LEVELS:  # co.uk, com.eg
        labels.pop()
    site = labels[-1] if labels else ""
    return tuple(n for n in (source.outlet, site) if n and not n.isdigit())


def document_of(pipeline, record: Record, text=None):
    """A record's Document (`text`: its text, already read): preprocessed by `pipeline`, with where it came
    from and the headline its source gave it."""
    source = source_of(record)
    doc = pipeline.preprocess(record.text if text is None else text, record.title or (source and source.title),
                              sites_of(source))
    doc.source, doc.source_notes = source, list(getattr(record, "notes", []))
    return doc


def _records(inputs) -> Iterator[Record]:
    """Records of one record or text, or of an iterable of them (texts are numbered 1, 2, ...)."""
    if isinstance(inputs, (Record, str, bytes)):
        inputs = [inputs]
    for n, item in enumerate(inputs, 1):
        yield item if isinstance(item, Record) else Record(str(n), text=item, where=f"item {n}", explicit=False)


class Runner:
    """A batch over `pipeline` (a BriefPipeline). `web` (a summarizer.web.WebBatch) fetches the rows that
    hold only a URL; without one such a row is an error record saying `unfetched` (Ray). Options
    (num_bullets, num_beams, translate) are passed on to every brief."""

    def __init__(self, pipeline, *, web=None, batch_size: int | None = None,
                 unfetched: str = "{url}: a page to fetch, and nothing here fetches pages", **options):
        self.pipeline, self.web, self.options = pipeline, web, options
        self.batch_size = batch_size or pipeline.config.batch_size
        self.unfetched = unfetched
        self.counts = Counts()

    def __call__(self, inputs, **run) -> Iterator[dict]:
        """The output records of the inputs, in order (see `results` for `writers`, `skip`, `progress`)."""
        return (result.out for result in self.results(inputs, **run))

    def results(self, inputs, *, writers=(), skip: Callable[[Record], bool] | None = None,
                progress: Callable[[int], None] | None = None) -> Iterator[Result]:
        """One Result per input record, its output record written to every writer first. `skip(record)` leaves out
        what a resumed output holds; `progress(n)` is told of every record done or skipped.

        When the inputs fail part way, the records read before the failure are briefed and written
        first; then the failure is raised."""
        def todo() -> Iterator[Record]:
            for record in _records(inputs):
                if skip is not None and skip(record):
                    self.counts.skipped += 1
                    if progress:
                        progress(1)
                    continue
                yield record
        fetched = self.web.records(todo()) if self.web is not None else map(self._unfetched, todo())
        for result in self._briefed(fetched):
            for writer in writers:
                writer.write(result.out)
            if "error" in result.out:
                self.counts.failed += 1
            else:
                self.counts.done += 1
            if progress:
                progress(1)
            yield result

    def brief(self, record: Record):
        """One record's Brief (its source notes first, as in a batch); InputError when it has none."""
        if self.web is not None and record.url and record.text is None and record.error is None:
            record = self.web.fill(record)
        [(_, result)] = self._results([self._unfetched(record)])
        if isinstance(result, Exception):
            raise result
        return result

    def _unfetched(self, record: Record) -> Record:
        if record.url and record.text is None and record.error is None:
            return replace(record, error=self.unfetched.format(url=redact(record.url)))
        return record

    def _briefed(self, records: Iterable[Record]) -> Iterator[Result]:
        chunk: list[Record] = []
        source = iter(records)
        while True:
            try:  # only the input's own failure: what was read is briefed first
                record = next(source)
            except StopIteration:
                break
            except Exception:
                yield from self._outputs(chunk)
                raise
            chunk.append(record)
            if len(chunk) >= self.batch_size:
                yield from self._outputs(chunk)
                chunk = []
        yield from self._outputs(chunk)

    def _outputs(self, records: list[Record]) -> Iterator[Result]:
        for record, result in self._results(records):
            out = output_record(record.id, result)
            source = source_of(record)
            if source is not None:  # the page's fields beside its brief, as the batch writes them
                out = {"id": out["id"], **{k: source.fields()[k] for k in WEB_FIELDS},
                       **{k: v for k, v in out.items() if k != "id"}}
            yield Result(record, result, out)

    def _results(self, records: list[Record]) -> list[tuple[Record, object]]:
        """(record, Brief or the error) for each record; one bad record never spoils the others."""
        results: list = [InputError(r.error) if r.error is not None else None for r in records]
        docs, slots = [], []
        for i, record in enumerate(records):
            if results[i] is None:
                try:
                    doc = document_of(self.pipeline, record)
                except InputError as error:
                    results[i] = error
                    continue
                docs.append(doc)
                slots.append(i)
        if docs:
            try:
                briefs = self.pipeline.brief_documents(docs, **self.options)
            except ModelUnavailable:
                raise  # not the records' fault: none of them becomes an error record
            except Exception as error:  # noqa: BLE001 - a batch-wide failure still gives one record each
                log.exception("batch failed")
                briefs = [BriefError(f"internal error: {type(error).__name__}: {error}")] * len(docs)
            for i, result in zip(slots, briefs):
                results[i] = result
        return list(zip(records, results))
