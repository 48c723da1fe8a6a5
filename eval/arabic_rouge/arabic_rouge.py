"""Arabic-aware ROUGE-1/2/L F1 as an `evaluate` metric, loadable offline by path:

    import evaluate
    rouge = evaluate.load("eval/arabic_rouge")          # or ".../arabic_rouge.py"
    rouge.compute(predictions=[...], references=[...])   # references: str or list of str

evaluate copies this file into its modules cache and imports it from there, so
it uses no relative imports; the scoring itself lives in the repository's
eval/rouge.py (one tokenizer and one scorer for the CLI and this metric).
"""
import json
import sys
from pathlib import Path

import datasets
import evaluate

_DESCRIPTION = """\
ROUGE-1, ROUGE-2 and ROUGE-L F1 for Arabic. Text is normalized (Arabic-Indic digits
to ASCII, diacritics and tatweel removed, alef/yeh/teh-marbuta unified) and split into
Arabic words, Latin words and numbers; with use_stemmer=True, one clitic prefix
(و ف ب ك ل ال ...) and one suffix are stripped. rouge_score's default tokenizer keeps
only [a-z0-9] and so deletes Arabic letters; this one does not. With several
references per example, each ROUGE type takes the best-matching reference.
Aggregated scores carry percentile-bootstrap confidence intervals (<type>_low/_high).
"""

_KWARGS_DESCRIPTION = """\
Args:
    predictions: list of texts.
    references: list of texts, or list of lists of texts (several references each).
    use_stemmer: light Arabic stemming (default False).
    use_aggregator: mean over examples with bootstrap intervals (default True);
        False returns per-example lists.
    rouge_types: subset of ["rouge1", "rouge2", "rougeL"].
    bootstrap_samples: resamples for the intervals (default 1000; 0 turns them off).
    confidence_level: default 0.95.
    seed: bootstrap seed (default 0).
Returns:
    {"rouge1": F1, "rouge1_low": ..., "rouge1_high": ..., "rouge2": ..., "rougeL": ...}, F1 in 0..1.
"""


def _repo_root() -> Path:
    """The repository this file belongs to, also when running from evaluate's cached copy."""
    here = Path(__file__).resolve()
    if (here.parents[2] / "eval" / "rouge.py").is_file():
        return here.parents[2]
    # evaluate's cache is shared by every checkout: a checkout on sys.path (the working one) wins.
    for entry in sys.path:
        root = Path(entry or ".").resolve()
        if (root / "eval" / "rouge.py").is_file() and (root / "summarizer").is_dir():
            return root
    # evaluate writes {"original file path": ...} beside its copy of the script.
    meta = here.with_suffix(".json")
    if meta.is_file():
        original = Path(json.loads(meta.read_text(encoding="utf-8"))["original file path"]).resolve()
        return original.parents[2]
    raise ImportError(f"cannot locate the repository of {here}; run from the repository root")


def _scoring():
    try:
        from eval import rouge as scoring
    except ImportError:
        sys.path.insert(0, str(_repo_root()))
        from eval import rouge as scoring
    return scoring


@evaluate.utils.file_utils.add_start_docstrings(_DESCRIPTION, _KWARGS_DESCRIPTION)
class ArabicRouge(evaluate.Metric):
    def _info(self):
        return evaluate.MetricInfo(
            description=_DESCRIPTION,
            citation="Lin, C.-Y. (2004). ROUGE: A Package for Automatic Evaluation of Summaries.",
            inputs_description=_KWARGS_DESCRIPTION,
            features=[
                datasets.Features({"predictions": datasets.Value("string"),
                                   "references": datasets.Sequence(datasets.Value("string"))}),
                datasets.Features({"predictions": datasets.Value("string"),
                                   "references": datasets.Value("string")}),
            ],
            codebase_urls=["https://github.com/google-research/google-research/tree/master/rouge"],
        )

    def _compute(self, predictions, references, use_stemmer=False, use_aggregator=True, rouge_types=None,
                 bootstrap_samples=1000, confidence_level=0.95, seed=0):
        scoring = _scoring()
        types = tuple(rouge_types or scoring.ROUGE_TYPES)
        per_example = scoring.example_scores(predictions, references, stem=use_stemmer, rouge_types=types)
        if not use_aggregator:
            return {t: [float(v) for v in values] for t, values in per_example.items()}
        return scoring.aggregate(per_example, bootstrap_samples, confidence_level, seed)
