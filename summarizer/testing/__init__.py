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

# The package's face; the parts live in corpus, spm (SentencePiece), families, build, cache, train, probe.
from .build import FAMILIES, KINDS, SHAPES, TRAIN_STEPS, build_model  # noqa: F401
from .cache import cache_key, cache_root, cached_model, cached_models, copy_model  # noqa: F401
from .families import MARIAN_BIG_REAL_VOCAB, MARIAN_REAL_VOCAB, MBART_REAL_VOCAB, MT5_REAL_VOCAB  # noqa: F401
from .probe import UNSEEN_LINES, distinct_openings, memorised_lines, probe_lines  # noqa: F401
from .text import BUCKWALTER, CORPUS, corpus, transliterate  # noqa: F401
