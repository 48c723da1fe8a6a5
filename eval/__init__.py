"""Evaluation of the brief toolkit: Arabic-aware ROUGE, translation BLEU/chrF, baselines, reports.

    python -m eval rouge --pred P.txt --ref R.txt
    python -m eval translation --src SRC --ref REF [--hyp HYP]
    python -m eval summarization --data FILE.jsonl|EASC_DIR [--backend ...]

See eval/RESULTS.md for the latest figures.
"""
