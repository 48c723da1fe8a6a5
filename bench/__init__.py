"""Speed benchmark: the library's batch path against the naive tutorial loop (see RESULTS.md).

    python -m bench --quick     # under 5 minutes on 2 cores; last line `speedup <x>x`

models.py builds the real-shape random models once, workload.py reads the articles,
baseline.py is the tutorial loop, runner.py runs one row, measure.py times and compares.
"""
