"""The three model families' stand-ins: real model and tokenizer classes, real config layouts,
tiny or real sizes. Each builder returns (model, generation settings, training pairs, decoder start)."""
from __future__ import annotations

import json
import tempfile
from pathlib import Path

from .spm import _train_spm, _transliterated_spm
from .text import corpus, transliterate

# Real sizes of the hub models (vocab = embedding rows of the real checkpoint).
MARIAN_REAL_VOCAB = 62834  # opus-mt-ar-en; <pad> = 62833 = decoder start
# opus-mt-tc-big-ar-en's config.json: vocab_size 61109 (<pad> 61108), d_model 1024, 16 heads, FFN 4096,
# 6+6 layers, relu, 1024 positions, 4 beams, max_length 512.
MARIAN_BIG_REAL_VOCAB = 61109
MBART_REAL_VOCAB = 50002  # AraBART
MT5_REAL_VOCAB = 250112  # mt5-base (XL-Sum)

# SentencePiece vocab sizes: small so training takes well under a second.
_SPM_SIZES = {"marian_src": 600, "mbart": 1000, "mt5": 1000}
_TINY = dict(d_model=64, layers=2, heads=2, ffn=128)


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
    from transformers import MarianMTModel

    tok, vocab, n_pieces = _marian_tokenizer(out, shape=shape, files=files, big=big)
    pad = len(vocab) - 1
    model = _new_model(MarianMTModel, _marian_config(len(vocab), _marian_dims(shape, big, pad), big), seed)
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


def _marian_tokenizer(out: Path, *, shape: str, files: dict, big: bool):
    """The Marian tokenizer, saved in `out`: (tokenizer, joint vocab, how many of its entries are pieces)."""
    from transformers import MarianTokenizer

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        # Opus spm models use default ids (unk 0, bos 1, eos 2); Marian only
        # uses them to split text, ids come from vocab.json. The target model is the
        # source one transliterated, so every Arabic piece has its one Latin piece.
        src = _train_spm([files["ar"]], tmp / "source.spm",
                         vocab_size=_SPM_SIZES["marian_src"], model_type="unigram")
        tgt = _transliterated_spm(src, tmp / "target.spm")
        vocab, n_pieces = _marian_vocab(src, tgt, shape=shape, big=big)
        (tmp / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False, indent=0), encoding="utf-8")

        tok = MarianTokenizer(source_spm=str(src), target_spm=str(tgt), vocab=str(tmp / "vocab.json"),
                              source_lang="ar", target_lang="en", model_max_length=512)
        tok.save_pretrained(out)  # copies the spm files before tmp goes away
    return tok, vocab, n_pieces


def _marian_vocab(src: Path, tgt: Path, *, shape: str, big: bool) -> tuple[dict[str, int], int]:
    """Joint vocab like opus-mt: </s>=0, <unk>=1, pieces..., <pad> last; and the number of real entries."""
    import sentencepiece as spm

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
    return vocab, n_pieces


def _marian_dims(shape: str, big: bool, pad: int) -> dict:
    """Layer sizes: tc-big's or opus-mt-ar-en's for the real shapes (whose vocab must then be real), else tiny."""
    if shape == "real" and big:
        assert pad == MARIAN_BIG_REAL_VOCAB - 1
        return dict(d_model=1024, encoder_layers=6, decoder_layers=6, encoder_attention_heads=16,
                    decoder_attention_heads=16, encoder_ffn_dim=4096, decoder_ffn_dim=4096, dropout=0.1)
    if shape == "real":
        assert pad == MARIAN_REAL_VOCAB - 1
        return dict(d_model=512, encoder_layers=6, decoder_layers=6, encoder_attention_heads=8,
                    decoder_attention_heads=8, encoder_ffn_dim=2048, decoder_ffn_dim=2048, dropout=0.1)
    return dict(d_model=_TINY["d_model"], encoder_layers=_TINY["layers"], decoder_layers=_TINY["layers"],
                encoder_attention_heads=_TINY["heads"], decoder_attention_heads=_TINY["heads"],
                encoder_ffn_dim=_TINY["ffn"], decoder_ffn_dim=_TINY["ffn"], dropout=0.0)


def _marian_config(vocab_size: int, dims: dict, big: bool):
    """The hub's MarianConfig layout: one shared embedding, <pad> (the last id) starts the decoder."""
    from transformers import MarianConfig

    pad = vocab_size - 1
    return MarianConfig(
        vocab_size=vocab_size,
        decoder_vocab_size=vocab_size,
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
