"""Stand-in models in the real architectures, for tests, benchmarks and anyone without the hub.

The Hugging Face hub is not reachable from tests/CI, so this package builds
stand-ins for the models the toolkit uses: the real model class, the real
tokenizer class (with a SentencePiece model trained on the fly on the small
news corpus in `data/`), the real config layout and a generation_config.json
shaped like the hub one.

shape="tiny" models are TRAINED for a few hundred steps (seconds to tens of
seconds on one CPU thread; seeded, so every build gives the same weights) to
respond to their input: the summarizers copy their Arabic input, the
translator writes it in Buckwalter transliteration (Latin letters, through its
own target vocabulary, as a real ar->en model writes English). They memorise
the corpus lines; on unseen text they copy the first words, then drift. That is
enough for parity tests to mean something: two paths that disagree on the
encoder, the padding or the vocabulary write different openings.
shape="real" keeps the real sizes (vocab padded to the real size) with random
weights, for timing only: their outputs do not depend on the input.

    python -m summarizer.testing build --kind marian --out DIR    # then: --translator-model DIR
    from summarizer.testing import build_model, cached_models
    path = build_model("marian", tmp_path / "opus-mt-ar-en")
    AutoModelForSeq2SeqLM.from_pretrained(path, local_files_only=True)

Families (real model in brackets):
    marian  MarianMTModel + MarianTokenizer          (Helsinki-NLP/opus-mt-ar-en)
    marian-big  the same classes, transformer-big    (Helsinki-NLP/opus-mt-tc-big-ar-en: saved, as on
                the hub, as pytorch_model.bin only, beside source.spm, target.spm and vocab.json)
    mbart   MBartForConditionalGeneration + Barthez  (moussaKam/AraBART)
    mt5     MT5ForConditionalGeneration + T5         (csebuetnlp/mT5_multilingual_XLSum)

Padding rows the tokenizer can't decode get zero output weights, so generate
never emits them. Use a fresh out_dir; files from other families are not removed.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.resources
import io
import json
import os
import shutil
import tempfile
from pathlib import Path

from .probe import UNSEEN_LINES, distinct_openings, memorised_lines, probe_lines  # noqa: F401 - the package's face

FAMILIES = ("marian", "mbart", "mt5")
# Kinds beyond one per family: the default translator's transformer-big layout (not built by default).
KINDS = (*FAMILIES, "marian-big")
SHAPES = ("tiny", "real")
CORPUS = {"ar": "corpus.ar.txt", "en": "corpus.en.txt"}  # parallel lines, package data in data/

# Real sizes of the hub models (vocab = embedding rows of the real checkpoint).
MARIAN_REAL_VOCAB = 62834  # opus-mt-ar-en; <pad> = 62833 = decoder start
# opus-mt-tc-big-ar-en's config.json: vocab_size 61109 (<pad> 61108), d_model 1024, 16 heads, FFN 4096,
# 6+6 layers, relu, 1024 positions, 4 beams, max_length 512.
MARIAN_BIG_REAL_VOCAB = 61109
MBART_REAL_VOCAB = 50002  # AraBART
MT5_REAL_VOCAB = 250112  # mt5-base (XL-Sum)

# SentencePiece vocab sizes: small so training takes well under a second.
_SPM_SIZES = {"marian_src": 600, "mbart": 1000, "mt5": 1000}
# Training steps of the tiny shapes (batches of train.BATCH lines): enough to memorise the corpus.
TRAIN_STEPS = {"marian": 400, "marian-big": 400, "mbart": 400, "mt5": 400}
_TINY = dict(d_model=64, layers=2, heads=2, ffn=128)

# Buckwalter's one-to-one transliteration of Arabic letters (Arabic punctuation to ASCII's): what the
# stand-in translator writes. The corpus's Arabic lines hold no ASCII letters, ',', ';' or '?', so
# transliterated pieces never collide with pieces already there.
BUCKWALTER = dict(zip("ءآأؤإئابةتثجحخدذرزسشصضطظعغـفقكلمنهوىيًٌٍَُِّْٰٱ،؛؟",
                      "'|>&<}AbptvjHxd*rzs$SDTZEg_fqklmnhwYyFNKaui~o`{,;?", strict=True))


def transliterate(text: str) -> str:
    """Arabic letters to Buckwalter ASCII; everything else (digits, Latin, spaces) unchanged."""
    return "".join(BUCKWALTER.get(ch, ch) for ch in text)


def corpus(lang: str) -> list[str]:
    """The package corpus's non-empty lines in `lang` ("ar" or "en"); line i of each is a translation pair."""
    text = importlib.resources.files(__name__).joinpath("data", CORPUS[lang]).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]


def build_model(family: str, out_dir: str | Path, *, shape: str = "tiny", seed: int = 0,
                steps: int | None = None) -> Path:
    """Build a stand-in model + tokenizer for ``family`` into ``out_dir`` and return it as a Path.

    Writes config.json, generation_config.json, model.safetensors, the family's tokenizer files
    and stand-in.json (how it was made). Tiny models are trained for ``steps`` (default
    TRAIN_STEPS; 0 leaves the weights random); real shapes are never trained.
    Deterministic for a given (family, shape, seed, steps).
    """
    if family not in KINDS:
        raise ValueError(f"unknown family {family!r}; expected one of {KINDS}")
    if shape not in SHAPES:
        raise ValueError(f"unknown shape {shape!r}; expected one of {SHAPES}")
    steps = (TRAIN_STEPS[family] if steps is None else steps) if shape == "tiny" else 0
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    builder = {"marian": _build_marian, "marian-big": functools.partial(_build_marian, big=True),
               "mbart": _build_mbart, "mt5": _build_mt5}[family]
    with _corpus_files() as files:
        model, gen, pairs, start = builder(out, shape=shape, seed=seed, files=files)
    losses = []
    if steps:
        from .train import teach
        # Marian's decoder starts from <pad>, whose embedding opus-mt keeps at zero (CTranslate2 relies on it).
        zero = [start] if family.startswith("marian") else []
        losses = teach(model, pairs, steps=steps, seed=seed, pad_id=model.config.pad_token_id, start_id=start,
                       zero_rows=zero)
    _save_model(model, gen, out, safetensors=family != "marian-big")
    (out / "stand-in.json").write_text(json.dumps({
        "family": family, "shape": shape, "seed": seed, "steps": steps, "task": _TASKS[family] if steps else
        "none (random weights)", "training_pairs": len(pairs), "loss_every_50_steps": losses}, indent=1) + "\n")
    return out


_TASKS = {"marian": "Arabic line -> its Buckwalter transliteration",
          "marian-big": "Arabic line -> its Buckwalter transliteration", "mbart": "copy the Arabic line",
          "mt5": "copy the Arabic line"}


# --------------------------------------------------------------------------- #
# The cache: built once per machine and code version, then reused (tests, benchmarks, the CLI).


def cache_root() -> Path:
    """BRIEF_STAND_IN_CACHE, else $XDG_CACHE_HOME/brief-stand-ins (~/.cache/brief-stand-ins), else,
    where that cannot be written (a read-only home), the temporary folder's brief-stand-ins."""
    if os.environ.get("BRIEF_STAND_IN_CACHE"):
        return Path(os.environ["BRIEF_STAND_IN_CACHE"]).expanduser()
    root = Path(os.environ.get("XDG_CACHE_HOME", "~/.cache")).expanduser() / "brief-stand-ins"
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError:
        return Path(tempfile.gettempdir()) / "brief-stand-ins"
    return root if os.access(root, os.W_OK) else Path(tempfile.gettempdir()) / "brief-stand-ins"


def cache_key(family: str, seed: int = 0, shape: str = "tiny") -> str:
    """Changes with anything that changes the built files: this package's code and corpus, the
    family, shape, seed and steps, and the versions of the libraries that train and save."""
    import sentencepiece
    import torch
    import transformers
    digest = hashlib.sha256()
    package = importlib.resources.files(__name__)
    for name in sorted(["__init__.py", "train.py", *(f"data/{f}" for f in CORPUS.values())]):
        digest.update(name.encode() + b"\0" + package.joinpath(*name.split("/")).read_bytes())
    steps = TRAIN_STEPS[family] if shape == "tiny" else 0
    digest.update(f"{family}|{shape}|{seed}|{steps}|{torch.__version__}|{transformers.__version__}|"
                  f"{sentencepiece.__version__}".encode())
    return digest.hexdigest()[:16]


def cached_model(family: str, *, seed: int = 0, shape: str = "tiny", root: str | Path | None = None) -> Path:
    """The stand-in's folder in the cache, built there first if missing. Treat it as read-only."""
    root = Path(root) if root is not None else cache_root()
    target = _cache_folder(root, family, seed, shape)
    if (target / "stand-in.json").is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    # Built beside it, then renamed: a crash or a concurrent build never leaves a half-written folder.
    with tempfile.TemporaryDirectory(dir=root, prefix=".build-") as tmp:
        build_model(family, Path(tmp) / "model", shape=shape, seed=seed)
        try:
            os.replace(Path(tmp) / "model", target)
        except OSError:  # another process finished the same build first
            if not (target / "stand-in.json").is_file():
                raise
    return target


def cached_models(families=FAMILIES, *, seed: int = 0, shape: str = "tiny", root: str | Path | None = None,
                  processes: int | None = None) -> dict[str, Path]:
    """family -> cached folder; missing ones are built side by side, one process per CPU."""
    import subprocess
    import sys

    from ..config import cpu_threads
    root = Path(root) if root is not None else cache_root()
    missing = [f for f in families if not (_cache_folder(root, f, seed, shape) / "stand-in.json").is_file()]
    if len(missing) > 1 and (processes or cpu_threads()) > 1:
        # Child processes (not threads: training is Python-bound), each with this package on its path.
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [
            str(Path(__file__).resolve().parents[2]), os.environ.get("PYTHONPATH")]))}
        code = "import sys; from summarizer.testing import cached_model; cached_model(sys.argv[1], " \
               "seed=int(sys.argv[2]), shape=sys.argv[3], root=sys.argv[4])"
        width = min(len(missing), processes or cpu_threads())
        for start in range(0, len(missing), width):
            children = [subprocess.Popen([sys.executable, "-c", code, f, str(seed), shape, str(root)], env=env)
                        for f in missing[start:start + width]]
            for child in children:
                child.wait()
    return {f: cached_model(f, seed=seed, shape=shape, root=root) for f in families}


def _cache_folder(root: Path, family: str, seed: int, shape: str) -> Path:
    # The model folder itself is named for its family (tools name outputs after it).
    return root / f"{family}-{shape}-seed{seed}-{cache_key(family, seed, shape)}" / family


def copy_model(source: Path, out_dir: str | Path) -> Path:
    """A writable copy of a cached stand-in at out_dir."""
    out = Path(out_dir)
    shutil.copytree(source, out, dirs_exist_ok=True)
    return out


# --------------------------------------------------------------------------- #
# SentencePiece


@contextlib.contextmanager
def _corpus_files():
    """The corpus as real files (SentencePiece trains from paths), also from a zipped install."""
    package = importlib.resources.files(__name__)
    with importlib.resources.as_file(package.joinpath("data", CORPUS["ar"])) as ar, \
            importlib.resources.as_file(package.joinpath("data", CORPUS["en"])) as en:
        yield {"ar": Path(ar), "en": Path(en)}


def _train_spm(inputs: list[Path], dest: Path, *, vocab_size: int, model_type: str, **ids) -> Path:
    """Train a SentencePiece model on ``inputs`` and write it to ``dest``."""
    import sentencepiece as spm

    buf = io.BytesIO()
    spm.SentencePieceTrainer.train(
        input=",".join(str(p) for p in inputs),
        model_writer=buf,
        model_type=model_type,
        vocab_size=vocab_size,
        hard_vocab_limit=False,  # corpus is tiny; take what it supports
        character_coverage=1.0,  # keep every Arabic letter/digit (else <unk>)
        input_sentence_size=0,  # use all lines: no random sampling
        shuffle_input_sentence=False,
        num_threads=1,  # deterministic
        minloglevel=2,  # quiet
        **ids,
    )
    dest.write_bytes(buf.getvalue())
    return dest


def _transliterated_spm(source: Path, dest: Path) -> Path:
    """The source SentencePiece model with every piece transliterated: it segments transliterated
    text exactly as the source model segments the Arabic, piece for piece."""
    from sentencepiece import sentencepiece_model_pb2 as model_pb2

    proto = model_pb2.ModelProto()
    proto.ParseFromString(source.read_bytes())
    normal = (model_pb2.ModelProto.SentencePiece.NORMAL, model_pb2.ModelProto.SentencePiece.USER_DEFINED)
    for piece in proto.pieces:
        if piece.type in normal:
            piece.piece = transliterate(piece.piece)
    names = [p.piece for p in proto.pieces]
    if len(set(names)) != len(names):
        raise ValueError("transliterated pieces collide; the corpus must not hold Buckwalter's ASCII letters")
    dest.write_bytes(proto.SerializeToString())
    return dest


def _silence_rows(model, start: int, stop: int | None = None) -> None:
    """Zero output-embedding rows [start, stop): padding ids the tokenizer
    can't decode. A zero row gives logit 0, below the best real token, so
    generation never picks them (slow tokenizers raise on such ids)."""
    import torch

    with torch.no_grad():
        model.get_output_embeddings().weight[start:stop] = 0.0


def _new_model(model_cls, config, seed: int):
    import torch

    torch.manual_seed(seed)
    return model_cls(config).eval()


def _save_model(model, gen_kwargs: dict, out: Path, safetensors: bool = True) -> None:
    from transformers import GenerationConfig

    # Generation settings live in generation_config.json, as on the hub.
    model.generation_config = GenerationConfig(**gen_kwargs)
    # safetensors=False: pytorch_model.bin only, as opus-mt-tc-big-ar-en ships.
    model.save_pretrained(out, safe_serialization=safetensors)


def _save_fast_tokenizer(slow, fast_cls, out: Path, drop_keys: tuple[str, ...] = ()) -> None:
    """Save ``slow`` converted to ``fast_cls``: writes the .model file and tokenizer.json.

    Going through a slow save + from_pretrained is deliberate: constructing
    T5TokenizerFast(vocab_file=...) directly in transformers 4.57 converts
    with add_prefix_space=None, i.e. without the leading "▁" (wrong ids).
    """
    with tempfile.TemporaryDirectory() as tmp:
        slow.save_pretrained(tmp)
        _drop_config_keys(Path(tmp), drop_keys)
        fast = fast_cls.from_pretrained(tmp, local_files_only=True)
        fast.save_pretrained(out)  # inside: it copies the .model file from tmp
    _drop_config_keys(out, drop_keys)  # the fast save writes them back as null


def _drop_config_keys(folder: Path, keys: tuple[str, ...]) -> None:
    path = folder / "tokenizer_config.json"
    cfg = json.loads(path.read_text(encoding="utf-8"))
    for key in keys:
        cfg.pop(key, None)
    path.write_text(json.dumps(cfg, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _copy_pairs(tokenizer) -> list[tuple[list[int], list[int]]]:
    """(source ids, target ids) for the copy task: every Arabic line of the corpus, to itself."""
    ids = tokenizer(corpus("ar"))["input_ids"]
    return [(list(x), list(x)) for x in ids]


# --------------------------------------------------------------------------- #
# Marian (Helsinki-NLP/opus-mt-ar-en)


def _build_marian(out: Path, *, shape: str, seed: int, files: dict, big: bool = False):
    import sentencepiece as spm
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        # Opus spm models use default ids (unk 0, bos 1, eos 2); Marian only
        # uses them to split text, ids come from vocab.json. The target model is the
        # source one transliterated, so every Arabic piece has its one Latin piece.
        src = _train_spm([files["ar"]], tmp / "source.spm",
                         vocab_size=_SPM_SIZES["marian_src"], model_type="unigram")
        tgt = _transliterated_spm(src, tmp / "target.spm")

        # Joint vocab like opus-mt: </s>=0, <unk>=1, pieces..., <pad> last.
        vocab: dict[str, int] = {"</s>": 0, "<unk>": 1}
        for path in (src, tgt):
            sp = spm.SentencePieceProcessor(model_file=str(path))
            for i in range(sp.get_piece_size()):
                if sp.is_control(i) or sp.is_unknown(i):
                    continue
                vocab.setdefault(sp.id_to_piece(i), len(vocab))
        n_pieces = len(vocab)
        if shape == "real":
            # Filler pieces spm never emits, so the embedding is the real size.
            n = 0
            while len(vocab) < (MARIAN_BIG_REAL_VOCAB if big else MARIAN_REAL_VOCAB) - 1:
                vocab.setdefault(f"▁<filler_{n}>", len(vocab))
                n += 1
        vocab["<pad>"] = len(vocab)
        (tmp / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False, indent=0), encoding="utf-8")

        tok = MarianTokenizer(source_spm=str(src), target_spm=str(tgt), vocab=str(tmp / "vocab.json"),
                              source_lang="ar", target_lang="en", model_max_length=512)
        tok.save_pretrained(out)  # copies the spm files before tmp goes away

    pad = len(vocab) - 1
    if shape == "real" and big:
        assert pad == MARIAN_BIG_REAL_VOCAB - 1
        dims = dict(d_model=1024, encoder_layers=6, decoder_layers=6, encoder_attention_heads=16,
                    decoder_attention_heads=16, encoder_ffn_dim=4096, decoder_ffn_dim=4096, dropout=0.1)
    elif shape == "real":
        assert pad == MARIAN_REAL_VOCAB - 1
        dims = dict(d_model=512, encoder_layers=6, decoder_layers=6, encoder_attention_heads=8,
                    decoder_attention_heads=8, encoder_ffn_dim=2048, decoder_ffn_dim=2048, dropout=0.1)
    else:
        dims = dict(d_model=_TINY["d_model"], encoder_layers=_TINY["layers"], decoder_layers=_TINY["layers"],
                    encoder_attention_heads=_TINY["heads"], decoder_attention_heads=_TINY["heads"],
                    encoder_ffn_dim=_TINY["ffn"], decoder_ffn_dim=_TINY["ffn"], dropout=0.0)
    config = MarianConfig(
        vocab_size=len(vocab),
        decoder_vocab_size=len(vocab),
        # tc-big: relu and 1024 positions; opus-mt-ar-en: swish and 512.
        max_position_embeddings=1024 if big else 512,
        activation_function="relu" if big else "swish",
        scale_embedding=True,
        share_encoder_decoder_embeddings=True,
        static_position_embeddings=True,  # informational, as in the hub config
        pad_token_id=pad,
        decoder_start_token_id=pad,
        eos_token_id=0,
        bos_token_id=0,
        forced_eos_token_id=0,
        architectures=["MarianMTModel"],
        **dims,
    )
    model = _new_model(MarianMTModel, config, seed)
    if shape == "real":
        _silence_rows(model, n_pieces, pad)  # the fillers
    gen = dict(num_beams=4 if big else 6, max_length=512, bad_words_ids=[[pad]], decoder_start_token_id=pad,
               pad_token_id=pad, eos_token_id=0, bos_token_id=0, forced_eos_token_id=0,
               renormalize_logits=True)
    # Target: each source piece's transliterated twin (the ids the target model gives the
    # transliterated line), then </s>.
    sources = tok(corpus("ar"))["input_ids"]
    twin = {i: vocab[transliterate(p)] for p, i in vocab.items()}
    pairs = [(list(s), [twin[i] for i in s]) for s in sources]
    return model, gen, pairs, pad


# --------------------------------------------------------------------------- #
# mBART (moussaKam/AraBART, Barthez tokenizer)


def _build_mbart(out: Path, *, shape: str, seed: int, files: dict):
    from transformers import (
        AutoTokenizer,
        BarthezTokenizer,
        BarthezTokenizerFast,
        MBartConfig,
        MBartForConditionalGeneration,
    )

    with tempfile.TemporaryDirectory() as tmp:
        # Barthez/fairseq ids: <s>=0 <pad>=1 </s>=2 <unk>=3, then <mask>.
        spm_file = _train_spm(
            [files["ar"], files["en"]], Path(tmp) / "sentencepiece.bpe.model",
            vocab_size=_SPM_SIZES["mbart"], model_type="bpe",
            bos_id=0, pad_id=1, eos_id=2, unk_id=3, user_defined_symbols=["<mask>"],
        )
        # No model_max_length: like AraBART the tokenizer reports the huge
        # "no limit" default; the limit must come from the model config.
        tok = BarthezTokenizer(vocab_file=str(spm_file))
        # Both sentencepiece.bpe.model and tokenizer.json, so slow and fast load.
        _save_fast_tokenizer(tok, BarthezTokenizerFast, out)

    if shape == "real":
        vocab_size = max(MBART_REAL_VOCAB, len(tok))
        dims = dict(d_model=768, encoder_layers=6, decoder_layers=6, encoder_attention_heads=12,
                    decoder_attention_heads=12, encoder_ffn_dim=3072, decoder_ffn_dim=3072, dropout=0.1)
    else:
        vocab_size = len(tok)
        dims = dict(d_model=_TINY["d_model"], encoder_layers=_TINY["layers"], decoder_layers=_TINY["layers"],
                    encoder_attention_heads=_TINY["heads"], decoder_attention_heads=_TINY["heads"],
                    encoder_ffn_dim=_TINY["ffn"], decoder_ffn_dim=_TINY["ffn"], dropout=0.0)
    config = MBartConfig(
        vocab_size=vocab_size,
        max_position_embeddings=1024,
        activation_function="gelu",
        scale_embedding=False,
        pad_token_id=1,
        bos_token_id=0,
        eos_token_id=2,
        decoder_start_token_id=2,
        forced_eos_token_id=2,
        architectures=["MBartForConditionalGeneration"],
        **dims,
    )
    model = _new_model(MBartForConditionalGeneration, config, seed)
    _silence_rows(model, len(tok))  # no-op for tiny
    gen = dict(num_beams=4, max_length=128, no_repeat_ngram_size=3, early_stopping=True,
               bos_token_id=0, pad_token_id=1, eos_token_id=2, decoder_start_token_id=2,
               forced_eos_token_id=2)
    return model, gen, _copy_pairs(AutoTokenizer.from_pretrained(out, local_files_only=True)), 2


# --------------------------------------------------------------------------- #
# mT5 (csebuetnlp/mT5_multilingual_XLSum)


def _build_mt5(out: Path, *, shape: str, seed: int, files: dict):
    from transformers import AutoTokenizer, MT5Config, MT5ForConditionalGeneration, T5Tokenizer, T5TokenizerFast

    with tempfile.TemporaryDirectory() as tmp:
        # T5 ids: <pad>=0 </s>=1 <unk>=2, no <s>.
        spm_file = _train_spm(
            [files["ar"], files["en"]], Path(tmp) / "spiece.model",
            vocab_size=_SPM_SIZES["mt5"], model_type="unigram",
            pad_id=0, eos_id=1, unk_id=2, bos_id=-1,
        )
        # legacy=True is what the hub tokenizer (no "legacy" key) resolves to;
        # passing it explicitly just silences the warning.
        tok = T5Tokenizer(vocab_file=str(spm_file), model_max_length=512, legacy=True)
        # The slow config stores add_prefix_space=True, which makes every fast
        # load warn and re-convert; the hub config has no such key.
        _save_fast_tokenizer(tok, T5TokenizerFast, out, drop_keys=("add_prefix_space",))

    if shape == "real":
        vocab_size = max(MT5_REAL_VOCAB, len(tok))
        dims = dict(d_model=768, d_kv=64, d_ff=2048, num_layers=12, num_decoder_layers=12, num_heads=12,
                    relative_attention_num_buckets=32, dropout_rate=0.1)
    else:
        vocab_size = len(tok)
        dims = dict(d_model=_TINY["d_model"], d_kv=_TINY["d_model"] // _TINY["heads"], d_ff=_TINY["ffn"],
                    num_layers=_TINY["layers"], num_decoder_layers=_TINY["layers"], num_heads=_TINY["heads"],
                    relative_attention_num_buckets=8, dropout_rate=0.0)
    config = MT5Config(
        vocab_size=vocab_size,
        feed_forward_proj="gated-gelu",
        tie_word_embeddings=False,
        pad_token_id=0,
        eos_token_id=1,
        decoder_start_token_id=0,
        tokenizer_class="T5Tokenizer",
        architectures=["MT5ForConditionalGeneration"],
        **dims,
    )
    model = _new_model(MT5ForConditionalGeneration, config, seed)
    _silence_rows(model, len(tok))  # no-op for tiny
    gen = dict(num_beams=4, max_length=84, no_repeat_ngram_size=2,
               decoder_start_token_id=0, pad_token_id=0, eos_token_id=1)
    return model, gen, _copy_pairs(AutoTokenizer.from_pretrained(out, local_files_only=True)), 0
