"""Generation runtimes behind one interface, for the seq2seq summarizer and the translator.

base (the runtime interface, device, threads), hub (where a model's files come from),
hf (transformers `generate`), ct2 (CTranslate2), load (the factory that picks one).
"Runtime" names these so that "backend" keeps its one meaning: the summarizer kind
(extractive or seq2seq).
"""
