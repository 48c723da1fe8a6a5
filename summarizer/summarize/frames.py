"""Reporting frames of a lead sentence, and the title forms they give.

A news lead often opens with who said or announced it: `أعلنت وزارة الدفاع أن [...]`,
`أعربت كندا عن [قلقها ...]`, `نفت السلطات التركية [صحة التقارير]`. Real titles never open
so; they put the speaker first:

- a frame closed by a complementizer (`أن`, `إنه`, `قوله`) gives `الجهة: الخبر`;
- a verb and the preposition it governs (`أعرب عن`, `أشار إلى`, `أفاد بـ`), or a verb and a
  noun object (`أعلن تعيين`, `نفى تورط`), give a subject-first clause with the verb in the
  present tense, as titles write it: `كندا تعرب عن قلقها ...`, `السلطات التركية تنفي صحة ...`.

The speaker is read conservatively: it may follow a time phrase (أكدت اليوم الاثنين [النائبة ...]);
it stops at its first comma (an apposition follows), preposition, time phrase, addressee
(لوكالة ...), quote or bracket, and is at most MAX_SPEAKER words. A title closed by a comma
and the name after it, or a long title ending in a name, is shown by the name, as titles do.
Where the words cannot be told apart safely (a person's title, then bare words that could
be a name or the object), there is no frame.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, Sequence

from ..text.lexicon import GOVERNS, LETTERS
from ..text.normalize import normalize
from ..text.tokens import STOPWORDS
from .clauses import (
    ATTRIBUTION_OPENERS,
    COMPLEMENTIZERS,
    PREPOSITIONS,
    PRONOUN_COMPLEMENTIZERS,
    QUOTE_MARKS,
    RELATIVES,
    SPEECH_NOUNS,
    TIME_HEADS,
    TIME_WORDS,
    Word,
    ends_with,
    present_tense,
    report_verb,
    time_spans,
)

MAX_PREFIX = 40  # a frame closes within this many words of its verb (a speaker's title, where, when, to whom)
MAX_SPEAKER = 5  # ممثلة الأفلام الإباحية ستورمي دانييلز
MAX_PREFIX_NAMED = 14  # a long title and a name before the object: كاهية مدير الرعاية الصحية ... منصف المحمدي [تسجيل]
# Whom the speaker told, not who spoke: قال فلان لوكالة الأنباء | صرح لمراسل الإذاعة.
ADDRESSEES = frozenset(normalize(w) for w in "لمراسل لمراسلة لوكالة لصحيفة لجريدة لمجلة لقناة لإذاعة لاذاعة لموقع "
                       "لتلفزيون لبرنامج".split())
# The preposition each verb of reporting governs, when it takes one: أعرب عن، أشار إلى، حذر من، أفاد بـ.
GOVERNED = {normalize(verb): (normalize(preposition),) for verb, preposition in GOVERNS.items()}
# Nouns for a person: after one of these, bare words are a name (الرئيس الأمريكي دونالد ترامب), not an object.
_PERSON_NOUNS = ("رئيس رئيسة وزير وزيرة زعيم زعيمة مدير مديرة نائب نائبة ملك ملكة أمير أميرة سفير سفيرة متحدث متحدثة "
                 "ناطق ناطقة أمين أمينة مدرب مدربة لاعب لاعبة نجم نجمة ممثل ممثلة مغني مغنية كاتب كاتبة صحفي صحفية "
                 "محقق محققة قاضي قاضية محامي محامية مستشار مستشارة حاكم والي ناشط ناشطة فنان فنانة مخرج مخرجة "
                 "مرشح مرشحة مساعد مساعدة بابا شيخ مفتي عضو عضوة مؤسس مالك مالكة خبير خبيرة طبيب طبيبة عالم عالمة")
PERSONS = frozenset(normalize(p + w) for w in _PERSON_NOUNS.split() for p in ("", "ال"))
ADVERBS = frozenset(normalize(w) for w in "رسميا مجددا أيضا مؤخرا نهائيا".split())  # may stand before an object
# Heads of a reported object that no verbal-noun pattern shows: أكد [عدم ...] | نفى [خبر ...].
OBJECT_HEADS = frozenset(normalize(w) for w in "عدم خبر ضرورة أهمية إمكانية امكانية وجود رفض دعم نية عزم".split())
_NOT_VERBAL = frozenset(normalize(w) for w in "إيمان إيناس انتصار ابتسام اعتدال توفيق".split())  # given names
NAME_LINKS = frozenset(normalize(w) for w in "بن بنت ابن أبو أبي عبد".split())  # parts of a personal name
# Never part of a name: a person noun, or باسم, which opens a role (المتحدثة باسم [رئيس ...]).
NOT_NAME = PERSONS | {normalize("باسم")}
Kind = Literal["that", "governed", "object"]


@dataclass(frozen=True)
class Frame:
    """A reporting frame: its verb, its speaker's words, where the claim starts, and how it closes."""
    verb: int
    speaker: tuple[int, ...]
    claim: int
    kind: Kind

    def title_prefix(self, words: Sequence[Word]) -> str | None:
        """`الجهة:` or `الجهة تعلن`, to stand before the claim; None when the verb has no present tense here."""
        speaker = " ".join(words[i].text for i in self.speaker).rstrip("،,:؛")
        if self.kind == "that":
            return f"{speaker}:"
        verb = present_tense(words[self.verb].text)
        # After its subject a verb agrees in number too (نواب المعارضة يطالبون); a plural subject keeps the frame.
        return f"{speaker} {verb}" if verb and not _plural(words[self.speaker[0]]) else None


# People in the plural, whose verb would have to be plural after them: نواب، خبراء، سكان ...
_PEOPLE = frozenset(normalize(p + w) for w in (
    "نواب أطباء خبراء علماء سكان عمال طلاب طلبة أعضاء قادة زعماء وزراء رؤساء سفراء أهالي شهود جنود نشطاء "
    "مسؤولو محامو أساتذة معلمو لاعبو فنانو مواطنو رجال نساء أشخاص ضباط عناصر").split() for p in ("", "ال"))


def _plural(word: Word) -> bool:
    """A plural of people, by its sound ending as a subject (مسؤولون، المحتجون) or a known broken plural (نواب)."""
    key = word.key
    return key in _PEOPLE or (len(key) > 4 and key.endswith("ون"))


def _bare(word: Word) -> bool:
    """An indefinite Arabic word, not a particle: a noun head or a name (فوز, وقف: a first و or ف is a letter too)."""
    key = word.key
    return (bool(re.fullmatch(f"[{LETTERS}]{{3,}}", key)) and not key.startswith(("ال", "وال", "فال", "بال", "لل"))
            and key not in PREPOSITIONS | COMPLEMENTIZERS | STOPWORDS)


def _named(words: Sequence[Word], speaker: tuple[int, ...]) -> tuple[int, ...]:
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
    starts = [k for k in range(1, len(speaker) - 1) if _bare(words[speaker[k]]) and not _surname_at(words, speaker[k])
              and not words[speaker[k]].key.startswith(("ل", "ب")) and _definite(words[speaker[k] - 1])]
    if starts and 2 <= len(speaker) - starts[-1] <= 3:
        tail = speaker[starts[-1]:]
        if all(words[i].key not in PREPOSITIONS | STOPWORDS and not _enclosing(words[i]) for i in tail):
            return tail
    return speaker


def _title_after_name(words: Sequence[Word], speaker: tuple[int, ...]) -> int | None:
    """Where the person's title starts after a name: [سعيدة حقي] رئيسة نقابة ... | [رزيق الوسلاتي] المدير العام."""
    title_at = next((k for k in range(2, min(5, len(speaker))) if words[speaker[k]].key in PERSONS), None)
    if title_at is not None and _bare(words[speaker[0]]) and words[speaker[0]].key not in PERSONS and all(
            _name_part(words[i]) for i in speaker[1:title_at]):
        return title_at
    return None


def _name_part(word: Word) -> bool:
    """A word a personal name may hold after its first: a bare word, a family name (الوسلاتي), بن, عبد."""
    key = word.key
    family = _definite(word) and not key.startswith(("لل", "بال"))
    return (key not in NOT_NAME and (key in NAME_LINKS or _bare(word) or family)
            and not ends_with(word, "،,:؛") and not _enclosing(word))


def _title_end(word: Word) -> bool:
    """A title's last word, before a name: definite (وزير التربية) or a place (رئيس الهيئة بمدنين)."""
    return _definite(word) or (word.key.startswith("ب") and len(word.key) > 3 and not ends_with(word, "،,"))


def _definite(word: Word) -> bool:
    return word.key.startswith(("ال", "وال", "لل", "بال"))


def _enclosing(word: Word) -> bool:
    return any(q in word.text for q in QUOTE_MARKS + "()")


def _speaker(words: Sequence[Word], start: int, stop: int) -> tuple[int, ...]:
    """The speaker's words from `start`, before `stop`: up to a comma (kept), a preposition or time phrase."""
    out: list[int] = []
    for i in range(start, stop):
        w = words[i]
        if (w.key in PREPOSITIONS or w.key in TIME_WORDS or w.key in TIME_HEADS or w.key in ADDRESSEES
                or not w.key or _enclosing(w)):
            break
        out.append(i)
        if ends_with(w, "،,:؛"):
            break
    return tuple(out)


def _apposed(words: Sequence[Word], speaker: tuple[int, ...], stop: int) -> tuple[int, ...]:
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
        if not w.key or _enclosing(w) or w.key in COMPLEMENTIZERS | PRONOUN_COMPLEMENTIZERS | STOPWORDS:
            return speaker
        name.append(k)
        if ends_with(w, "،,"):
            break
    else:
        if not (name and name[-1] + 1 == stop):
            return speaker
    return tuple(name) if 2 <= len(name) <= 3 else speaker


def _governed_at(words: Sequence[Word], i: int, verb_key: str) -> bool:
    preps = GOVERNED.get(verb_key, ())
    key = words[i].key
    return key in preps or ("ب" in preps and key.startswith("ب") and not key.startswith("بال") and len(key) > 3
                            and key not in PREPOSITIONS and not _surname_at(words, i))


def _surname_at(words: Sequence[Word], i: int) -> bool:
    """The word that ends a name opened by عبد، بن، أبو and one more word: عبد العزيز [بوتفليقة]."""
    return i >= 2 and words[i - 2].key in NAME_LINKS and not ends_with(words[i - 1], "،,:؛")  # عبد [المالك]


def read_frame(words: Sequence[Word], first: int) -> Frame | None:
    """The reporting frame that opens words[first:], or None."""
    verb_key = report_verb(words[first].text) if first < len(words) else None
    if verb_key is None:
        return None
    # The speaker may come after a time phrase: أكدت اليوم الاثنين [النائبة ...].
    begin = next((j for i, j in time_spans(words) if i == first + 1), first + 1)
    window = range(begin, min(len(words), first + MAX_PREFIX))
    closers = COMPLEMENTIZERS | PRONOUN_COMPLEMENTIZERS | SPEECH_NOUNS
    close = next((i for i in window if words[i].key in closers), None)
    if close is not None:
        speaker = _named(words, _apposed(words, _speaker(words, begin, close), close))
        if len(speaker) > MAX_SPEAKER:  # whom it was told, at the end: متحدث باسم الأمم المتحدة [لقناة ...]
            to = next((k for k, i in enumerate(speaker) if k > 1 and words[i].key.startswith("ل")
                       and not words[i].key.startswith("لل")), len(speaker))
            speaker = speaker[:to]
        if 1 <= len(speaker) <= MAX_SPEAKER and close + 1 < len(words) and not any(
                words[i].key in RELATIVES for i in range(begin, close)):
            return Frame(first, speaker, close + 1, "that")
        # Otherwise the complementizer belongs to a later clause: نفت السلطات صحة التقارير التي أفادت بأنها ...
    speaker = _speaker(words, begin, len(words))
    if not speaker:
        return None
    # The governed preposition after the speaker (and any apposition or place: لدى الولايات المتحدة، فلان،),
    # unless a noun object comes first: أعلنت الممثلة جينيفر أنيستون [انفصالها] عن زوجها.
    governed = next((i for i in window if i > speaker[0] and _governed_at(words, i, verb_key)), None)
    found = _object_frame(words, first, speaker, verb_key)
    if governed is None or (found and found.claim < governed):
        return found
    speaker = _named(words, tuple(i for i in speaker if i < governed))
    if 1 <= len(speaker) <= MAX_SPEAKER and not any(_enclosing(words[i]) for i in range(speaker[-1] + 1, governed)):
        return Frame(first, speaker, governed, "governed")
    return None


def _object_frame(words: Sequence[Word], first: int, speaker: tuple[int, ...], verb_key: str) -> Frame | None:
    """A speaker and a noun object: نفت [السلطات التركية] [صحة التقارير].

    `speaker` runs to the first comma, preposition or time phrase. Where it ends with a comma,
    an apposition follows and the object starts after it: أعلن رئيس اللجنة، سعدي غوفن، [فوز ...].
    Otherwise the object is the first bare word after a definite one (نادي برشلونة الأسباني
    [تورط]), a time phrase or a place; after a person's title, two bare words are a name
    (الممثلة جينيفر أنيستون) and the object comes later, if it can be told.
    """
    # A relative object: نفى معتمد منوبة نزار عمري [ما راج ...].
    what = next((k for k in speaker[1:] if words[k].key == "ما"), None)
    if what is not None and what + 2 < len(words):
        shown = _named(words, tuple(i for i in speaker if i < what))
        return Frame(first, shown, what, "object") if len(shown) <= MAX_SPEAKER else None
    pronoun = ("ه", "ها", "هم", "هما")  # on the written word: normalized ة is ه too
    owns = lambda w: w.text.rstrip("،,.:؛").endswith(pronoun)  # noqa: E731
    person = any(words[i].key in PERSONS for i in speaker)
    last = speaker[-1]
    # A time phrase may stand between the speaker and the object: أعلنت الحكومة اليوم [خطة ...];
    # so may an adverb, after it or alone: أعلنت الشركة اليوم الثلاثاء رسميا [إيقاف ...].
    after_time = [j for i, j in time_spans(words) if i == last + 1]
    after_time += [j + 1 for j in [*after_time, last + 1] if j < len(words) and words[j].key in ADVERBS]
    # So may a place: أعلنت السلطات في تايلاند [نجاح ...]; النيابة العامة في المملكة العربية السعودية [اعتقال ...].
    place = []
    if last + 2 < len(words) and words[last + 1].key == "في" and not person:
        for i in range(last + 2, min(len(words), last + 5)):
            if words[i].key in PREPOSITIONS or _enclosing(words[i]) or not (_definite(words[i]) or i == last + 2):
                break
            place.append(i)
            if ends_with(words[i], "،,"):
                break
    near = speaker[0] + MAX_SPEAKER + 3  # beyond, only a verbal noun after a name: a long title, then the name
    too_long = False
    for s in [*range(speaker[0] + 1, min(last + 2, speaker[0] + MAX_PREFIX_NAMED)), *after_time,
              *(i + 1 for i in place)]:
        if s + 2 >= len(words):
            continue
        obj, before = words[s], words[last] if s in after_time else words[s - 1]
        verbal = _verbal_noun(obj)
        if s >= near and s not in after_time and not verbal:
            continue
        if s in after_time and obj.key == "ما" and _named_before(words, speaker, owns):
            return Frame(first, _named(words, speaker), s, "object")  # what it named: اليوم [ما وصفه ...]
        if ends_with(before, "،,") or not _bare(obj) or _enclosing(obj) or obj.key in NAME_LINKS or (
                _surname_at(words, s) and not verbal):
            continue  # عبد، بن، أبو open a name, never an object; what ends one is a surname (عبد العزيز بوتفليقة)
        # What follows a time phrase is the object unless it is a preposition's (بـ, لـ) or an adverb (مشيرا).
        if s in after_time and not obj.key.startswith(("ب", "ل")) and not obj.key.endswith("ا") and _named_before(
                words, speaker, owns):
            return Frame(first, _named(words, speaker), s, "object")  # the time phrase closes the speaker
        after = words[s + 1]
        owned = owns(obj)  # a verbal noun with its owner: أعلن فرانك لامبارد [اعتزاله]
        # After a definite word, a one-word place, or a name that follows one: الإنجليزية فرانك لامبارد [اعتزاله].
        # Or a verbal noun (or an owned one) after a name of two or three words: وزير التربية ناجي جلول [إحالة ...].
        name = _name_before(words, s, speaker[0]) if verbal else None
        after_name = name is not None or (owned and _bare(before) and _bare(words[s - 2]) and _definite(words[s - 3]))
        if not ((_definite(before) and (s < near or s in after_time)) or (place and s - 1 == place[0]) or after_name):
            continue
        if person and (_bare(after) or after.key.startswith("بال")) and not owns(after) and not after.text.rstrip(
                "،,.:؛").endswith("ة") and not (owned or after_name):
            continue  # after a person's title, two bare words are a name (دونالد ترامب، سمير بالطيب); ة ends nouns
        shown = _named(words, tuple(range(speaker[0], s)) if s - 1 in place else
                       tuple(i for i in speaker if i < s))
        if name and len(shown) > MAX_SPEAKER:
            shown = name  # a long title, then the name: the name alone (منجي سليم)
        if len(shown) <= MAX_SPEAKER:
            return Frame(first, shown, s, "object")
        if after_name:
            return None
        near, too_long = s + 1, True  # too long a speaker here: only a name and its verbal noun further on
    if too_long:
        return None
    if ends_with(words[speaker[-1]], "،,") and len(named := _named(words, speaker)) <= MAX_SPEAKER:
        start = speaker[-1] + 1
        close = next((i for i in range(start, min(len(words), start + 4)) if ends_with(words[i], "،,")), None)
        if close is None and named != speaker and not any(
                _governed_at(words, i, verb_key) for i in range(start, min(len(words), start + 3))):
            close = speaker[-1]  # a title and the name, then the object (no addressee): الهاروني، [تواصل] الحوار
        obj = words[close + 1] if close is not None and close + 2 < len(words) else None
        if obj and obj.key not in PREPOSITIONS | COMPLEMENTIZERS | STOPWORDS and not _enclosing(obj):
            return Frame(first, named, close + 1, "object")
    return None


def _verbal_noun(word: Word) -> bool:
    """A verbal noun by its pattern (إعلان، إحالة، تسجيل، اعتداء، استقبال) or a common object head (عدم، خبر)."""
    if word.key in _NOT_VERBAL or not _bare(word):
        return False
    text = word.text.rstrip("،,.:؛")
    k = word.key if text.endswith("ة") else normalize(re.sub("(ه|ها|هم|هما)$", "", text))  # owned: [دعمه] القوي
    return k in OBJECT_HEADS or (len(k) == 5 and k[0] == "ا" and (k[3] == "ا" or k[2] == "ا" and k[4] == "ه")) or (
        len(k) == 5 and k[0] == "ت" and k[3] == "ي") or (len(k) == 6 and k[0] == "ا" and k[4] == "ا") or (
        len(k) == 7 and k.startswith("است") and k[5] == "ا")


def _name_before(words: Sequence[Word], s: int, begin: int) -> tuple[int, ...] | None:
    """The name of two or three words before words[s], after a title's last word (definite, or a place:
    بمدنين): الداخلية [الهادي مجدوب] | الدولي [جيم يونغ كيم] | والسياسي [الطاهر بن حسين]; or None."""
    for size in (2, 3):
        start = s - size
        first = words[start]
        if (start - 1 < begin or first.key.startswith(("ل", "ب")) or not _bare(first) or not _title_end(
                words[start - 1]) or any(w.key in NAME_LINKS for w in words[max(begin, start - 2):start])):
            continue  # a given name first, after the title (not inside a name: عبد الحميد [عبد الله])
        inner = all(_bare(w) or w.key in NAME_LINKS for w in words[start + 1:s - 1])  # a family name may be definite
        if inner and all(_name_part(words[i]) and not _verbal_noun(words[i]) for i in range(start, s)):
            return tuple(range(start, s))
    return None


def _named_before(words: Sequence[Word], speaker: tuple[int, ...], owns) -> bool:
    """A speaker that a time phrase or an adverb closes may be shown before the object after it: one
    or two words (شركة سامسونغ), or a person's title and a name (وزير الداخلية الهادي مجدوب).

    Words the object could have started (an owned noun: حكومته) or a longer indefinite run (شركة
    سامسونغ إطلاق هاتف) are not a speaker.
    """
    named = _named(words, speaker)
    if any(owns(words[i]) and words[i].key != "الله" for i in speaker) or len(named) > MAX_SPEAKER:
        return False
    if len(speaker) <= 2:
        return all(_bare(words[i]) or _definite(words[i]) for i in speaker)
    if not any(words[i].key in PERSONS for i in speaker[:2]):
        return False
    # After the title: a name of two or three words, the last ones of the speaker, none a verbal noun's owner.
    if named != speaker:
        return True
    tail = [i for i in speaker[-3:] if _name_part(words[i])]
    return len(tail) >= 2 and tail[-1] == speaker[-1] and not _definite(words[tail[0]])


def opens_with_frame(words: Sequence[Word], kept: Sequence[int]) -> bool:
    """The kept words open with a reporting verb or an attribution opener (قال ... | حسب ...)."""
    return report_verb(words[kept[0]].text) is not None or words[kept[0]].key in ATTRIBUTION_OPENERS

