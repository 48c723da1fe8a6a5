"""Report writing shared by the commands: JSON, Markdown tables, bar chart, RESULTS.md sections."""
from __future__ import annotations

import json
import math
import re
import shlex
from datetime import date
from pathlib import Path
from typing import Sequence

RESULTS_HEADER = """# Evaluation results

Latest figures of `python -m eval`; each section is rewritten by the command shown in it
(`--results-md eval/RESULTS.md`). Full reports (JSON, Markdown, chart) go to `eval/out/`,
which is not committed.
"""


def command_line(argv: Sequence[str]) -> str:
    return "python -m eval " + shlex.join(argv)


def today() -> str:
    return date.today().isoformat()


def write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2, default=_plain) + "\n", encoding="utf-8")


def _plain(value):
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def is_number(value) -> bool:
    return isinstance(value, (int, float)) and not math.isnan(value)


def bar_chart(path: Path, title: str, systems: Sequence[str], series: Sequence[tuple[str, list, list | None]],
              ylabel: str) -> None:
    """Grouped bars, one group per system; series = (label, values, (low, high) per value or None)."""
    import matplotlib

    matplotlib.use("Agg")  # no display: files only
    import matplotlib.pyplot as plt

    width = 0.8 / max(1, len(series))
    fig, ax = plt.subplots(figsize=(max(6.0, 1.3 * len(systems) + 2), 4.2))
    for n, (label, values, intervals) in enumerate(series):
        xs = [i + (n - (len(series) - 1) / 2) * width for i in range(len(systems))]
        heights = [v if is_number(v) else 0.0 for v in values]
        errors = None
        if intervals:
            errors = [[max(0.0, h - lo) if is_number(lo) else 0.0 for h, (lo, _) in zip(heights, intervals)],
                      [max(0.0, hi - h) if is_number(hi) else 0.0 for h, (_, hi) in zip(heights, intervals)]]
        ax.bar(xs, heights, width, label=label, yerr=errors, capsize=3)
    ax.set_xticks(range(len(systems)))
    ax.set_xticklabels(systems, rotation=20, ha="right")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend()
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=120)
    plt.close(fig)


def update_results_md(path: Path, section: str, body: str) -> None:
    """Replace this section of RESULTS.md (between its markers), leaving the others as they are."""
    begin, end = f"<!-- BEGIN {section} -->", f"<!-- END {section} -->"
    block = f"{begin}\n{body.strip()}\n{end}"
    text = path.read_text(encoding="utf-8") if path.exists() else RESULTS_HEADER
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.S)
    text = pattern.sub(lambda _: block, text) if pattern.search(text) else text.rstrip() + "\n\n" + block + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
