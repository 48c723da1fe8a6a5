"""The Arabic the rest of the code recognizes, in one place: the letter ranges (each named for what it
counts, since a letter count, a word pattern and a script test want different sets) and the least
Arabic an input must hold. Character classes are written for regular expressions.
"""
from __future__ import annotations

import re

# The 28 letters with hamza forms, taa marbuta and alef maqsura (U+0621-U+064A, tatweel U+0640 among them):
# what an article's words are made of after normalization.
LETTERS = "\u0621-\u064a"
# LETTERS and the extended letters (U+0671-U+06D3: alef wasla, Persian and Urdu letters), as tokens take them.
TOKEN_LETTERS = LETTERS + "\u0671-\u06d3"
# TOKEN_LETTERS without tatweel and the rare U+063B-U+063F: the letters a validity count weighs.
COUNTED_LETTERS = "\u0621-\u063a\u0641-\u064a\u0671-\u06d3"
# Every letter of the Arabic script, its supplements included: whether a word is written in it at all.
SCRIPT_LETTERS = "\u0620-\u064a\u066e-\u06d5\u06ee\u06ef\u06fa-\u06ff\u0750-\u077f\u08a0-\u08ff"
# The script's blocks (marks, digits and punctuation too), and with the presentation forms.
BLOCKS = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff"
BLOCKS_AND_FORMS = BLOCKS + "\ufb50-\ufdff\ufe70-\ufefe"

# Fewer Arabic letters than this is no article: an input, a page's extraction, a fetched body.
MIN_ARABIC_LETTERS = 20

LETTER = re.compile(f"[{LETTERS}]")
