"""Clause structure of an Arabic sentence, for cutting it cleanly: words, boundaries, frames and asides.

Used to compress a lead into a headline (headline.py) and to trim bullets. A cut is
clean when it falls at a comma, before a preposition, a relative pronoun, an
attribution tail, a time phrase or a second conjunct; never inside a word, a quote
or brackets, so names and construct phrases (idafa) stay whole.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from ..text.lexicon import ATTRIBUTION_OPENERS as _OPENERS
from ..text.lexicon import CARRYING_ON, REPORTING, REPORTING_PARTICIPLES, SAYING, verb_forms
from ..text.normalize import normalize

_STRIP = "\"'«»“”()[]،,؛;:.!?…-–—"
QUOTE_MARKS = "\"«»“”"


def _norm_set(words: str) -> frozenset:
    return frozenset(normalize(w) for w in words.split())


PREPOSITIONS = _norm_set("في فى من على إلى عن خلال بعد قبل إثر منذ مع ضد حول عبر لدى ضمن بين عند حتى وسط "
                         "أمام جراء بسبب تجاه نحو دون عقب")
# Bare complementizers that close an attribution frame: قال ... إن | أعلنت ... أن
COMPLEMENTIZERS = _norm_set("إن أن بأن")
# A complementizer with a pronoun: what follows lacks its subject, so it needs the speaker: قال ترامب إنه ...
PRONOUN_COMPLEMENTIZERS = _norm_set("إنه إنها إنهم إنهما أنه أنها أنهم أنهما بأنه بأنها بأنهم")
# What was said follows these: نقلت الوكالة عن مصدر قوله ...
SPEECH_NOUNS = _norm_set("قوله قولها قولهما قولهم")
RELATIVES = _norm_set("الذي التي الذين اللذين اللتين اللواتي اللاتي مما حيث إذ بينما فيما لكن ولكن "
                      "لكنه لكنها والذي والتي وهو وهي وذلك كما")
ATTRIBUTION_TAILS = _norm_set(f"{_OPENERS} حسبما {REPORTING_PARTICIPLES}")
CONJUNCTS = _norm_set("وذلك وقد وفي ومن وهو وهي وكان وكانت وأن وإن ولكن وهذا وهذه وسط ثم كما") | _norm_set(
    " ".join("و" + verb for verb in verb_forms(CARRYING_ON, "he")))
# Verbs that only frame the event that follows their preposition: تمكن من، أقدم على، عمد إلى، نجح في.
SUPPORT_VERB = re.compile(r"^[وف]?(?:تمكن|اقدم|عمد|نجح|شرع|اقبل|سارع|عمل)(?:ت|وا|ا)?$")
SUPPORT_PREPOSITIONS = _norm_set("من على إلى في")
# Words that open a trailing clause after a comma, besides relatives, tails and prepositions.
TAIL_OPENERS = _norm_set("ما إلا ثم أو حتى قبل بعد منذ وسط خاصة لا سواء")
# Particles before a verb: what follows them needs its object.
VERB_PARTICLES = _norm_set("لم لن لا قد لقد سوف كي لكي")
DAYS = _norm_set("الأحد الاثنين الإثنين الثلاثاء الأربعاء الخميس الجمعة السبت")
MONTHS = _norm_set("يناير فبراير مارس أبريل إبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر جانفي "
                   "فيفري أفريل ماي جوان جويلية أوت كانون شباط آذار نيسان أيار حزيران تموز آب أيلول تشرين")
# Words that open a time phrase only when a day, a date or اليوم/أمس follows: صباح اليوم, يوم الأحد.
TIME_HEADS = _norm_set("يوم مساء صباح ليلة ظهر فجر عشية نهار")
TIME_WORDS = _norm_set("اليوم أمس البارحة") | DAYS
_TIME_TAIL = _norm_set("الماضي المقبل الجاري الحالي القادم المنصرم الفائت الأول الثاني") | MONTHS
ATTRIBUTION_OPENERS = _norm_set(_OPENERS)
_SAYING = _norm_set(SAYING)


def _reporting_forms() -> tuple[dict[str, str], dict[str, str]]:
    """({normalized form: normalized masculine past}, {normalized form: its present tense, or ""})."""
    verb, present = {}, {}
    for past in REPORTING:
        he, she, they, now, feminine_now = verb_forms(past, "he", "she", "they", "he_now", "she_now")
        for form, tense in ((he, now), (she, feminine_now), (they, ""), (now, now), (feminine_now, feminine_now)):
            verb[normalize(form)] = normalize(past)
            present[normalize(form)] = tense
    return verb, present


_VERB_OF, _PRESENT_OF = _reporting_forms()


def _reporting_key(text: str) -> str | None:
    key = normalize(text.strip(_STRIP))
    if key in _VERB_OF:
        return key
    if key[:1] in "وف" and key[1:] in _VERB_OF:
        return key[1:]
    return None


def report_verb(text: str) -> str | None:
    """The masculine past of a verb of reporting in any of its forms (وأعلنت → اعلن), else None."""
    key = _reporting_key(text)
    return _VERB_OF[key] if key else None


def present_tense(text: str) -> str | None:
    """The verb in the present tense, same gender (أعلنت → تعلن); None for a plural or a non-reporting word."""
    key = _reporting_key(text)
    return _PRESENT_OF[key] or None if key else None

# A dateline or byline before the story: "القاهرة - ", "(رويترز) -", "دبي، الإمارات العربية المتحدة (CNN)--".
_PLACE = r"[^\s()\d.،,:-]+"
_DATELINE = re.compile(
    r"^(?:كتب|كتبت|بقلم|متابعة)\s*[:-]?\s*[^:\n]{2,40}?\s*[:-]\s+"  # byline
    rf"|^(?:{_PLACE}(?:\s{_PLACE}){{0,2}}(?:[،,]\s*{_PLACE}(?:\s{_PLACE}){{0,3}})?\s*)?"
    r"\([^()\n]{2,30}\)\s*(?:--?|–|—)\s*"  # place (agency) -
    rf"|^{_PLACE}(?:[،,]\s*{_PLACE}(?:\s{_PLACE}){{0,2}})?\s*(?:--?|–|—)\s+")  # one-word place -
# A dateline must leave a sentence behind it.
_MIN_AFTER_DATELINE = 5

MAX_ASIDE = 6  # a deletable comma-delimited aside is at most this long
_MAX_APPOSITION = 4


@dataclass(frozen=True)
class Word:
    text: str
    key: str  # normalized, punctuation stripped
    start: int
    end: int


def words_of(text: str) -> list[Word]:
    return [Word(m.group(), normalize(m.group().strip(_STRIP)), m.start(), m.end())
            for m in re.finditer(r"\S+", text)]


def dateline_end(text: str) -> int:
    """Character offset where the story starts after a dateline or byline (0 when there is none)."""
    match = _DATELINE.match(text)
    if not match or len(text[match.end():].split()) < _MIN_AFTER_DATELINE:
        return 0
    return match.end()


def ends_with(word: Word, marks: str) -> bool:
    return word.text.rstrip(QUOTE_MARKS + ")")[-1:] in marks


def time_spans(words: Sequence[Word]) -> list[tuple[int, int]]:
    """Time phrases: اليوم السبت, أمس الخميس 18 أوت 2016, يوم الأربعاء الماضي, مساء اليوم الأحد."""
    spans, i = [], 0
    while i < len(words):
        key = words[i].key
        nxt = words[i + 1].key if i + 1 < len(words) else ""
        if key in TIME_WORDS or (key in TIME_HEADS and (nxt in TIME_WORDS or nxt[:1].isdigit())):
            j = i + 1
            while j < len(words) and not ends_with(words[j - 1], "،,؛;:.") and (
                    words[j].key in TIME_WORDS or words[j].key in _TIME_TAIL or words[j].key[:1].isdigit()):
                j += 1
            spans.append((i, j))
            i = j
        else:
            i += 1
    return spans


def asides(words: Sequence[Word]) -> list[tuple[int, int]]:
    """Comma-delimited asides: adverbials (", خلال الربع الثاني،") and short appositions (", إيناس عبد الدايم،")."""
    spans = []
    for i in range(1, len(words)):
        if not ends_with(words[i - 1], "،,"):
            continue
        adverbial = words[i].key in PREPOSITIONS or words[i].key in TIME_WORDS or words[i].key in TIME_HEADS
        for j in range(i, min(len(words) - 1, i + MAX_ASIDE)):
            if ends_with(words[j], "،,"):
                inside = {w.key for w in words[i:j + 1]}
                if adverbial or (
                        j - i < _MAX_APPOSITION and not inside & (PREPOSITIONS | COMPLEMENTIZERS | RELATIVES)):
                    spans.append((i, j + 1))
                break
            if ends_with(words[j], "؛;:.!?"):
                break
    return spans


END_KINDS = ("stop", "comma", "conjunct", "preposition", "relative", "tail", "time", "bracket")


def _looks_like_verb(key: str) -> bool:
    """Past-tense shapes that take a preposition: قضى أدت بدأت يحصلوا (nouns rarely end so)."""
    if key.startswith("ال") or not 3 <= len(key) <= 6:
        return False
    return key.endswith("وا") or (key.endswith("ت") and not key.endswith(("ات", "يت", "وت"))) or \
        (key.endswith("ي") and len(key) == 3 and not key.endswith("وي"))


def end_kind(words: Sequence[Word], j: int) -> str | None:
    """May a headline end just before words[j]? The kind of boundary, or None."""
    if ends_with(words[j - 1], "،,؛;:"):
        return "comma"
    key, raw = words[j].key, words[j].text
    # Before a second conjunct (والمدارس, وقد ...), but not inside بين X وY.
    if (key.startswith("وال") or key in CONJUNCTS) and not any(w.key == "بين" for w in words[max(0, j - 4):j]):
        return "conjunct"
    if key in PREPOSITIONS or (key.startswith(("بال", "لل", "كال")) and len(key) > 4):  # بالقذائف, للرئيس
        # Not after a verb that needs it: "... لم يحصلوا | على", "قضى | على", "أدت | إلى".
        verb = _looks_like_verb(words[j - 1].key) or any(w.key in VERB_PARTICLES for w in words[max(0, j - 3):j])
        return None if verb else "preposition"
    if key in RELATIVES:
        return "relative"
    if key in ATTRIBUTION_TAILS:
        return "tail"
    if key in TIME_WORDS or (key in TIME_HEADS and j + 1 < len(words) and words[j + 1].key in TIME_WORDS):
        return "time"
    if raw[0] in "(-–—" or (raw[0] in QUOTE_MARKS and _quotation(words, j)):
        return "bracket"
    return None


MIN_QUOTATION = 4  # a quote this long is what someone said; a shorter one names a thing: تنظيم “داعش”


def _quotation(words: Sequence[Word], j: int) -> bool:
    """Does a quotation of at least MIN_QUOTATION words open at words[j]?"""
    close = "»" if words[j].text[0] == "«" else "”" if words[j].text[0] == "“" else '"'
    for k in range(j, len(words)):
        if close in (words[k].text[1:] if k == j else words[k].text):
            return k - j + 1 >= MIN_QUOTATION
    return False


def enclosed(words: Sequence[Word]) -> list[tuple[int, int]]:
    """(first, last) word index of each quoted or bracketed passage, paired in order of the marks."""
    marks = [(k, ch) for k, w in enumerate(words) for ch in w.text if ch in '"«»“”()']
    spans, open_at = [], {}
    pairs = {"»": "«", "”": "“", ")": "("}
    for k, ch in marks:
        if ch == '"':
            if '"' in open_at:
                spans.append((open_at.pop('"'), k))
            else:
                open_at['"'] = k
        elif ch in pairs:
            if pairs[ch] in open_at:
                spans.append((open_at.pop(pairs[ch]), k))
        else:
            open_at[ch] = k
    return [(i, j) for i, j in spans if i < j]


def cuts_inside(spans: Sequence[tuple[int, int]], k: int) -> bool:
    """Does a cut between words k-1 and k fall inside a quote or brackets?"""
    return any(i < k <= j for i, j in spans)


def render(words: Sequence[Word], kept: Sequence[int]) -> str:
    """The kept words; a deletion takes the commas around it, and the end loses its stop."""
    parts = []
    for n, i in enumerate(kept):
        text = words[i].text
        gap_after = n + 1 < len(kept) and kept[n + 1] != i + 1
        if gap_after:
            text = re.sub(r"[،,]$", "", text)
        if text:  # a lone quote mark taken off a reported quote
            parts.append(text)
    return " ".join(parts).rstrip(" .،,؛;:!-–—")


# Words after which a whole clause follows, so a bullet may start on them: حيث قتل ...، وهو ما ...، لكن ...
CLAUSE_LINKS = _norm_set("حيث إذ بينما فيما لكن ولكن لكنه لكنها وهو وهي وهم وكان وكانت ويعد وتعد")
# Links that open a clause only when one follows them: كما أعلن (not كما هي), ثم قال.
_BEFORE_CLAUSE = _norm_set("كما وكما ثم")
_NOT_VERB = _norm_set("يوم يونيو يوليو يناير")


def _verb_shape(key: str) -> bool:
    """A finite verb, as far as its letters tell: a reporting verb, a future or present tense, a past shape."""
    if report_verb(key) or key in VERB_PARTICLES:
        return True
    bare = key[1:] if key[:1] in "وفل" and len(key) > 3 else key
    if bare in _NOT_VERB or bare.endswith(("يا", "ه", "ات")):  # سنويا، يوميه: adverbs and nouns
        return False
    return re.fullmatch(r"(?:س[يتن]|ي)\w{2,5}", bare) is not None or _looks_like_verb(bare)


def opens_clause(words: Sequence[Word] | str) -> bool:
    """May a reader start reading here: at a verb, a complementizer, a clause link (حيث، وهو، لكن)
    or a subject-first sentence (a noun phrase then its verb)? Never at a preposition, a relative
    pronoun, a tail (بحسب، مشيرا) or a bare second conjunct (والتهرب الضريبي)."""
    words = [w for w in (words_of(words) if isinstance(words, str) else words) if w.key]  # a stray mark is no word
    if not words or words[0].text[:1] in "(-–—":
        return False
    key = words[0].key
    if key in _BEFORE_CLAUSE:
        return opens_clause(words[1:])
    if key in COMPLEMENTIZERS | CLAUSE_LINKS or key in _norm_set("إنه إنها أنه أنها"):
        return True
    if key in PREPOSITIONS | RELATIVES | ATTRIBUTION_TAILS | TIME_WORDS | TAIL_OPENERS or \
            key.startswith(("بال", "لل", "كال", "وال")):
        return False
    if _verb_shape(key):
        return True
    # A subject first: a few words of a noun phrase, then its verb, before any preposition or comma.
    for i in range(1, min(len(words), 5)):
        if _verb_shape(words[i].key) and not words[i].key.startswith("ال"):
            return words[i].key not in VERB_PARTICLES or i + 1 < len(words)
        if words[i].key in PREPOSITIONS | RELATIVES or ends_with(words[i], "،,؛;:.") or \
                words[i].key.startswith(("بال", "لل")):
            return False
    return False


def _opens_tail(word: Word) -> bool:
    """Does a clause that only adds to what came before start here (after a comma)?"""
    key = word.key
    return (key in RELATIVES or key in ATTRIBUTION_TAILS or key in CONJUNCTS or key in PREPOSITIONS
            or key in TIME_WORDS or key in TAIL_OPENERS or (key.startswith("و") and len(key) > 3))


def trim_to_clause(text: str, min_words: int) -> str:
    """The sentence up to the first comma after min_words words that a trailing clause follows, else whole.

    A trailing clause opens with a relative pronoun, an attribution tail, a preposition,
    a time phrase or a conjunction (", الذي ...", ", بحسب ...", ", مشيرا ...", ", وأضاف ...").
    Never leaves an attribution frame without what was said (قال فلان، ...), a fronted
    adverbial alone (في حكم تاريخي، ...), a subject whose relative clause just closed
    (وعانى ليفربول، الذي ...، [predicate]), nor a cut inside quotes or brackets.
    """
    words = words_of(text)
    if not words:
        return text
    spans = enclosed(words)
    framed = report_verb(words[0].text) in _SAYING
    fronted = words[0].key in PREPOSITIONS or words[0].key in TIME_WORDS
    commas, segment = 0, 0  # commas seen; where the current comma-delimited segment starts
    for j in range(1, len(words)):
        previous = words[j - 1]
        if framed and (previous.key in COMPLEMENTIZERS or ends_with(previous, ":") or '"' in previous.text):
            framed = False
        if not ends_with(previous, "،,"):
            continue
        commas += 1
        embedded = commas > 1 and words[segment].key in RELATIVES
        segment = j
        if (j < min_words or framed or (fronted and commas == 1) or embedded or cuts_inside(spans, j)
                or words[j].key in COMPLEMENTIZERS or not _opens_tail(words[j])):
            continue
        return render(words, range(j))
    return text
