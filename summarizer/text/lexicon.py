"""The Arabic the rest of the code recognizes, in one place: the letter ranges (each named for what it
counts, since a letter count, a word pattern and a script test want different sets), the least
Arabic an input must hold, and the verbs of reporting with the words that open an attribution.
Character classes are written for regular expressions; words as written (callers normalize them:
this module is below normalize.py).
"""
from __future__ import annotations

import re
from typing import Literal

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

# Marks on the letters: the vowel marks (harakat, tanween, shadda, sukun, the rest of U+064B-U+065F and the
# superscript alef) and the Quranic marks, which a word's tokens keep; with the honorific signs
# (U+0610-U+061A), all that normalization strips.
VOWEL_MARKS = "\u064b-\u065f\u0670"
QURANIC_MARKS = "\u06d6-\u06ed"
MARKS = "\u0610-\u061a" + VOWEL_MARKS + QURANIC_MARKS

# Fewer Arabic letters than this is no article: an input, a page's extraction, a fetched body.
MIN_ARABIC_LETTERS = 20

LETTER = re.compile(f"[{LETTERS}]")


# Verbs of reporting, masculine past -> masculine present, as headlines turn them: أعلنت الوزارة → الوزارة تعلن.
REPORTING = {
    "قال": "يقول", "أعلن": "يعلن", "أكد": "يؤكد", "أوضح": "يوضح", "ذكر": "يذكر", "أفاد": "يفيد", "صرح": "يصرح",
    "أشار": "يشير", "أضاف": "يضيف", "كشف": "يكشف", "نقل": "ينقل", "اعتبر": "يعتبر", "رأى": "يرى", "شدد": "يشدد",
    "أورد": "يورد", "نفى": "ينفي", "أعرب": "يعرب", "أبدى": "يبدي", "حذر": "يحذر", "دعا": "يدعو", "زعم": "يزعم",
    "أبلغ": "يبلغ", "أفصح": "يفصح", "تحدث": "يتحدث", "طالب": "يطالب", "رحب": "يرحب", "ندد": "يندد", "لفت": "يلفت",
}
# Past tenses whose last letter is weak: نفى → نفت، نفوا.
WEAK = {"رأى": "رأ", "نفى": "نف", "أبدى": "أبد", "دعا": "دع"}
# The verbs of saying proper, whose frame says nothing until its complementizer: قال فلان، ... إن.
SAYING = "قال أعلن أكد أوضح ذكر أفاد صرح أشار أضاف كشف نقل اعتبر رأى شدد أورد"
# Verbs that carry a speech on, after a comma as a conjunct (وقال، وتابع ...); تابع reports nothing itself.
CARRYING_ON = "قال أضاف أكد أوضح تابع أشار"
# Verbs whose sentence is attributed to a speaker (a summarizer feature): CARRYING_ON and ذكر، صرح.
ATTRIBUTING = CARRYING_ON + " ذكر صرح"
# The preposition a verb of reporting governs, when it takes one: أعرب عن، أشار إلى، حذر من، أفاد بـ.
GOVERNS = {"أكد": "على", "أعرب": "عن", "أبدى": "عن", "كشف": "عن", "أعلن": "عن", "تحدث": "عن", "أشار": "إلى",
           "دعا": "إلى", "لفت": "إلى", "حذر": "من", "أفاد": "ب", "طالب": "ب", "رحب": "ب", "ندد": "ب"}
# The verbs the evaluation counts a headline's frame by (eval/reading.py), in the past of either gender; of
# these, the present tenses of FRAMED_NOW and the plural of FRAMED_PLURAL too, as that measure was defined
# (without يؤكد, which it never matched: normalized, ؤ is و; no title or brief of the shared sets opens so).
FRAMED = SAYING + " نفى زعم أفصح أعرب أبلغ"
FRAMED_NOW = "قال أعلن أوضح أفاد أشار كشف اعتبر رأى"
FRAMED_PLURAL = "قال أعلن أكد"
# Words that open an attribution rather than the news: حسب مصادر، | وفقا لـ | نقلا عن
ATTRIBUTION_OPENERS = "حسب بحسب وفق وفقا طبقا نقلا"
# Participles that add an attribution after the news: ..., مشيرا إلى | مضيفا أن
# Words that make a title's end segment an outlet's name (`موقع الخبر`, `جريدة الشرق الأوسط`, `الجزيرة نت`,
# `سكاي نيوز عربية`): a name's first word, or its last.
OUTLET_HEADS = "موقع جريدة صحيفة بوابة قناة شبكة وكالة إذاعة راديو مجلة تلفزيون"
OUTLET_TAILS = "نت نيوز عربي عربية بالعربية أونلاين الإخباري الإخبارية 24"

REPORTING_PARTICIPLES = "مشيرا مشيرة مضيفا مضيفة مؤكدا مؤكدة موضحا موضحة لافتا لافتة قائلا قائلة معتبرا معتبرة"

Form = Literal["he", "she", "they", "he_now", "she_now"]


def verb_forms(verbs: str, *forms: Form) -> list[str]:
    """The forms asked for of each verb (masculine pasts, space-separated), verb by verb, as written:
    he قال، she قالت، they قالوا، he_now يقول، she_now تقول."""
    out = []
    for past in verbs.split():
        root = WEAK.get(past, past)
        now = REPORTING.get(past)
        for form in forms:
            if form.endswith("_now") and now is None:
                raise KeyError(f"{past} has no present tense in REPORTING")
            out.append({"he": past, "she": root + "ت", "they": root + "وا", "he_now": now,
                        "she_now": f"ت{(now or '')[1:]}"}[form])
    return out


def characters(ranges: str) -> list[str]:
    """Each character of a class written as above ("\u064b-\u065f\u0670"): for translation tables."""
    out, i = [], 0
    while i < len(ranges):
        if i + 2 < len(ranges) and ranges[i + 1] == "-":
            out += [chr(c) for c in range(ord(ranges[i]), ord(ranges[i + 2]) + 1)]
            i += 3
        else:
            out.append(ranges[i])
            i += 1
    return out
