"""The naive loop a typical tutorial gives, on plain transformers: the baseline.

Per article: one `generate` call summarizes it, then each output line is
translated with its own `generate` call. Batch 1, fp32, the beam count of
each model's generation config, the same forced output lengths as ours.
"""
from __future__ import annotations

from transformers import AutoModelForSeq2SeqLM, AutoTokenizer


class TutorialBriefer:
    def __init__(self, summarizer: str, translator: str, device: str = "cpu"):
        self.device = device
        self.sum_tok = AutoTokenizer.from_pretrained(summarizer, local_files_only=True)
        self.sum_model = AutoModelForSeq2SeqLM.from_pretrained(summarizer, local_files_only=True).to(device).eval()
        self.tr_tok = AutoTokenizer.from_pretrained(translator, local_files_only=True)
        self.tr_model = AutoModelForSeq2SeqLM.from_pretrained(translator, local_files_only=True).to(device).eval()

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
