"""Arabic news in, bilingual (Arabic + English) headline-and-bullets brief out.

    from summarizer import brief
    print(brief(open("article.txt").read()).to_markdown())
"""
from ._version import __version__  # noqa: E402
from .brief import Brief  # noqa: E402
from .config import Config  # noqa: E402
from .errors import BriefError, InputError, ModelUnavailable  # noqa: E402
from .pipeline import BriefPipeline, brief  # noqa: E402
from .record import Record  # noqa: E402

__all__ = ["brief", "Brief", "BriefPipeline", "Config", "Record",
           "BriefError", "InputError", "ModelUnavailable", "__version__"]
