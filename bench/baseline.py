"""The baselines, on plain transformers (fp32, batch 1, the stock cache), and the library's inputs they take.

* `PerLineBriefer` (the headline's baseline, like for like): the same shape of work as the
  library, one sequence per brief line. It takes the library's own inputs (each segment and the
  headline's opening sentences, from `library_inputs`) and the library's generate settings, and
  decodes them one at a time, then translates each Arabic line one at a time.
* `TutorialBriefer` (the earlier baseline, kept as a second row): what a tutorial loop does, one
  long sequence per article (the article truncated to 1024 tokens) cut into lines, then each line
  translated. It decodes the same number of tokens but with one long cross-attention, so it is not
  the same work.
"""
from __future__ import annotations

from dataclasses import dataclass

from transformers import AutoModelForSeq2SeqLM, AutoTokenizer


@dataclass
class Call:
    """One generate call the library's summarizer makes: its texts and its generate() keywords."""
    texts: list[str]
    options: dict


def _recorder(tokenizer, max_input_tokens: int, name: str, family: str):
    """A generation runtime that records what the summarizer submits and answers with placeholders."""
    from summarizer.runtimes.base import GenerationRuntime

    class Recorder(GenerationRuntime):
        def submit(self, texts, *, max_batch_size, max_tokens, lengths=None, on_batch=None, **options):
            self.calls.append(Call(list(texts), options))
            return lambda: ["نص"] * len(texts)

    recorder = Recorder()
    recorder.tokenizer, recorder.max_input_tokens, recorder.name, recorder.family = (
        tokenizer, max_input_tokens, name, family)
    recorder.calls = []
    return recorder


def library_inputs(summarizer_model: str, articles: list[str], num_bullets: int,
                   summary_generate: dict, num_beams: int | None = None) -> list[tuple[Call, Call]]:
    """Per article, the library's (segments call, headline call): the very texts and settings its
    seq2seq summarizer sends to generate, from its own chunker and presets."""
    from transformers import AutoConfig

    from summarizer import Config
    from summarizer.pipeline import BriefPipeline
    from summarizer.presets import preset_for
    from summarizer.runtimes.base import input_limit
    from summarizer.summarize.seq2seq import Seq2SeqSummarizer
    tokenizer = AutoTokenizer.from_pretrained(summarizer_model, local_files_only=True)
    model_config = AutoConfig.from_pretrained(summarizer_model, local_files_only=True)
    family = model_config.model_type
    splitter = BriefPipeline(Config(translator_model=""))  # preprocess only: normalize and split
    plans = []
    for article in articles:
        recorder = _recorder(tokenizer, input_limit(model_config, tokenizer), summarizer_model, family)
        summarizer = Seq2SeqSummarizer(recorder, preset_for(family, summarizer_model), num_beams=num_beams)
        summarizer.summarize_batch([splitter.preprocess(article).sentences], num_bullets, **summary_generate)
        if len(recorder.calls) != 2:
            raise ValueError(f"the library made {len(recorder.calls)} generate calls for one article (a reduce "
                             "round?); the per-line baseline expects its segments and headline only")
        plans.append((recorder.calls[0], recorder.calls[1]))
    return plans


def _load(name: str, device: str):
    tokenizer = AutoTokenizer.from_pretrained(name, local_files_only=True)
    model = AutoModelForSeq2SeqLM.from_pretrained(name, local_files_only=True).to(device).eval()
    return tokenizer, model


class PerLineBriefer:
    """One `generate` per library input, then one per Arabic line to translate: batch 1, fp32."""

    def __init__(self, summarizer: str, translator: str, headline_max_words: int, device: str = "cpu"):
        self.device = device
        self.headline_max_words = headline_max_words
        self.sum_tok, self.sum_model = _load(summarizer, device)
        self.tr_tok, self.tr_model = _load(translator, device)

    def _generate(self, model, tokenizer, text: str, options: dict) -> str:
        inputs = tokenizer(text, return_tensors="pt").to(self.device)
        ids = model.generate(**inputs, **{k: v for k, v in options.items() if v is not None})[0]
        return tokenizer.decode(ids, skip_special_tokens=True, clean_up_tokenization_spaces=True).strip()

    def brief(self, segments: Call, headline: Call, translation: dict) -> tuple[list[str], list[str]]:
        """[headline, *bullets] in Arabic and their translations, as the library lays them out."""
        from summarizer.text.sentences import cut_at_clause  # the library's headline length rule
        arabic = [cut_at_clause(self._generate(self.sum_model, self.sum_tok, text, headline.options),
                                self.headline_max_words) for text in headline.texts]
        arabic += [self._generate(self.sum_model, self.sum_tok, text, segments.options) for text in segments.texts]
        english = [self._generate(self.tr_model, self.tr_tok, line, translation) for line in arabic]
        return arabic, english


class TutorialBriefer:
    """Per article: one `generate` summarizes it, then each output line is translated with its own call."""

    def __init__(self, summarizer: str, translator: str, device: str = "cpu"):
        self.device = device
        self.sum_tok, self.sum_model = _load(summarizer, device)
        self.tr_tok, self.tr_model = _load(translator, device)

    def _generate(self, model, tokenizer, text: str, new_tokens: int, **kwargs):
        inputs = tokenizer(text, return_tensors="pt", truncation=True,
                           max_length=model.config.max_position_embeddings).to(self.device)
        return model.generate(**inputs, min_new_tokens=new_tokens, max_new_tokens=new_tokens, **kwargs)[0]

    def brief(self, article: str, lines: int, summary_tokens: int, translation_tokens: int) -> tuple[list, list]:
        """`lines` Arabic lines of summary_tokens each, and their translations.

        With real weights the tutorial splits the summary into sentences; random
        weights write no sentence marks, so the summary is cut into `lines`
        equal token runs: the same line count and lengths as the library's brief.
        """
        ids = self._generate(self.sum_model, self.sum_tok, article, lines * summary_tokens)
        ids = ids[1:]  # the decoder start token
        arabic = [self.sum_tok.decode(ids[i * summary_tokens:(i + 1) * summary_tokens], skip_special_tokens=True)
                  for i in range(lines)]
        english = [self.tr_tok.decode(self._generate(self.tr_model, self.tr_tok, line, translation_tokens),
                                      skip_special_tokens=True) for line in arabic]
        return arabic, english
