"""/batch: every record of an uploaded .jsonl, .csv or .zip, through the same Runner as the command line
(rows that hold only a URL are fetched, under the app's address rule and fetch budget)."""
from __future__ import annotations

import logging
import os
from pathlib import Path

from ..errors import BriefError, InputError
from ..io import CsvWriter, JsonlWriter, read_records
from ..io.readers import open_zip
from ..notes import NoteKind
from ..pipeline import BriefPipeline
from ..runner import Result, Runner
from ..web.records import WebBatch
from .inputs import (
    BATCH_CHUNK,
    BATCH_SUFFIXES,
    BatchAnswer,
    Progress,
    beams_option,
    bullets_option,
    check_upload,
    safe_stem,
)

log = logging.getLogger("brief.app")


class Batches:
    """The /batch part of BriefService."""

    def run_batch(self, file: str | os.PathLike | None, num_bullets=None, backend: str | None = None, beams=None,
                  translate: bool | None = True, progress: Progress | None = None) -> BatchAnswer:
        """Brief every record of a .jsonl, .csv or .zip upload into JSONL and CSV downloads.
        A file refused whole raises BriefError (InputError for the user's mistakes) with the reason;
        bad records become error rows and never stop the batch."""
        report = progress or (lambda done, total, what: None)
        if not file:
            raise InputError("Upload a .jsonl, .csv or .zip file first.")
        path = check_upload(file, BATCH_SUFFIXES, self.max_upload_bytes, "the batch file")
        n = bullets_option(num_bullets, self.config.num_bullets)
        pipe = self._backend(backend)
        options = {"num_bullets": n, "num_beams": beams_option(beams), "translate": self._translate(translate)}
        try:
            return self._run_batch(path, pipe, options, report)
        except BriefError:
            raise
        except (ValueError, OSError) as error:
            raise InputError(str(error)) from None
        except Exception as error:  # noqa: BLE001 - the user gets a reason, the log the traceback
            log.exception("batch failed")
            raise BriefError(f"the batch failed ({type(error).__name__}); see the server log") from None

    def _run_batch(self, path: Path, pipe: BriefPipeline, options: dict, report: Progress) -> BatchAnswer:
        report(0, None, "Reading the file")
        if path.suffix.lower() == ".zip":
            archive, members = open_zip(path, self.config)  # refused whole here if over the limits
            archive.close()
            records, total = read_records(path, self.config), len(members)
        else:
            records = list(read_records(path, self.config))
            total = len(records)
        if not total:
            raise InputError(f"{path.name} holds no records")
        folder = self.downloads.new()
        stem = safe_stem(path.name, "batch")
        jsonl_path = self.downloads.file(folder, f"{stem}-briefs.jsonl")
        csv_path = self.downloads.file(folder, f"{stem}-briefs.csv")
        rows, failed = [], 0
        report(0, total, "Briefing")
        # Rows that hold only a URL are fetched as the command line fetches them, under the app's
        # address rule and one fetch budget for the whole file.
        web = WebBatch(self.config, self._web_fetcher(), budget=self.fetch_budget)
        runner = Runner(pipe, web=web, batch_size=BATCH_CHUNK, **options)
        with web, JsonlWriter(jsonl_path) as jsonl, CsvWriter(csv_path) as csv_file:
            for done, result in enumerate(runner.results(records, writers=(jsonl, csv_file)), 1):
                rows.append(batch_row(result))
                failed += "error" in result.out
                report(done, max(total, done), "Briefing")
        message = (f"✓ {len(rows)} record{'s' if len(rows) != 1 else ''} · {len(rows) - failed} briefed · "
                   f"{failed} error{'s' if failed != 1 else ''}")
        return BatchAnswer(rows, str(jsonl_path), str(csv_path), message)



def batch_row(result: Result) -> list:
    """One table row (BATCH_COLUMNS) of a record's result: its headlines, and how many warnings are about
    this brief (flags and notes, not what the models said on loading, which the page says once)."""
    brief, out = result.brief, result.out
    if "error" in out:
        return [out["id"], "", "", 0, out["error"]]
    warned = len(brief.flags) + sum(1 for n in brief.notes if n.kind is not NoteKind.MODEL)
    return [out["id"], brief.headline_ar, brief.headline_en or "", warned, ""]
