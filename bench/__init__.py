"""Speed benchmark: the library's batch path against a like-for-like loop (see RESULTS.md).

    python -m bench --quick     # 3 articles, every timed row 3 times; last line `speedup <x>x`

models.py builds the real-shape random models once (timing) and fetches the tiny trained
stand-ins (agreement), workload.py reads the articles, baseline.py holds the per-line and
tutorial loops and the library inputs they take, peer.py is CTranslate2 used directly,
runner.py runs one row, measure.py times and compares.
"""
