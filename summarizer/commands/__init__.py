"""The `brief` commands, one module each, sharing their options, the rules between flags and the exit
codes (`options`, `summarizer.errors.EXIT_CODES`):

    brief INPUT [-o OUTPUT] [options]        brief a file, a folder, a batch, a URL or a feed (`brief`)
    brief digest FEED... -o digest.html      a day's news from feeds as one page for English readers (`digest`)
    brief follow FEED... --store news.db     follow feeds: each new story briefed once, an Atom feed out
                                             (`summarizer.follow.command`)
    brief models list|doctor|download        what is installed or wrong; fetch models ahead of time (`models`)

The library does the work; a command parses, checks, reports progress and picks the exit code.
"""
from __future__ import annotations

import sys

COMMANDS = {"digest": ".digest", "models": ".models", "follow": "..follow.command"}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    import importlib
    name = COMMANDS.get(argv[0]) if argv else None
    if name is not None:
        return importlib.import_module(name, __name__).main(argv[1:])
    from .brief import main as brief_main
    return brief_main(argv)
