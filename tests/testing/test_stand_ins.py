"""summarizer.testing: stand-ins that load and behave like the real hub models, and respond to their input."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch
from transformers import AutoModelForSeq2SeqLM, AutoTokenizer, GenerationConfig

from summarizer.testing import (
    FAMILIES,
    MARIAN_REAL_VOCAB,
    TRAIN_STEPS,
    build_model,
    cache_key,
    cached_model,
    corpus,
    distinct_openings,
    memorised_lines,
    probe_lines,
    transliterate,
)

ROOT = Path(__file__).resolve().parents[2]

ARABIC = "قال وزير المالية، أحمد السعيدي، يوم الخميس إن معدل التضخم تراجع إلى ٤٫٥ في المئة خلال شهر مارس 2024."

EXPECTED = {  # family -> (tokenizer class names accepted, model class name)
    "marian": ({"MarianTokenizer"}, "MarianMTModel"),
    "mbart": ({"BarthezTokenizer", "BarthezTokenizerFast"}, "MBartForConditionalGeneration"),
    "mt5": ({"T5Tokenizer", "T5TokenizerFast"}, "MT5ForConditionalGeneration"),
}


def load(path):
    tok = AutoTokenizer.from_pretrained(path, local_files_only=True)
    model = AutoModelForSeq2SeqLM.from_pretrained(path, local_files_only=True, use_safetensors=True)
    return tok, model.eval()


@pytest.fixture(scope="module")
def loaded(tiny_models):
    return {family: load(path) for family, path in tiny_models.items()}


@pytest.mark.parametrize("family", FAMILIES)
def test_auto_classes_are_the_real_ones(loaded, family):
    tok, model = loaded[family]
    tok_classes, model_class = EXPECTED[family]
    assert type(tok).__name__ in tok_classes
    assert type(model).__name__ == model_class


@pytest.mark.parametrize("family", FAMILIES)
def test_files_on_disk(tiny_models, family):
    path = tiny_models[family]
    assert (path / "model.safetensors").is_file() and not (path / "pytorch_model.bin").exists()
    assert json.loads((path / "config.json").read_text())["model_type"] == family
    assert json.loads((path / "tokenizer_config.json").read_text())["tokenizer_class"].startswith(
        {"marian": "Marian", "mbart": "Barthez", "mt5": "T5"}[family])
    assert (path / "generation_config.json").is_file()
    made = json.loads((path / "stand-in.json").read_text())
    assert made["steps"] == TRAIN_STEPS[family] and made["training_pairs"] == len(corpus("ar"))
    assert made["loss_every_50_steps"][-1] < made["loss_every_50_steps"][0] / 20  # it learnt


@pytest.mark.parametrize("family", ["mbart", "mt5"])
def test_slow_tokenizer_loads_too_and_agrees(tiny_models, loaded, family):
    fast, _ = loaded[family]
    slow = AutoTokenizer.from_pretrained(tiny_models[family], local_files_only=True, use_fast=False)
    assert not slow.is_fast and type(slow).__name__ in EXPECTED[family][0]
    assert slow(ARABIC).input_ids == fast(ARABIC).input_ids


def test_marian_matches_opus_mt_ar_en_structure(loaded, tiny_models):
    tok, model = loaded["marian"]
    cfg = model.config
    pad = cfg.vocab_size - 1
    assert cfg.pad_token_id == cfg.decoder_start_token_id == pad == tok.pad_token_id
    assert tok.convert_ids_to_tokens(pad) == "<pad>"
    assert cfg.eos_token_id == 0 == tok.eos_token_id and tok.unk_token_id == 1
    assert cfg.activation_function == "swish" and cfg.max_position_embeddings == 512
    assert cfg.scale_embedding and cfg.share_encoder_decoder_embeddings
    assert (cfg.d_model, cfg.encoder_layers, cfg.decoder_layers) == (64, 2, 2)
    assert len(tok) == cfg.vocab_size and tok.model_max_length == 512
    gen = GenerationConfig.from_pretrained(tiny_models["marian"])
    assert gen.num_beams == 6 and gen.max_length == 512
    assert gen.bad_words_ids == [[pad]] and gen.decoder_start_token_id == pad and gen.eos_token_id == 0
    # As in opus-mt, the start token's embedding is zero: CTranslate2 starts Marian's decoder from zeros.
    assert not model.get_input_embeddings().weight[pad].any()


def test_marian_writes_through_its_own_target_vocabulary(loaded):
    """The target SentencePiece model is the source one transliterated: piece for piece, other ids."""
    tok, _ = loaded["marian"]
    for line in corpus("ar")[:20]:
        source = tok(line).input_ids
        target = tok(text_target=transliterate(line)).input_ids
        assert len(target) == len(source) and target[-1] == source[-1] == tok.eos_token_id
        pieces = tok.convert_ids_to_tokens(source[:-1])
        assert tok.convert_ids_to_tokens(target[:-1]) == [transliterate(p) for p in pieces]
        # Another id exactly where the piece holds Arabic letters (digits and punctuation are shared).
        assert [a != b for a, b in zip(source, target)] == [transliterate(p) != p for p in pieces] + [False]
        assert tok.decode(target, skip_special_tokens=True) == transliterate(line)


def test_corpus_is_package_data_in_parallel_lines_without_ascii_letters():
    from importlib.resources import files
    assert files("summarizer.testing").joinpath("data", "corpus.ar.txt").is_file()
    arabic, english = corpus("ar"), corpus("en")
    assert len(arabic) == len(english) == 340
    # Buckwalter writes Arabic letters as ASCII ones: the Arabic side must hold none, or pieces collide.
    assert not any(ch.isascii() and ch.isalpha() for line in arabic for ch in line)


@pytest.mark.parametrize("family", FAMILIES)
def test_stand_ins_respond_to_their_input(tiny_models, family):
    """Different inputs, different outputs from the first words on; memorised lines come back whole."""
    from summarizer import Config
    from summarizer.runtimes.hf import TransformersRuntime
    engine = TransformersRuntime.load(str(tiny_models[family]), "summarizer",
                               Config(device="cpu", num_threads=1))
    lines = probe_lines()
    outputs = engine.generate(lines, max_batch_size=16, max_tokens=8192, num_beams=1, max_new_tokens=128)
    assert distinct_openings(outputs) >= len(lines) - 1
    assert distinct_openings(outputs[10:]) == len(lines[10:])  # unseen lines too
    task = transliterate if family == "marian" else (lambda line: line)
    memorised = memorised_lines()
    assert [out.split()[0] for out in outputs[:10]] == [task(line).split()[0] for line in memorised]
    exact = sum(out == task(line) for out, line in zip(outputs, memorised))
    assert exact >= 9, list(zip(outputs, memorised))  # measured: 10, 10 and 9 (mT5) of 10


def test_mbart_tokenizer_claims_no_limit_but_config_does(loaded, tiny_models):
    tok, model = loaded["mbart"]
    assert tok.model_max_length > 1e20  # like AraBART: read the limit from the config
    assert model.config.max_position_embeddings == 1024
    assert (tok.bos_token_id, tok.pad_token_id, tok.eos_token_id, tok.unk_token_id) == (0, 1, 2, 3)
    assert len(tok) == model.config.vocab_size
    gen = GenerationConfig.from_pretrained(tiny_models["mbart"])
    assert gen.decoder_start_token_id == 2 == gen.forced_eos_token_id
    assert (gen.num_beams, gen.max_length, gen.no_repeat_ngram_size, gen.early_stopping) == (4, 128, 3, True)


def test_mt5_matches_xlsum_layout(loaded, tiny_models):
    tok, model = loaded["mt5"]
    cfg = model.config
    assert tok.model_max_length == 512
    assert (tok.pad_token_id, tok.eos_token_id, tok.unk_token_id) == (0, 1, 2)
    assert cfg.decoder_start_token_id == 0 and not cfg.tie_word_embeddings
    assert len(tok) == cfg.vocab_size
    gen = GenerationConfig.from_pretrained(tiny_models["mt5"])
    assert (gen.num_beams, gen.max_length, gen.no_repeat_ngram_size) == (4, 84, 2)


@pytest.mark.parametrize("family", FAMILIES)
def test_arabic_encodes_to_real_pieces_and_round_trips(loaded, family):
    tok, _ = loaded[family]
    ids = tok(ARABIC, add_special_tokens=False).input_ids
    assert len(ids) > 10 and tok.unk_token_id not in ids
    assert tok.decode(ids) == ARABIC


@pytest.mark.parametrize("family", FAMILIES)
def test_generate_gives_decodable_ids(loaded, family):
    tok, model = loaded[family]
    batch = tok([ARABIC, "ارتفعت الأسعار بنسبة ٣٪ في تونس."], return_tensors="pt", padding=True)
    with torch.no_grad():  # the saved generation_config (beams etc.), just shorter
        out = model.generate(**batch, max_new_tokens=8)
    assert out.shape[0] == 2 and out.shape[1] > 1
    assert int(out.max()) < model.config.vocab_size <= len(tok)
    texts = tok.batch_decode(out, skip_special_tokens=True)
    assert all(isinstance(t, str) and t.strip() for t in texts)


@pytest.mark.slow
def test_build_is_deterministic_per_seed(tmp_path):
    a = build_model("marian", tmp_path / "a", seed=3, steps=10)
    b = build_model("marian", tmp_path / "b", seed=3, steps=10)
    c = build_model("marian", tmp_path / "c", seed=4, steps=10)
    for name in ("vocab.json", "source.spm", "target.spm"):
        assert (a / name).read_bytes() == (b / name).read_bytes() == (c / name).read_bytes()
    weights = [(p / "model.safetensors").read_bytes() for p in (a, b, c)]
    assert weights[0] == weights[1] != weights[2]


def test_cache_reuses_a_build_and_keys_it_by_what_made_it(tiny_models):
    folder = tiny_models["marian"]
    stamp = (folder / "model.safetensors").stat().st_mtime_ns
    assert cached_model("marian") == folder and (folder / "model.safetensors").stat().st_mtime_ns == stamp
    assert folder.name == "marian" and folder.parent.name.endswith(cache_key("marian"))
    assert len({cache_key("marian"), cache_key("marian", seed=1), cache_key("mbart"),
                cache_key("marian", shape="real")}) == 4


def test_unknown_family_or_shape_is_refused(tmp_path):
    with pytest.raises(ValueError, match="family"):
        build_model("bert", tmp_path)
    with pytest.raises(ValueError, match="shape"):
        build_model("mt5", tmp_path, shape="huge")


@pytest.mark.slow
def test_build_command_writes_a_translator_the_command_line_loads(tiny_models, tmp_path):
    """`python -m summarizer.testing build` then `python -m summarizer FILE --translator-model DIR`,
    from another folder: the stand-in translates (transliterates) each bullet."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"}
    out = tmp_path / "translator"
    built = subprocess.run([sys.executable, "-m", "summarizer.testing", "build", "--kind", "marian", "--out", str(out)],
                           cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    assert "marian stand-in" in built.stdout and (out / "stand-in.json").is_file()
    again = subprocess.run([sys.executable, "-m", "summarizer.testing", "build", "--kind", "marian", "--out", str(out)],
                           cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert again.returncode == 2 and "not an empty folder" in again.stderr
    lines = memorised_lines(3)
    (tmp_path / "article.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    briefed = subprocess.run([sys.executable, "-m", "summarizer", "article.txt", "--translator-model", str(out),
                              "--bullets", "3", "--format", "json", "--require-english"],
                             cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert briefed.returncode == 0, briefed.stderr
    brief = json.loads(briefed.stdout)
    article = "\n".join(lines)
    assert brief["english_status"] == "ok" and brief["bullets_ar"] and all(b in article for b in brief["bullets_ar"])
    assert brief["bullets_en"] == [transliterate(line) for line in brief["bullets_ar"]]


@pytest.mark.slow
def test_real_marian_has_the_real_vocab_layout(tmp_path):
    # 77M params, 300 MB on disk: the only "real" shape checked.
    path = build_model("marian", tmp_path / "real", shape="real")
    tok, model = load(path)
    cfg = model.config
    assert cfg.vocab_size == MARIAN_REAL_VOCAB == len(tok)
    assert cfg.pad_token_id == cfg.decoder_start_token_id == MARIAN_REAL_VOCAB - 1 == tok.pad_token_id
    assert (cfg.d_model, cfg.encoder_layers, cfg.decoder_layers, cfg.encoder_attention_heads,
            cfg.encoder_ffn_dim) == (512, 6, 6, 8, 2048)
    assert model.get_input_embeddings().weight.shape == (MARIAN_REAL_VOCAB, 512)
    with torch.no_grad():
        out = model.generate(**tok([ARABIC], return_tensors="pt"), max_new_tokens=4, num_beams=1)
    assert "<filler_" not in tok.decode(out[0])  # filler rows are never generated
