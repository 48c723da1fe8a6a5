"""Random models in the real architectures, for tests and benchmarks.

The Hugging Face hub is not reachable from tests/CI, so this module builds
stand-ins for the models the toolkit uses: the real model class, the real
tokenizer class (with a SentencePiece model trained on the fly on a small
news corpus), the real config layout and a generation_config.json shaped like
the hub one. Weights are random, so outputs are gibberish, but loading,
tokenising, length limits and ``generate`` behave like the real thing.

    from summarizer.testing import build_random_model
    path = build_random_model("marian", tmp_path / "opus-mt-ar-en")
    AutoModelForSeq2SeqLM.from_pretrained(path, local_files_only=True)

Families (real model in brackets):
    marian  MarianMTModel + MarianTokenizer          (Helsinki-NLP/opus-mt-ar-en)
    mbart   MBartForConditionalGeneration + Barthez  (moussaKam/AraBART)
    mt5     MT5ForConditionalGeneration + T5         (csebuetnlp/mT5_multilingual_XLSum)

shape="tiny" keeps the structure but shrinks widths/depths (fast tests);
shape="real" uses the real sizes, vocab padded to the real size (benchmarks).
Padding rows the tokenizer can't decode get zero output weights, so generate
never emits them. With random weights a "real" mbart tends to echo its
decoder start token (= eos) and stop at once: benchmarks should pass
min_new_tokens. Use a fresh out_dir; files from other families are not removed.
"""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path

FAMILIES = ("marian", "mbart", "mt5")
SHAPES = ("tiny", "real")

DEFAULT_CORPUS_DIR = Path(__file__).resolve().parent.parent / "tests" / "data"
AR_CORPUS = "corpus.ar.txt"
EN_CORPUS = "corpus.en.txt"

# Real sizes of the hub models (vocab = embedding rows of the real checkpoint).
MARIAN_REAL_VOCAB = 62834  # opus-mt-ar-en; <pad> = 62833 = decoder start
MBART_REAL_VOCAB = 50002  # AraBART
MT5_REAL_VOCAB = 250112  # mt5-base (XL-Sum)

# SentencePiece vocab sizes: small so training takes well under a second.
_SPM_SIZES = {"marian_src": 600, "marian_tgt": 500, "mbart": 1000, "mt5": 1000}


def build_random_model(
    family: str,
    out_dir: str | Path,
    *,
    shape: str = "tiny",
    seed: int = 0,
    corpus_dir: str | Path | None = None,
) -> Path:
    """Build and save a randomly initialised model + tokenizer for ``family``.

    Writes config.json, generation_config.json, model.safetensors and the
    family's tokenizer files into ``out_dir`` and returns it as a Path.
    Deterministic for a given (family, shape, seed, corpus).
    """
    if family not in FAMILIES:
        raise ValueError(f"unknown family {family!r}; expected one of {FAMILIES}")
    if shape not in SHAPES:
        raise ValueError(f"unknown shape {shape!r}; expected one of {SHAPES}")
    corpus = Path(corpus_dir) if corpus_dir is not None else DEFAULT_CORPUS_DIR
    for name in (AR_CORPUS, EN_CORPUS):
        if not (corpus / name).is_file():
            raise FileNotFoundError(f"corpus file missing: {corpus / name}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    builder = {"marian": _build_marian, "mbart": _build_mbart, "mt5": _build_mt5}[family]
    builder(out, shape=shape, seed=seed, corpus=corpus)
    return out


# --------------------------------------------------------------------------- #
# SentencePiece


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


def _torch_seed(seed: int) -> None:
    import torch

    torch.manual_seed(seed)


def _silence_rows(model, start: int, stop: int | None = None) -> None:
    """Zero output-embedding rows [start, stop): padding ids the tokenizer
    can't decode. A zero row gives logit 0, below the best real token, so
    generation never picks them (slow tokenizers raise on such ids)."""
    import torch

    with torch.no_grad():
        model.get_output_embeddings().weight[start:stop] = 0.0


def _save_model(model, gen_kwargs: dict, out: Path) -> None:
    from transformers import GenerationConfig

    # Generation settings live in generation_config.json, as on the hub.
    model.generation_config = GenerationConfig(**gen_kwargs)
    model.save_pretrained(out, safe_serialization=True)


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


# --------------------------------------------------------------------------- #
# Marian (Helsinki-NLP/opus-mt-ar-en)


def _build_marian(out: Path, *, shape: str, seed: int, corpus: Path) -> None:
    import sentencepiece as spm
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        # Opus spm models use default ids (unk 0, bos 1, eos 2); Marian only
        # uses them to split text, ids come from vocab.json.
        src = _train_spm([corpus / AR_CORPUS], tmp / "source.spm",
                         vocab_size=_SPM_SIZES["marian_src"], model_type="unigram")
        tgt = _train_spm([corpus / EN_CORPUS], tmp / "target.spm",
                         vocab_size=_SPM_SIZES["marian_tgt"], model_type="unigram")

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
            while len(vocab) < MARIAN_REAL_VOCAB - 1:
                vocab.setdefault(f"▁<filler_{n}>", len(vocab))
                n += 1
        vocab["<pad>"] = len(vocab)
        (tmp / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False, indent=0), encoding="utf-8")

        tok = MarianTokenizer(source_spm=str(src), target_spm=str(tgt), vocab=str(tmp / "vocab.json"),
                              source_lang="ar", target_lang="en", model_max_length=512)
        tok.save_pretrained(out)  # copies the spm files before tmp goes away

    pad = len(vocab) - 1
    if shape == "real":
        assert pad == MARIAN_REAL_VOCAB - 1
        dims = dict(d_model=512, encoder_layers=6, decoder_layers=6, encoder_attention_heads=8,
                    decoder_attention_heads=8, encoder_ffn_dim=2048, decoder_ffn_dim=2048)
    else:
        dims = dict(d_model=32, encoder_layers=2, decoder_layers=2, encoder_attention_heads=2,
                    decoder_attention_heads=2, encoder_ffn_dim=64, decoder_ffn_dim=64)
    config = MarianConfig(
        vocab_size=len(vocab),
        decoder_vocab_size=len(vocab),
        max_position_embeddings=512,
        activation_function="swish",
        scale_embedding=True,
        share_encoder_decoder_embeddings=True,
        static_position_embeddings=True,  # informational, as in the hub config
        pad_token_id=pad,
        decoder_start_token_id=pad,
        eos_token_id=0,
        bos_token_id=0,
        forced_eos_token_id=0,
        dropout=0.1,
        architectures=["MarianMTModel"],
        **dims,
    )
    _torch_seed(seed)
    model = MarianMTModel(config).eval()
    if shape == "real":
        _silence_rows(model, n_pieces, pad)  # the fillers
    gen = dict(num_beams=6, max_length=512, bad_words_ids=[[pad]], decoder_start_token_id=pad,
               pad_token_id=pad, eos_token_id=0, bos_token_id=0, forced_eos_token_id=0,
               renormalize_logits=True)
    _save_model(model, gen, out)


# --------------------------------------------------------------------------- #
# mBART (moussaKam/AraBART, Barthez tokenizer)


def _build_mbart(out: Path, *, shape: str, seed: int, corpus: Path) -> None:
    from transformers import BarthezTokenizer, BarthezTokenizerFast, MBartConfig, MBartForConditionalGeneration

    with tempfile.TemporaryDirectory() as tmp:
        # Barthez/fairseq ids: <s>=0 <pad>=1 </s>=2 <unk>=3, then <mask>.
        spm_file = _train_spm(
            [corpus / AR_CORPUS, corpus / EN_CORPUS], Path(tmp) / "sentencepiece.bpe.model",
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
                    decoder_attention_heads=12, encoder_ffn_dim=3072, decoder_ffn_dim=3072)
    else:
        vocab_size = len(tok)
        dims = dict(d_model=32, encoder_layers=2, decoder_layers=2, encoder_attention_heads=2,
                    decoder_attention_heads=2, encoder_ffn_dim=64, decoder_ffn_dim=64)
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
        dropout=0.1,
        architectures=["MBartForConditionalGeneration"],
        **dims,
    )
    _torch_seed(seed)
    model = MBartForConditionalGeneration(config).eval()
    _silence_rows(model, len(tok))  # no-op for tiny
    gen = dict(num_beams=4, max_length=128, no_repeat_ngram_size=3, early_stopping=True,
               bos_token_id=0, pad_token_id=1, eos_token_id=2, decoder_start_token_id=2,
               forced_eos_token_id=2)
    _save_model(model, gen, out)


# --------------------------------------------------------------------------- #
# mT5 (csebuetnlp/mT5_multilingual_XLSum)


def _build_mt5(out: Path, *, shape: str, seed: int, corpus: Path) -> None:
    from transformers import MT5Config, MT5ForConditionalGeneration, T5Tokenizer, T5TokenizerFast

    with tempfile.TemporaryDirectory() as tmp:
        # T5 ids: <pad>=0 </s>=1 <unk>=2, no <s>.
        spm_file = _train_spm(
            [corpus / AR_CORPUS, corpus / EN_CORPUS], Path(tmp) / "spiece.model",
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
                    relative_attention_num_buckets=32)
    else:
        vocab_size = len(tok)
        dims = dict(d_model=32, d_kv=16, d_ff=64, num_layers=2, num_decoder_layers=2, num_heads=2,
                    relative_attention_num_buckets=8)
    config = MT5Config(
        vocab_size=vocab_size,
        feed_forward_proj="gated-gelu",
        tie_word_embeddings=False,
        pad_token_id=0,
        eos_token_id=1,
        decoder_start_token_id=0,
        dropout_rate=0.1,
        tokenizer_class="T5Tokenizer",
        architectures=["MT5ForConditionalGeneration"],
        **dims,
    )
    _torch_seed(seed)
    model = MT5ForConditionalGeneration(config).eval()
    _silence_rows(model, len(tok))  # no-op for tiny
    gen = dict(num_beams=4, max_length=84, no_repeat_ngram_size=2,
               decoder_start_token_id=0, pad_token_id=0, eos_token_id=1)
    _save_model(model, gen, out)
