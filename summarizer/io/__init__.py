"""Batch input and output: readers that never lose a record, writers that never double one, shard folders."""
from .readers import RECORD_SUFFIXES, TEXT_SUFFIXES, count_records, read_records, record_from_object  # noqa: F401
from .writers import CSV_COLUMNS, CsvWriter, JsonlWriter, jsonl_line, open_writer  # noqa: F401
