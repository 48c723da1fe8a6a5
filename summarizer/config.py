"""The one typed configuration: arguments, then BRIEF_* environment variables, then defaults.

Each field documents itself (`help`), and the command line and the app generate
their flags from these fields, so a flag, its variable (--bullets: BRIEF_BULLETS)
and its default are one thing. `None` means "the model's own default": the presets in
prompts/ decide there.
"""
from __future__ import annotations

import argparse
import dataclasses
import functools
import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Literal, get_args, get_origin, get_type_hints

Backend = Literal["extractive", "seq2seq"]
Device = Literal["auto", "cpu", "cuda"]
DType = Literal["auto", "float32", "float16", "bfloat16", "int8"]
Runtime = Literal["transformers", "ctranslate2"]
HeadlineSource = Literal["title", "generated"]

DEFAULT_SUMMARIZER = "csebuetnlp/mT5_multilingual_XLSum"
# The strongest open Arabic->English Marian model is the default; the base one is kept for speed.
TRANSLATORS = {"best": "Helsinki-NLP/opus-mt-tc-big-ar-en", "fast": "Helsinki-NLP/opus-mt-ar-en"}
DEFAULT_TRANSLATOR = TRANSLATORS["best"]
ENV_PREFIX = "BRIEF_"
MIN_BULLETS, MAX_BULLETS = 3, 7
# Variables that are not settings (read by the app, the evaluation and the stand-in builder), so not unknown.
OTHER_VARIABLES = {"BRIEF_SHARED_DIR": "where ../shared (the seed article, evaluation data) is",
                   "BRIEF_STAND_IN_CACHE": "where `python -m summarizer.testing` caches the stand-in models"}
MAX_BEAMS = 32


def cache_home() -> Path:
    """$XDG_CACHE_HOME, else ~/.cache: the one root of the caches kept here (HTTP, CTranslate2, stand-ins)."""
    return Path(os.environ.get("XDG_CACHE_HOME") or "~/.cache").expanduser()


def other_variable(name: str) -> str | None:
    """One of OTHER_VARIABLES as set (blank is unset), so that Config stays the one reader of the environment."""
    if name not in OTHER_VARIABLES:
        raise KeyError(f"{name} is not one of the variables Config knows")
    return os.environ.get(name, "").strip() or None


def setting(default, help: str, flag: str | None = None, group: str = "brief", cli: bool = True,
            metavar: str | None = None):
    """A field with its help text; `flag` overrides the generated --field-name, and names the variable too;
    `metavar` is the placeholder in --help (default: N for numbers, TEXT for text)."""
    return field(default=default, metadata={"help": help, "flag": flag, "group": group, "cli": cli,
                                            "metavar": metavar})


@dataclass(frozen=True)
class Config:
    # -- models
    backend: Backend = setting("extractive", "extractive (no weights) or seq2seq", group="models")
    summarizer_model: str = setting(DEFAULT_SUMMARIZER, "hub id or local folder of a seq2seq summarizer",
                                 group="models", metavar="MODEL")
    translator_model: str = setting(DEFAULT_TRANSLATOR, "best, fast (opus-mt-ar-en), or a MarianMT ar->en hub id "
                                 "or folder; '' for none", group="models", metavar="MODEL")
    summarizer_runtime: Runtime = setting("transformers", "what runs the seq2seq summarizer (ctranslate2: the "
                                       "[fast] extra)", group="models")
    translator_runtime: Runtime = setting("transformers", "what runs the translator",
                                       group="models")
    device: Device = setting("auto", "where models run", group="models")
    dtype: DType = setting("auto", "weights' precision; auto: float32 on CPU, float16 on cuda, int8 "
                        "with ctranslate2 on CPU", group="models")
    offline: bool = setting(False, "never download models (as HF_HUB_OFFLINE=1)", group="models")
    require_english: bool = setting(False, "exit 3 when no translator can be loaded", group="models")
    allow_no_english: bool = setting(False, "Arabic only, not exit 3, when the translator named cannot be had",
                                  group="models")
    num_threads: int | None = setting(None, "CPU threads [default: all this process may use]", flag="--threads",
                                   group="models")
    ct2_cache: str | None = setting(None, "folder of CTranslate2 conversions [default: ~/.cache/brief-ct2]",
                                 group="models", metavar="DIR")
    # -- the brief
    num_bullets: int = setting(5, f"bullets per brief, {MIN_BULLETS}-{MAX_BULLETS}", flag="--bullets")
    num_beams: int | None = setting(None, "beam width; 1 is greedy, faster [default: each model's own]",
                                 flag="--beams")
    # 22: shorter caps lose to the first sentence on ROUGE against real titles; chosen on Jawhara (longer is
    # better there), confirmed on BBC Arabic (eval/RESULTS.md). Users who want terse headlines can lower it.
    headline_max_words: int = setting(22, "longest headline, in words")
    headline: HeadlineSource = setting("title", "a source's own title, or always generated")
    summary_max_new_tokens: int | None = setting(None, "longest generated bullet, in tokens [default: the preset's]")
    headline_max_new_tokens: int | None = setting(None, "longest generated headline, in tokens [default: the preset's]")
    translation_max_new_tokens: int | None = setting(None, "longest translated line, in tokens [default: twice "
                                                  "the input]")
    # -- limits: inputs over them are refused with a clear error, never cut
    max_chars: int = setting(200_000, "longest article, in characters", group="limits")
    max_file_bytes: int = setting(4_000_000, "largest input file or record, in bytes", group="limits")
    max_zip_members: int = setting(10_000, "most files in one .zip", group="limits")
    max_zip_bytes: int = setting(400_000_000, "most uncompressed bytes in one .zip", group="limits")
    max_upload_bytes: int = setting(25_000_000, "largest upload the web app accepts", group="limits", cli=False)
    # -- speed
    batch_size: int = setting(32, "articles briefed together",
                           group="speed")
    generate_batch_size: int = setting(32, "most sequences in one generate call", group="speed")
    max_batch_tokens: int = setting(8192, "most padded tokens in one generate call", group="speed")
    batch_min_fill: float = setting(0.5, "a sequence shorter than this share of its batch's longest "
                                 "starts a new batch; 0 is off", group="speed")
    share_cross_attention_cache: bool = setting(True, "beams share the encoder's cross-attention cache (same "
                                             "outputs)", group="speed")
    # -- the web: pages and feeds (summarizer/web)
    ignore_robots: bool = setting(False, "fetch pages that the site's robots.txt disallows", group="web")
    fetch_timeout: float = setting(30.0, "seconds to fetch one page or feed, all told", group="web", metavar="SECONDS")
    max_page_bytes: int = setting(5_000_000, "largest page or feed, decompressed", group="web")
    http_cache: str | None = setting(None, "HTTP cache ('' for none) [default: ~/.cache/brief-http]", group="web",
                                  metavar="DIR")
    http_cache_max_mb: float = setting(100.0, "HTTP cache size cap (LRU)", group="web", metavar="MB")
    max_feed_items: int | None = setting(None, "items read per feed [default: all]", group="web")
    # The command line runs on the user's own machine; the app turns this off (a demo must not be a proxy).
    allow_private_urls: bool = setting(True, "fetch from hosts on loopback, private, link-local, multicast or "
                                    "reserved addresses", group="web", cli=False)

    def __post_init__(self) -> None:
        # None means none, as '' does: Config(translator_model=None) is Arabic only.
        object.__setattr__(self, "translator_model", translator_id("" if self.translator_model is None else self.translator_model))
        check_bullets(self.num_bullets)
        hints = get_type_hints(Config)
        for f in fields(self):
            if isinstance(getattr(self, f.name), os.PathLike) and value_type(hints[f.name]) is str:
                object.__setattr__(self, f.name, os.fspath(getattr(self, f.name)))  # a model folder as a Path
            if f.name != "num_bullets":  # check_bullets also takes 5.0
                check_type(f.name, getattr(self, f.name), hints[f.name])
        if self.num_beams is not None:
            check_beams(self.num_beams)
        for name in ("max_chars", "max_file_bytes", "max_zip_members", "max_zip_bytes", "max_upload_bytes",
                     "max_page_bytes", "batch_size", "generate_batch_size", "max_batch_tokens", "headline_max_words"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be positive, got {getattr(self, name)}")
        if self.num_threads is not None and self.num_threads < 1:
            raise ValueError(f"num_threads must be positive, got {self.num_threads}")
        if not self.http_cache_max_mb > 0:
            raise ValueError(f"http_cache_max_mb must be positive, got {self.http_cache_max_mb}")
        if self.max_feed_items is not None and self.max_feed_items < 1:
            raise ValueError(f"max_feed_items must be positive, got {self.max_feed_items}")
        if not self.fetch_timeout > 0:
            raise ValueError(f"fetch_timeout must be positive, got {self.fetch_timeout}")
        if not 0 <= self.batch_min_fill < 1:
            raise ValueError(f"batch_min_fill must be in [0, 1), got {self.batch_min_fill}")
        for f in fields(self):
            choices = get_args(hints[f.name]) if get_origin(hints[f.name]) is Literal else ()
            if choices and getattr(self, f.name) not in choices:
                raise ValueError(f"{f.name} must be one of {', '.join(choices)}; got {getattr(self, f.name)!r}")

    def is_default(self, name: str) -> bool:
        """Whether a setting holds its default (e.g. a model the user did not name)."""
        return getattr(self, name) == self.__dataclass_fields__[name].default

    @property
    def threads(self) -> int:
        """The CPU thread count, resolved once here for every runtime."""
        return self.num_threads or cpu_threads()

    def replace(self, **changes) -> "Config":
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})

    @classmethod
    def from_env(cls, environ: dict | None = None, **overrides) -> "Config":
        """Defaults, overridden by BRIEF_<FIELD> variables, overridden by arguments that are not None."""
        values = env_values(cls, os.environ if environ is None else environ)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


def check_bullets(value) -> int:
    """The one check of a bullet count: a whole number from 3 to 7."""
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        else:
            raise ValueError(f"num_bullets must be a whole number from {MIN_BULLETS} to {MAX_BULLETS}, got {value!r}")
    if not MIN_BULLETS <= value <= MAX_BULLETS:
        raise ValueError(f"num_bullets must be between {MIN_BULLETS} and {MAX_BULLETS}, got {value}")
    return value


_TYPE_WORDS = {bool: "True or False", int: "a whole number", float: "a number", str: "text"}


def check_type(name: str, value, hint) -> None:
    """A setting of the wrong type is refused by name (`num_threads must be a whole number, got 'abc'`),
    before a comparison deep inside fails with a bare TypeError."""
    if get_origin(hint) is Literal or (value is None and type(None) in get_args(hint)):
        return  # choices are checked with their names; None where None is allowed
    kind = value_type(hint)
    ok = {bool: lambda v: isinstance(v, bool), int: lambda v: isinstance(v, int) and not isinstance(v, bool),
          float: lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
          str: lambda v: isinstance(v, str)}.get(kind, lambda v: True)
    if not ok(value):
        allowed = _TYPE_WORDS.get(kind, kind.__name__) + (" or None" if type(None) in get_args(hint) else "")
        raise ValueError(f"{name} must be {allowed}, got {value!r} ({type(value).__name__})")


def translator_id(name: str) -> str:
    """The model an alias stands for (best, fast); any other name (hub id, folder, '') as given.
    A folder named like an alias is reached as ./best."""
    return TRANSLATORS.get(name.strip().lower(), name) if isinstance(name, str) else name


def translator_label(name: str) -> str:
    """A translator as people are shown it: `best (Helsinki-NLP/opus-mt-tc-big-ar-en)` for an alias's model."""
    alias = next((a for a, model in TRANSLATORS.items() if model == name), None)
    return f"{alias} ({name})" if alias else name


def is_local_path(name: str) -> bool:
    """A model setting that names a folder on disk rather than a hub id ('org/name')."""
    return os.path.isabs(name) or name.startswith((".", "~")) or os.path.exists(name) or name.count("/") > 1


def check_beams(value) -> int:
    """The one check of a beam width: a whole number from 1 to MAX_BEAMS."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_BEAMS:
        raise ValueError(f"num_beams must be a whole number from 1 to {MAX_BEAMS}, got {value!r}")
    return value


def cpu_threads() -> int:
    """CPUs this process may use (affinity and container limits), not the host's count."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def flag_name(f: dataclasses.Field) -> str:
    """The command-line flag of a field: its own `flag`, else --field-name."""
    return f.metadata.get("flag") or "--" + f.name.replace("_", "-")


def env_name(f: dataclasses.Field) -> str:
    """The variable of a field: BRIEF_ and its flag's name (--bullets: BRIEF_BULLETS)."""
    return ENV_PREFIX + flag_name(f).lstrip("-").replace("-", "_").upper()


def env_values(cls, environ) -> dict:
    """Typed values of the BRIEF_* variables set for the fields of dataclass `cls` (an empty one is unset)."""
    hints = get_type_hints(cls)
    values = {}
    for f in fields(cls):
        raw = environ.get(env_name(f))
        if raw is not None and raw.strip():
            values[f.name] = parse_value(raw.strip(), hints[f.name], env_name(f))
    return values


# -- the same fields as command-line flags (the CLI's and the app's) ------------------------------------

GROUP_TITLES = {"models": "models", "brief": "the brief", "output": "output",
                "limits": "limits (an input over one is refused, never cut)", "speed": "speed",
                "scale-out": "scale-out",
                "web": "the web (URLs and feeds)"}


def command_parser(prog: str, usage: str, description: str, raw: bool = False, **options):
    """A command's parser, its help laid out as every command's is (`raw`: the description as written)."""
    kind = argparse.RawDescriptionHelpFormatter if raw else argparse.HelpFormatter
    return argparse.ArgumentParser(prog=prog, usage=usage, description=description, **options,
                                   formatter_class=functools.partial(kind, max_help_position=34, width=100))


def add_options(parser, cls=None, groups: dict | None = None, only: tuple[str, ...] | None = None) -> None:
    """A flag for each field of `cls` (Config by default), in argument groups; `only` picks groups."""
    cls = cls or Config
    groups = {} if groups is None else groups
    hints = get_type_hints(cls)
    for f in fields(cls):
        if not f.metadata.get("cli", True) or (only is not None and f.metadata["group"] not in only):
            continue
        group = groups.get(f.metadata["group"])
        if group is None:
            group = groups[f.metadata["group"]] = parser.add_argument_group(GROUP_TITLES[f.metadata["group"]])
        kind = value_type(hints[f.name])
        # A switch's default is off, said by being a switch; a value's default is shown once.
        default = "" if f.default in (None, "") or kind is bool else f" [default: {f.default}]"
        helptext = f"{f.metadata['help']}{default}"  # its variable, BRIEF_<FLAG>, is one rule in the epilog
        names = (["-q"] if f.name == "quiet" else []) + [flag_name(f)]
        if kind is bool and f.default:  # on by default: --name and --no-name
            group.add_argument(*names, dest=f.name, action=argparse.BooleanOptionalAction, default=None,
                               help=helptext)
        elif kind is bool:  # a "--no-..." flag that turns something on stays a plain switch
            group.add_argument(*names, dest=f.name, action="store_const", const=True, default=None, help=helptext)
        elif get_origin(kind) is Literal:
            group.add_argument(*names, dest=f.name, choices=get_args(kind), default=None, help=helptext)
        else:
            group.add_argument(*names, dest=f.name, type=kind, default=None, help=helptext,
                               metavar=f.metadata.get("metavar") or ("TEXT" if kind is str else "N"))


def flag_values(cls, args) -> dict:
    """The fields of `cls` that flags set (None where a flag was not given)."""
    return {f.name: getattr(args, f.name, None) for f in fields(cls)}


def from_args(cls, args, environ=None):
    """An instance of `cls`: flags over BRIEF_* variables over defaults."""
    values = env_values(cls, os.environ if environ is None else environ)
    values.update({k: v for k, v in flag_values(cls, args).items() if v is not None})
    return cls(**values)


def unknown_variables(classes, other: dict | None = None, environ=None) -> list[str]:
    """Warnings for BRIEF_* variables that nothing reads: a typo would otherwise be silently ignored."""
    import difflib
    environ = os.environ if environ is None else environ
    known = {env_name(f) for cls in classes for f in fields(cls)} | set(other or {})
    warnings = []
    for name in sorted(k for k in environ if k.startswith(ENV_PREFIX) and k not in known):
        close = difflib.get_close_matches(name, known, n=1)
        warnings.append(f"unknown environment variable {name} is ignored"
                        + (f" (did you mean {close[0]}?)" if close else "") + "; `brief --help` lists them")
    return warnings


def option_error(message: str, classes) -> str:
    """A settings error in the user's words: the flag and its variable, not the field name."""
    for cls in classes:
        for f in fields(cls):
            if message.startswith(f.name + " "):
                return f"{flag_name(f)} ({env_name(f)}){message[len(f.name):]}"
    return message


def value_type(hint):
    """The plain type behind a hint: int for `int | None`, the Literal itself for choices."""
    types = [t for t in get_args(hint) if t is not type(None)] if get_origin(hint) is not Literal else [hint]
    return (types or [hint])[0]


def parse_value(raw: str, hint, source: str):
    kind = value_type(hint)
    if get_origin(kind) is Literal:
        if raw not in get_args(kind):
            raise ValueError(f"{source}={raw!r} must be one of {', '.join(get_args(kind))}")
        return raw
    try:
        if kind is bool:
            if raw.lower() not in {"1", "0", "true", "false", "yes", "no", "on", "off"}:
                raise ValueError(raw)
            return raw.lower() in {"1", "true", "yes", "on"}
        if kind in (int, float):
            return None if raw.lower() in {"", "none"} else kind(raw.replace("_", ""))
    except ValueError:
        raise ValueError(f"{source}={raw!r} is not a valid {kind.__name__}") from None
    return raw
