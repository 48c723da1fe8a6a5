"""SentencePiece models for the stand-ins, trained on the fly on the package corpus."""
from __future__ import annotations

import io
from pathlib import Path

from .text import transliterate


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
