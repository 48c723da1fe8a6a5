"""The peer: CTranslate2 used directly, as a knowledgeable user would, with no library around it.

Same converted models as the library's CTranslate2 rows, same inputs (the library's segments and
headline leads, from `baseline.library_inputs`), same beams, n-gram bans and lengths, the same
threads. CTranslate2 batches by itself: `translate_batch` sorts the inputs by length, cuts them
into `max_batch_size` chunks and runs them on its `inter_threads` workers. Two set-ups: one
worker with every thread (CTranslate2's plain use), or `workers` one-thread workers with each
call cut into as many chunks (what CTranslate2's docs advise for throughput on CPU). What the rows
show is what the library's orchestration adds or costs over the runtime alone.
"""
from __future__ import annotations

from pathlib import Path

from transformers import AutoTokenizer, GenerationConfig

# generate() keyword -> translate_batch() keyword, for the settings the library's presets use.
_OPTIONS = {"num_beams": "beam_size", "no_repeat_ngram_size": "no_repeat_ngram_size",
            "length_penalty": "length_penalty", "min_new_tokens": "min_decoding_length",
            "max_new_tokens": "max_decoding_length"}
MAX_BATCH_SIZE = 32  # the library's default generate_batch_size


class _Model:
    def __init__(self, hf_folder: str, ct2_folder: Path, compute_type: str, threads: int, workers: int):
        import ctranslate2
        self.tokenizer = AutoTokenizer.from_pretrained(hf_folder, local_files_only=True)
        self.defaults = GenerationConfig.from_pretrained(hf_folder, local_files_only=True)
        self.workers = workers
        self.translator = ctranslate2.Translator(str(ct2_folder), device="cpu", compute_type=compute_type,
                                                 inter_threads=workers, intra_threads=max(1, threads // workers))

    def options(self, generate: dict) -> dict:
        kwargs = {"num_beams": self.defaults.num_beams or 1,
                  **{k: v for k, v in generate.items() if v is not None and k in _OPTIONS}}
        options = {_OPTIONS[k]: v for k, v in kwargs.items()}
        if self.defaults.forced_eos_token_id is not None:
            # transformers counts the forced end token among max_new_tokens; CTranslate2 writes no such
            # token, so one step fewer writes the same text.
            for key in ("min_decoding_length", "max_decoding_length"):
                if key in options:
                    options[key] -= 1
        return options

    def run(self, texts: list[str], generate: dict) -> list[str]:
        tokens = [self.tokenizer.convert_ids_to_tokens(ids) for ids in self.tokenizer(texts)["input_ids"]]
        size = min(MAX_BATCH_SIZE, -(-len(tokens) // self.workers))  # at least one chunk per worker
        results = self.translator.translate_batch(tokens, max_batch_size=size, **self.options(generate))
        return [self.tokenizer.decode(self.tokenizer.convert_tokens_to_ids(r.hypotheses[0]),
                                      skip_special_tokens=True, clean_up_tokenization_spaces=True).strip()
                for r in results]


class CTranslate2Briefer:
    def __init__(self, summarizer: str, translator: str, ct2_cache: Path, compute_type: str,
                 headline_max_words: int, threads: int = 1, workers: int = 1):
        from summarizer.runtimes.ct2 import convert  # the conversion only: the same converted folders

        def converted(folder: str) -> Path:
            tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)
            start = GenerationConfig.from_pretrained(folder, local_files_only=True).decoder_start_token_id
            return convert(Path(folder), compute_type, ct2_cache, tokenizer.convert_ids_to_tokens(start))

        self.summarizer = _Model(summarizer, converted(summarizer), compute_type, threads, workers)
        self.translator = _Model(translator, converted(translator), compute_type, threads, workers)
        self.headline_max_words = headline_max_words

    def brief(self, plans, translation: dict) -> tuple[list[list[str]], list[list[str]]]:
        """Every article's [headline, *bullets] and their translations: one translate_batch per step."""
        from summarizer.text.sentences import cut_at_clause  # the library's headline length rule
        heads = self.summarizer.run([t for _, headline in plans for t in headline.texts], plans[0][1].options)
        bullets = self.summarizer.run([t for segments, _ in plans for t in segments.texts], plans[0][0].options)
        arabic, used = [], 0
        for (segments, _), head in zip(plans, heads):
            arabic.append([cut_at_clause(head, self.headline_max_words), *bullets[used:used + len(segments.texts)]])
            used += len(segments.texts)
        flat = self.translator.run([line for lines in arabic for line in lines], translation)
        english, used = [], 0
        for lines in arabic:
            english.append(flat[used:used + len(lines)])
            used += len(lines)
        return arabic, english
