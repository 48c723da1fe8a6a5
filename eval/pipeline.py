"""Loading the library's pipeline from the commands' model options."""
from __future__ import annotations

import logging

from eval.data import EvalError


def load_pipeline(args, **fields):
    """BriefPipeline from --device/--dtype/... plus `fields`; the BRIEF_* environment fills the rest.

    The library logs each load problem as a warning; here they are kept on
    pipe.load_warnings and reported by the command, once.
    """
    from summarizer import BriefPipeline, Config
    from summarizer.errors import BriefError

    library_log = logging.getLogger("summarizer")
    level = library_log.level
    library_log.setLevel(logging.ERROR)
    try:
        options = dict(device=args.device, dtype=args.dtype, num_beams=args.num_beams, batch_size=args.batch_size,
                       translator_model=args.translator_model, translation_max_new_tokens=args.max_new_tokens,
                       offline=True if args.offline else None)
        config = Config.from_env(**{**options, **fields})
        return BriefPipeline(config)
    except (ValueError, BriefError) as error:
        raise EvalError(str(error)) from None
    finally:
        library_log.setLevel(level)


def english_unavailable(pipe) -> str:
    """The pipeline's own account of why there is no translator."""
    return next((w for w in pipe.load_warnings if w.startswith("English unavailable")),
                f"English unavailable: {pipe.english_status}")
