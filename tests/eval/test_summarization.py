"""The summarization evaluation's parts: sumy peers on our split, paired differences, the reusable scoring
core, headline-only sets, several sets in one run, the time per article, and the real sets in ../shared."""
from __future__ import annotations

import gzip
import json
import re
import warnings
from pathlib import Path

import numpy as np
import pytest

from eval import peers
from eval.cli import main
from eval.data import Example, read_jsonl, shared_dir
from eval.stats import paired_difference
from eval.summarization import (
    NO_SUMMARIES,
    NO_TITLES,
    Output,
    apply,
    comparison_table,
    comparisons,
    prepare,
    score,
    score_systems,
    standard_systems,
    tables,
)

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "eval"
MECHANICS = DATA / "mechanics.jsonl"
TIMING = re.compile(r"^summarizer median \d+\.\d ms/article \(mean \d+\.\d ms; (\d+) articles; summarize step only, "
                    r"one article per call\)$", re.M)

# A star: sentence 2 shares a word with each of 0, 1 and 3, which share nothing with one another;
# 4 shares nothing at all. Sentence 2 carries diacritics (أسعارَ, القمحِ, بخطةٍ ...), so it only
# links to the others once words are normalized and light-stemmed as our tokenizer does.
STAR = ["ارتفعت اسعار القمح بشدة في تونس",
        "اعلنت الحكومة خطة طارئة امس",
        "الحكومةُ تواجه أسعارَ القمحِ والجفافَ بخطةٍ طارئةٍ",
        "ضرب الجفاف مناطق الشمال",
        "فاز الفريق المحلي بالمباراة النهائية"]


def run(*args: str) -> int:
    return main(["summarization", *args])


def results_of(folder: Path) -> dict:
    return json.loads((folder / "results.json").read_text(encoding="utf-8"))


# -- peers -------------------------------------------------------------------------

def test_peers_pick_the_central_sentence_with_our_tokens():
    ranks = peers.rankings(STAR)
    for name in peers.PEERS:
        assert ranks[name][0] == 2, (name, ranks[name])
        assert sorted(ranks[name]) == list(range(len(STAR)))
    # As summaries: each peer's 3 sentences, in document order, include the central one.
    articles, _ = prepare([Example("star", "\n".join(STAR), ["الحكومة تواجه الجفاف"], "الحكومة والجفاف")])
    assert articles[0].texts == STAR
    assert articles[0].sentences[2].is_heading  # a short line without a stop: sumy would drop it, we do not
    outputs = standard_systems(articles, 3, headline_words=4, with_oracle=False)
    for name in peers.PEERS:
        lines = outputs[name][0].summary.split("\n")
        assert STAR[2] in lines and len(lines) == 3 and lines == sorted(lines, key=STAR.index)
        assert outputs[name][0].headline == "الحكومةُ تواجه أسعارَ القمحِ"  # the top sentence, first 4 words


def test_peers_keep_equal_sentences_apart_and_take_every_sentence():
    # Two equal sentences are two candidates with two indices (not one index found twice by text).
    doubled = STAR + [STAR[2]]
    for order in peers.rankings(doubled).values():
        assert sorted(order) == list(range(len(doubled)))
    assert peers.rankings([]) == dict.fromkeys(peers.PEERS, [])
    assert all(order == [0] for order in peers.rankings(["جملة واحدة فقط"]).values())
    # Two sentences with no shared word: sumy's LexRank rates both NaN (an idf of 0 everywhere);
    # the order is still defined (document order) and numpy's warning does not leak out.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert peers.rankings(["ذهب الوزير إلى القاهرة", "فاز الفريق بالمباراة"])["LexRank"] == [0, 1]


# -- paired differences ----------------------------------------------------------

def test_paired_difference_sign_and_interval():
    rng = np.random.default_rng(3)
    b = rng.uniform(0.1, 0.9, 300)
    a = b + 0.02 + rng.normal(0, 0.005, 300)  # a beats b by 2 points on every article, give or take
    up = paired_difference(a, b, samples=500, seed=1)
    assert up["diff"] == pytest.approx(0.02, abs=0.002)
    assert 0 < up["low"] < up["diff"] < up["high"] < 0.03
    assert up["p"] < 0.01 and up["n"] == 300
    down = paired_difference(b, a, samples=500, seed=1)
    assert down["diff"] == pytest.approx(-up["diff"]) and down["high"] < 0
    # Unpaired, the two means are well inside each other's spread: pairing is what separates them.
    assert abs(a.mean() - b.mean()) < 0.2 * b.std()
    same = paired_difference(a, a, samples=200)
    assert (same["diff"], same["low"], same["high"], same["p"]) == (0, 0, 0, 1)


def test_comparisons_pick_lead_k_and_the_best_peer():
    n = 40
    rng = np.random.default_rng(0)

    def part(mean):
        return {m: np.clip(mean + rng.normal(0, 0.01, n), 0, 1) for m in ("rouge1", "rouge2", "rougeL")}

    scores = {"lead-3": {"summary": part(0.40)}, "LexRank": {"summary": part(0.30)},
              "TextRank": {"summary": part(0.50)}, "Luhn": {"summary": part(0.35)},
              "lead-1": {"headline": part(0.30)}, "lead-1 cut (22 words)": {"headline": part(0.33)},
              "ours": {"summary": part(0.45), "headline": part(0.25)}}
    found = {(c["part"], c["minus"]): c for c in comparisons(scores, "ours", 3, 22, samples=200)}
    assert list(found) == [("summary", "lead-3"), ("summary", "TextRank"), ("headline", "lead-1"),
                           ("headline", "lead-1 cut (22 words)")]
    assert found[("summary", "lead-3")]["metrics"]["rouge1"]["low"] > 0  # ours above lead-3
    assert found[("summary", "TextRank")]["metrics"]["rouge1"]["high"] < 0  # the best peer above ours
    assert found[("summary", "TextRank")]["note"] == "best peer by R-1"
    assert found[("headline", "lead-1")]["metrics"]["rouge1"]["diff"] == pytest.approx(-0.05, abs=0.01)
    # Every one of 200 sign flips is less extreme than these gaps: p is reported as a bound.
    rows = comparison_table({"comparisons": list(found.values())}).splitlines()[4:]
    assert len(rows) == 4 and all(row.endswith("| ≤0.005 |") for row in rows)
    assert rows[0].startswith("| bullets: ours − lead-3 | +5.")


# -- the reusable scoring core ------------------------------------------------------

def test_a_system_callable_is_scored_like_the_baselines():
    articles, skipped = prepare(read_jsonl(MECHANICS))
    assert len(articles) == 6 and not skipped
    assert all(a.sentences[0].index == 0 and a.texts[0] == a.sentences[0].text for a in articles)
    standard = standard_systems(articles, 3, with_peers=False, with_oracle=False)
    first_three = score(articles, apply(lambda sentences: [2, 1, 0], articles))  # indices: document order
    lead3 = score(articles, standard["lead-3"])
    assert set(first_three) == {"summary"}
    for metric, values in lead3["summary"].items():
        assert first_three["summary"][metric] == pytest.approx(values)
    # A system that writes its own headline is scored against the titles too.
    titled = score(articles, apply(lambda s: Output("\n".join(x.text for x in s[:1]), s[0].text), articles))
    assert titled["headline"]["rouge1"] == pytest.approx(score(articles, standard["lead-1"])["headline"]["rouge1"])
    with pytest.raises(ValueError, match="some articles but not for others"):
        score(articles, [Output("x")] * 5 + [Output(None)])

    results, per_example = score_systems(articles, {"mine": apply(lambda s: [0, 1, 2], articles), **standard},
                                         "mine", 3, samples=100)
    assert per_example["mine"]["summary"]["rouge1"] == pytest.approx(lead3["summary"]["rouge1"])
    assert results["comparisons"][0]["minus"] == "lead-3"
    assert results["comparisons"][0]["metrics"]["rouge1"]["diff"] == pytest.approx(0)
    printed = tables(results)
    assert "| mine |" in printed and "ours − lead-3" in printed and "Headline vs title (6 articles)" in printed


def test_titles_only_give_no_summary_part():
    articles, _ = prepare([Example("a", "ذهب الوزير إلى القاهرة. واجتمع مع الرئيس.", [], "الوزير في القاهرة")])
    outputs = standard_systems(articles, 3, with_peers=True, with_oracle=False)
    for name, outs in outputs.items():
        assert set(score(articles, outs)) <= {"headline"}, name
    assert set(score(articles, outputs["lead-1"])) == {"headline"}


# -- the command ---------------------------------------------------------------------

def headline_only_set(tmp_path: Path) -> Path:
    """Three mechanics stories with their titles and no summary, gzip-compressed like the Jawhara set."""
    lines = []
    for record in map(json.loads, MECHANICS.read_text(encoding="utf-8").splitlines()[:3]):
        lines.append(json.dumps({"id": record["id"], "title": record["title"], "summary": None,
                                 "text": record["text"]}, ensure_ascii=False))
    path = tmp_path / "headlines" / "train.jsonl.gz"
    path.parent.mkdir()
    path.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("utf-8")))
    return path


def test_headline_only_set_scores_headlines_and_skips_the_summary_table(tmp_path, capsys):
    data = headline_only_set(tmp_path)
    assert run("--data", str(data), "--bootstrap", "50", "--out", str(tmp_path)) == 0
    printed = capsys.readouterr().out
    results = results_of(tmp_path / "summarization")
    assert results["data"]["with_summary"] == 0 and results["data"]["with_title"] == 3
    assert all("summary" not in s for s in results["systems"].values())
    assert "oracle" not in results["systems"]  # no references to be an oracle for
    assert {"extractive", "lead-1", "lead-1 cut (22 words)", *peers.PEERS} <= {
        name for name, s in results["systems"].items() if "headline" in s}
    assert {c["part"] for c in results["comparisons"]} == {"headline"}
    assert NO_SUMMARIES in printed and "Summary vs reference(s)" not in printed
    assert "Headline vs title (3 articles)" in printed and "headline: ours − lead-1 (first sentence)" in printed
    assert (tmp_path / "summarization" / "chart.png").read_bytes()[:4] == b"\x89PNG"


def test_the_time_per_article_is_printed(tmp_path, capsys):
    assert run("--data", str(MECHANICS), "--bootstrap", "0", "--out", str(tmp_path)) == 0
    printed = capsys.readouterr().out
    found = TIMING.findall(printed)
    assert found == ["6"] and printed.rstrip().splitlines()[-1].startswith("summarizer median ")
    timing = results_of(tmp_path / "summarization")["timing"]
    assert timing["articles"] == 6 and timing["articles_per_call"] == 1
    # The brief as a reader gets it, beside its baselines: whole brief, headline, repetition, frames.
    assert "What a reader gets:" in printed and "opening cut to the same words" in printed
    assert "% headlines opening with a frame" in printed
    read = results_of(tmp_path / "summarization")["reading"]
    assert set(read) == {"brief", "headline", "reading", "bullets"} and read["reading"]["frame"]["n"] == 6
    # Bullets read alone, found in their sentences by the brief's source indices.
    assert "Bullets read alone" in printed and read["bullets"]["inside_not_at_clause"]["value"] == 0
    assert 0 < timing["summarize_ms_median"] < 10_000 and timing["summarize_ms_mean"] > 0
    # The bullets a user gets when the real title is given, read the same way (the title is not scored
    # against itself): a row of their own.
    results = results_of(tmp_path / "summarization")
    under = results["reading_under_title"]
    assert results["titles_used"] == 6 and "headline" not in under and under["reading"]["repeats_headline"]["n"] == 6
    assert "extractive, under the real title (6 articles)" in printed


def test_several_sets_in_one_run(tmp_path, capsys):
    results_md = tmp_path / "RESULTS.md"
    assert run("--data", str(MECHANICS), "--data", str(DATA / "easc"), "--bootstrap", "0", "--out", str(tmp_path),
               "--results-md", str(results_md)) == 0
    printed = capsys.readouterr().out
    assert len(TIMING.findall(printed)) == 2 and NO_TITLES in printed  # EASC has no titles
    folders = sorted(p.name for p in (tmp_path / "summarization").iterdir())
    assert folders == ["easc", "eval_mechanics.jsonl"]
    assert results_of(tmp_path / "summarization" / "easc")["data"]["references_per_example"] == 5
    text = results_md.read_text(encoding="utf-8")
    assert "<!-- BEGIN summarization easc -->" in text and "<!-- BEGIN summarization eval/mechanics.jsonl -->" in text
    assert run("--data", str(MECHANICS), "--data", str(MECHANICS)) == 2
    assert "two --data sets have the same name 'eval/mechanics.jsonl'" in capsys.readouterr().err


def test_without_sumy_the_peer_rows_are_left_out_with_a_warning(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(peers, "missing", lambda: "sumy is not installed (pip install sumy==0.13.0)")
    assert run("--data", str(MECHANICS), "--limit", "2", "--bootstrap", "0", "--out", str(tmp_path)) == 0
    captured = capsys.readouterr()
    systems = results_of(tmp_path / "summarization")["systems"]
    assert not set(peers.PEERS) & set(systems) and "lead-3" in systems
    assert "warning: sumy is not installed" in captured.err


def test_an_article_that_breaks_the_summarizer_is_reported_not_fatal(tmp_path, capsys, monkeypatch):
    from summarizer.summarize.extractive import ExtractiveSummarizer

    original = ExtractiveSummarizer.summarize

    def fragile(self, sentences, num_bullets, headline=None):
        if "الحصبة" in sentences[0].text:  # the health story only
            raise RuntimeError("boom")
        return original(self, sentences, num_bullets, headline)

    monkeypatch.setattr(ExtractiveSummarizer, "summarize", fragile)
    assert run("--data", str(MECHANICS), "--bootstrap", "0", "--out", str(tmp_path)) == 0
    results = results_of(tmp_path / "summarization")
    broken = [r["id"] for r in results["failed"]]
    assert broken == ["mech-health"] and results["data"]["scored"] == 6 and results["timing"]["articles"] == 5
    assert "mech-health: internal error: RuntimeError: boom" in capsys.readouterr().err


# -- the real sets (../shared/data) ---------------------------------------------------

SHARED = shared_dir() / "data"
REAL = {"easc": SHARED / "easc", "bbc": SHARED / "ant-bbc-ar" / "dev.jsonl",
        "jawhara": SHARED / "ant-jawhara-ar-headlines" / "train.jsonl.gz"}


@pytest.mark.skipif(not all(p.exists() for p in REAL.values()),
                    reason=f"the EASC, BBC Arabic and Jawhara sets are not all in {SHARED} (set BRIEF_SHARED_DIR)")
@pytest.mark.slow
def test_the_three_real_sets_in_one_run(tmp_path, capsys):
    args = [x for path in REAL.values() for x in ("--data", str(path))]
    assert run(*args, "--limit", "8", "--bootstrap", "50", "--out", str(tmp_path)) == 0
    printed = capsys.readouterr().out
    assert len(TIMING.findall(printed)) == 3
    easc, bbc, jawhara = (results_of(tmp_path / "summarization" / name) for name in
                          ("easc", "ant-bbc-ar_dev.jsonl", "ant-jawhara-ar-headlines_train.jsonl.gz"))
    assert easc["data"]["references_per_example"] == 5 and easc["data"]["with_title"] == 0
    assert bbc["data"]["with_summary"] == bbc["data"]["with_title"] == 8
    assert jawhara["data"]["with_summary"] == 0 and jawhara["data"]["with_title"] == 8
    assert all(r["data"]["dev"] for r in (easc, bbc, jawhara))
    for r in (easc, bbc):
        assert {"lead-3", "oracle", *peers.PEERS} <= {n for n, s in r["systems"].items() if "summary" in s}
        # The greedy oracle starts from the best single sentence by mean, so it is never below lead-1.
        pair = lambda s: s["summary"]["rouge1"]["f1"] + s["summary"]["rouge2"]["f1"]  # noqa: E731
        assert pair(r["systems"]["oracle"]) >= pair(r["systems"]["lead-1"])
    assert "headline" in bbc["systems"]["extractive"] and "headline" in jawhara["systems"]["extractive"]
    assert "Summarization (dev): ant-jawhara-ar-headlines/train.jsonl.gz" in printed and NO_SUMMARIES in printed
