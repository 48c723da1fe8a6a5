"""Who a reporting frame names (frames.py reads the frame): the speaker's words after the verb, a title
shown by its name (وزير التربية [فتحي جراي]), where a personal name ends (عبد، بن، a family name), and a
verbal noun told from a name, since the frame's object starts there (أعلن فرانك لامبارد [اعتزاله]).

The speaker stops at its first comma (an apposition follows), preposition, time phrase, addressee
(لوكالة ...), quote or bracket, and is at most MAX_SPEAKER words.
"""
from __future__ import annotations

import re
from typing import Sequence

from ..text.lexicon import LETTERS
from ..text.normalize import normalize
from ..text.tokens import STOPWORDS
from .clauses import (
    COMPLEMENTIZERS,
    PREPOSITIONS,
    PRONOUN_COMPLEMENTIZERS,
    QUOTE_MARKS,
    TIME_HEADS,
    TIME_WORDS,
    Word,
    ends_with,
)

MAX_SPEAKER = 5  # ممثلة الأفلام الإباحية ستورمي دانييلز
# Whom the speaker told, not who spoke: قال فلان لوكالة الأنباء | صرح لمراسل الإذاعة.
ADDRESSEES = frozenset(normalize(w) for w in "لمراسل لمراسلة لوكالة لصحيفة لجريدة لمجلة لقناة لإذاعة لاذاعة لموقع "
                       "لتلفزيون لبرنامج".split())
# Nouns for a person: after one of these, bare words are a name (الرئيس الأمريكي دونالد ترامب), not an object.
_PERSON_NOUNS = ("رئيس رئيسة وزير وزيرة زعيم زعيمة مدير مديرة نائب نائبة ملك ملكة أمير أميرة سفير سفيرة متحدث متحدثة "
                 "ناطق ناطقة أمين أمينة مدرب مدربة لاعب لاعبة نجم نجمة ممثل ممثلة مغني مغنية كاتب كاتبة صحفي صحفية "
                 "محقق محققة قاضي قاضية محامي محامية مستشار مستشارة حاكم والي ناشط ناشطة فنان فنانة مخرج مخرجة "
                 "مرشح مرشحة مساعد مساعدة بابا شيخ مفتي عضو عضوة مؤسس مالك مالكة خبير خبيرة طبيب طبيبة عالم عالمة")
PERSONS = frozenset(normalize(p + w) for w in _PERSON_NOUNS.split() for p in ("", "ال"))
# Heads of a reported object that no verbal-noun pattern shows: أكد [عدم ...] | نفى [خبر ...].
OBJECT_HEADS = frozenset(normalize(w) for w in "عدم خبر ضرورة أهمية إمكانية امكانية وجود رفض دعم نية عزم".split())
_NOT_VERBAL = frozenset(normalize(w) for w in "إيمان إيناس انتصار ابتسام اعتدال توفيق".split())  # given names
NAME_LINKS = frozenset(normalize(w) for w in "بن بنت ابن أبو أبي عبد".split())  # parts of a personal name
# Never part of a name: a person noun, or باسم, which opens a role (المتحدثة باسم [رئيس ...]).
NOT_NAME = PERSONS | {normalize("باسم")}


# People in the plural, whose verb would have to be plural after them: نواب، خبراء، سكان ...
_PEOPLE = frozenset(normalize(p + w) for w in (
    "نواب أطباء خبراء علماء سكان عمال طلاب طلبة أعضاء قادة زعماء وزراء رؤساء سفراء أهالي شهود جنود نشطاء "
    "مسؤولو محامو أساتذة معلمو لاعبو فنانو مواطنو رجال نساء أشخاص ضباط عناصر").split() for p in ("", "ال"))


def plural_people(word: Word) -> bool:
    """A plural of people, by its sound ending as a subject (مسؤولون، المحتجون) or a known broken plural (نواب)."""
    key = word.key
    return key in _PEOPLE or (len(key) > 4 and key.endswith("ون"))


def bare(word: Word) -> bool:
    """An indefinite Arabic word, not a particle: a noun head or a name (فوز, وقف: a first و or ف is a letter too)."""
    key = word.key
    return (bool(re.fullmatch(f"[{LETTERS}]{{3,}}", key)) and not key.startswith(("ال", "وال", "فال", "بال", "لل"))
            and key not in PREPOSITIONS | COMPLEMENTIZERS | STOPWORDS)


def by_name(words: Sequence[Word], speaker: tuple[int, ...]) -> tuple[int, ...]:
    """The speaker as a title names it: a long title and name (وزير التربية فتحي جراي), or a name and then
    the person's title (سلمى بن يوسف رئيسة الجمعية), by the name alone.

    The name is the speaker's last 2 or 3 words from a bare word (a given name, not ل/ب-prefixed)
    that follows a definite one; the surname may be definite (نور الدين الطبوبي).
    """
    if len(speaker) <= 4:
        return speaker
    title_at = _title_after_name(words, speaker)
    if title_at is not None:
        return speaker[:title_at]
    starts = [k for k in range(1, len(speaker) - 1) if bare(words[speaker[k]]) and not surname_at(words, speaker[k])
              and not words[speaker[k]].key.startswith(("ل", "ب")) and definite(words[speaker[k] - 1])]
    if starts and 2 <= len(speaker) - starts[-1] <= 3:
        tail = speaker[starts[-1]:]
        if all(words[i].key not in PREPOSITIONS | STOPWORDS and not enclosing(words[i]) for i in tail):
            return tail
    return speaker


def _title_after_name(words: Sequence[Word], speaker: tuple[int, ...]) -> int | None:
    """Where the person's title starts after a name: [سعيدة حقي] رئيسة نقابة ... | [رزيق الوسلاتي] المدير العام."""
    title_at = next((k for k in range(2, min(5, len(speaker))) if words[speaker[k]].key in PERSONS), None)
    if title_at is not None and bare(words[speaker[0]]) and words[speaker[0]].key not in PERSONS and all(
            _name_part(words[i]) for i in speaker[1:title_at]):
        return title_at
    return None


def _name_part(word: Word) -> bool:
    """A word a personal name may hold after its first: a bare word, a family name (الوسلاتي), بن, عبد."""
    key = word.key
    family = definite(word) and not key.startswith(("لل", "بال"))
    return (key not in NOT_NAME and (key in NAME_LINKS or bare(word) or family)
            and not ends_with(word, "،,:؛") and not enclosing(word))


def _title_end(word: Word) -> bool:
    """A title's last word, before a name: definite (وزير التربية) or a place (رئيس الهيئة بمدنين)."""
    return definite(word) or (word.key.startswith("ب") and len(word.key) > 3 and not ends_with(word, "،,"))


def definite(word: Word) -> bool:
    return word.key.startswith(("ال", "وال", "لل", "بال"))


def enclosing(word: Word) -> bool:
    return any(q in word.text for q in QUOTE_MARKS + "()")


def read_speaker(words: Sequence[Word], start: int, stop: int) -> tuple[int, ...]:
    """The speaker's words from `start`, before `stop`: up to a comma (kept), a preposition or time phrase."""
    out: list[int] = []
    for i in range(start, stop):
        w = words[i]
        if (w.key in PREPOSITIONS or w.key in TIME_WORDS or w.key in TIME_HEADS or w.key in ADDRESSEES
                or not w.key or enclosing(w)):
            break
        out.append(i)
        if ends_with(w, "،,:؛"):
            break
    return tuple(out)


def apposed_name(words: Sequence[Word], speaker: tuple[int, ...], stop: int) -> tuple[int, ...]:
    """A title closed by a comma and the name after it: رئيسة جمعية القضاة، [روضة القرافي] في تصريح ... أن.

    Titles name the person: the name is 2 or 3 words that end at a comma, a preposition or
    a time phrase (before `stop`); otherwise the speaker as read.
    """
    if not speaker or not ends_with(words[speaker[-1]], "،,"):
        return speaker
    name: list[int] = []
    for k in range(speaker[-1] + 1, min(stop, speaker[-1] + 5)):
        w = words[k]
        if w.key in PREPOSITIONS or w.key in TIME_WORDS or w.key in TIME_HEADS:
            break
        if not w.key or enclosing(w) or w.key in COMPLEMENTIZERS | PRONOUN_COMPLEMENTIZERS | STOPWORDS:
            return speaker
        name.append(k)
        if ends_with(w, "،,"):
            break
    else:
        if not (name and name[-1] + 1 == stop):
            return speaker
    return tuple(name) if 2 <= len(name) <= 3 else speaker


def surname_at(words: Sequence[Word], i: int) -> bool:
    """The word that ends a name opened by عبد، بن، أبو and one more word: عبد العزيز [بوتفليقة]."""
    return i >= 2 and words[i - 2].key in NAME_LINKS and not ends_with(words[i - 1], "،,:؛")  # عبد [المالك]


def verbal_noun(word: Word) -> bool:
    """A verbal noun by its pattern (إعلان، إحالة، تسجيل، اعتداء، استقبال) or a common object head (عدم، خبر)."""
    if word.key in _NOT_VERBAL or not bare(word):
        return False
    text = word.text.rstrip("،,.:؛")
    k = word.key if text.endswith("ة") else normalize(re.sub("(ه|ها|هم|هما)$", "", text))  # owned: [دعمه] القوي
    return k in OBJECT_HEADS or (len(k) == 5 and k[0] == "ا" and (k[3] == "ا" or k[2] == "ا" and k[4] == "ه")) or (
        len(k) == 5 and k[0] == "ت" and k[3] == "ي") or (len(k) == 6 and k[0] == "ا" and k[4] == "ا") or (
        len(k) == 7 and k.startswith("است") and k[5] == "ا")


def name_before(words: Sequence[Word], s: int, begin: int) -> tuple[int, ...] | None:
    """The name of two or three words before words[s], after a title's last word (definite, or a place:
    بمدنين): الداخلية [الهادي مجدوب] | الدولي [جيم يونغ كيم] | والسياسي [الطاهر بن حسين]; or None."""
    for size in (2, 3):
        start = s - size
        first = words[start]
        if (start - 1 < begin or first.key.startswith(("ل", "ب")) or not bare(first) or not _title_end(
                words[start - 1]) or any(w.key in NAME_LINKS for w in words[max(begin, start - 2):start])):
            continue  # a given name first, after the title (not inside a name: عبد الحميد [عبد الله])
        inner = all(bare(w) or w.key in NAME_LINKS for w in words[start + 1:s - 1])  # a family name may be definite
        if inner and all(_name_part(words[i]) and not verbal_noun(words[i]) for i in range(start, s)):
            return tuple(range(start, s))
    return None


def named_before(words: Sequence[Word], speaker: tuple[int, ...], owns) -> bool:
    """A speaker that a time phrase or an adverb closes may be shown before the object after it: one
    or two words (شركة سامسونغ), or a person's title and a name (وزير الداخلية الهادي مجدوب).

    Words the object could have started (an owned noun: حكومته) or a longer indefinite run (شركة
    سامسونغ إطلاق هاتف) are not a speaker.
    """
    named = by_name(words, speaker)
    if any(owns(words[i]) and words[i].key != "الله" for i in speaker) or len(named) > MAX_SPEAKER:
        return False
    if len(speaker) <= 2:
        return all(bare(words[i]) or definite(words[i]) for i in speaker)
    if not any(words[i].key in PERSONS for i in speaker[:2]):
        return False
    # After the title: a name of two or three words, the last ones of the speaker, none a verbal noun's owner.
    if named != speaker:
        return True
    tail = [i for i in speaker[-3:] if _name_part(words[i])]
    return len(tail) >= 2 and tail[-1] == speaker[-1] and not definite(words[tail[0]])

