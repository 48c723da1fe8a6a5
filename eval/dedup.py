"""The digest's near-duplicate threshold, chosen on a planted set and reported as precision and recall.

    python -m eval.dedup --data ../shared/data/ant-bbc-ar/dev.jsonl

The planted set is built here, at run time, from real articles (never stored in the repository):
- a positive pair is an article and its republication: other page furniture around it (a site
  header, a breadcrumb, "read also" links to other stories, a share line, a copyright line) and
  small edits (a sentence dropped, a few words changed, digits in another script, a dateline);
- a negative pair is two different articles of the same category published the same day.
Articles are split in two halves by their (category, day): the threshold is chosen on one half
(best F1) and the precision and recall reported on the other, then the other way round.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
from collections import defaultdict
from email.utils import parsedate_to_datetime
from pathlib import Path

from summarizer.duplicates import DUPLICATE_THRESHOLD, duplicate_groups, jaccard, shingles
from summarizer.text.normalize import to_arabic_digits

CHROME_TOP = ["الرئيسية | أخبار | العالم | اقتصاد | رياضة", "آخر تحديث: منذ ساعتين", "شارك عبر فيسبوك تويتر واتساب"]
CHROME_BOTTOM = ["اقرأ أيضا:", "جميع الحقوق محفوظة © 2024", "تابعونا على وسائل التواصل الاجتماعي"]
THRESHOLDS = [round(0.05 * i, 2) for i in range(1, 20)]


def republish(article: dict, others: list[dict], rng: random.Random) -> str:
    """The article as another outlet republishes it: other furniture, small edits."""
    lines = [line for line in article["text"].split("\n") if line.strip()]
    if len(lines) > 3:
        del lines[rng.randrange(1, len(lines))]  # an editor cut one paragraph (never the lead)
    words = " ".join(lines).split(" ")
    vocabulary = [w for o in others for w in o["title"].split()] or ["خاص"]
    for _ in range(max(1, len(words) // 50)):  # about 2% of the words changed
        words[rng.randrange(len(words))] = rng.choice(vocabulary)
    body = " ".join(words)
    if rng.random() < 0.5:
        body = to_arabic_digits(body)
    dateline = rng.choice(["(وكالات) - ", "القاهرة - ", "لندن - ", ""])
    related = [o["title"] for o in rng.sample(others, min(3, len(others)))]
    return "\n".join([*CHROME_TOP[: rng.randint(1, 3)], article["title"], dateline + body,
                      CHROME_BOTTOM[0], *related, *CHROME_BOTTOM[1:]])


def planted_pairs(articles: list[dict], seed: int = 0) -> list[tuple[str, str, bool, str]]:
    """(text a, text b, same story?, half) pairs; half is 'A' or 'B' by the articles' (category, day)."""
    rng = random.Random(seed)
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for article in articles:
        day = parsedate_to_datetime(article["date"]).date() if article.get("date") else None
        groups[article.get("category"), day].append(article)
    pairs = []
    for key, members in groups.items():
        half = "A" if int(hashlib.sha256(repr(key).encode()).hexdigest(), 16) % 2 == 0 else "B"
        for i, article in enumerate(members):
            others = [a for a in rng.sample(articles, 5) if a is not article][:4]
            pairs.append((article["text"], republish(article, others, rng), True, half))
            for other in members[i + 1:]:
                pairs.append((article["text"], other["text"], False, half))
    return pairs


def scores(pairs) -> list[tuple[float, bool, str]]:
    return [(jaccard(shingles(a), shingles(b)), same, half) for a, b, same, half in pairs]


def precision_recall(scored, threshold: float) -> tuple[float, float, int, int]:
    tp = sum(1 for s, same, _ in scored if same and s >= threshold)
    fp = sum(1 for s, same, _ in scored if not same and s >= threshold)
    positives = sum(1 for _, same, _ in scored if same)
    negatives = len(scored) - positives
    return (tp / (tp + fp) if tp + fp else 1.0), (tp / positives if positives else 1.0), positives, negatives


def best_threshold(scored) -> float:
    """The threshold with the best F1; of equal ones, the middle (furthest from both failure sides)."""
    def f1(t):
        p, r, _, _ = precision_recall(scored, t)
        return 2 * p * r / (p + r) if p + r else 0.0
    top = max(f1(t) for t in THRESHOLDS)
    best = [t for t in THRESHOLDS if f1(t) >= top - 1e-9]
    return best[len(best) // 2]


def report(articles: list[dict], seed: int = 0) -> dict:
    pairs = planted_pairs(articles, seed)
    scored = scores(pairs)
    out = {"pairs": len(scored), "shipped_threshold": DUPLICATE_THRESHOLD, "folds": []}
    for tune, test in (("A", "B"), ("B", "A")):
        chosen = best_threshold([x for x in scored if x[2] == tune])
        p, r, pos, neg = precision_recall([x for x in scored if x[2] == test], chosen)
        out["folds"].append({"tuned_on": tune, "threshold": chosen, "held_out": test, "precision": round(p, 4),
                             "recall": round(r, 4), "positives": pos, "negatives": neg})
    p, r, pos, neg = precision_recall(scored, DUPLICATE_THRESHOLD)
    out["shipped"] = {"precision": round(p, 4), "recall": round(r, 4), "positives": pos, "negatives": neg}
    # The same pairs as the digest merges them (LSH candidates, then the exact Jaccard): LSH may only
    # miss a pair, never add one, so these equal the figures above unless a candidate was lost.
    merged = [(1.0 if len(duplicate_groups([a, b])) == 1 else 0.0, same, half) for a, b, same, half in pairs]
    p, r, _, _ = precision_recall(merged, 0.5)
    out["digest"] = {"precision": round(p, 4), "recall": round(r, 4)}
    positives = sorted(s for s, same, _ in scored if same)
    negatives = sorted(s for s, same, _ in scored if not same)
    out["lowest_positive"], out["highest_negative"] = round(positives[0], 4), round(negatives[-1], 4)
    return out


def load(path: Path, limit: int | None = None) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    return rows[:limit] if limit else rows


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m eval.dedup", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", type=Path, default=Path("../shared/data/ant-bbc-ar/dev.jsonl"))
    p.add_argument("--limit", type=int, default=None, help="first N articles only")
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)
    if not args.data.is_file():
        print(f"error: {args.data} not found (the shared BBC Arabic dev set)")
        return 2
    print(json.dumps(report(load(args.data, args.limit), args.seed), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
