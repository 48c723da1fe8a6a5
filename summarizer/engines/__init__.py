"""Engines that distribute the library's batch API; the brief logic itself stays in `summarizer.pipeline`.

`summarizer.engines.ray` needs the optional Ray install (`pip install -r requirements-ray.txt`);
nothing here imports it, so the core install stays lean.
"""
