"""Arabic news in, bilingual (Arabic + English) headline-and-bullets brief out.

    from summarizer import brief
    print(brief(open("article.txt").read()).to_markdown())

Names are imported on first use, as transformers does, so that importing a leaf (summarizer.text.normalize)
never loads the pipeline and its models' code.
"""
from __future__ import annotations

import importlib

from ._version import __version__
from .brief import Brief  # first: loading the module summarizer.brief binds the name `brief`, rebound below

_NAMES = {"BriefPipeline": "pipeline", "Config": "config",
          "Record": "record", "Runner": "runner", "BriefError": "errors", "InputError": "errors",
          "ModelUnavailable": "errors"}
__all__ = [*_NAMES, "Brief", "brief", "__version__"]


def brief(text, config=None, **options):
    """Brief one Arabic article (`summarizer.pipeline.brief`: pipelines cached by their model settings)."""
    from .pipeline import brief as brief_one
    return brief_one(text, config, **options)


def __getattr__(name: str):
    if name not in _NAMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_NAMES[name]}", __name__), name)
    globals()[name] = value  # once
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
