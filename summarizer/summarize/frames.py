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
be a name or the object), there is no frame. Who the speaker is, and where a name ends, is speakers.py.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Sequence

from ..text.lexicon import GOVERNS
from ..text.normalize import normalize
from ..text.tokens import STOPWORDS
from .clauses import (
    ATTRIBUTION_OPENERS,
    COMPLEMENTIZERS,
    PREPOSITIONS,
    PRONOUN_COMPLEMENTIZERS,
    RELATIVES,
    SPEECH_NOUNS,
    Word,
    ends_with,
    present_tense,
    report_verb,
    time_spans,
)
from .speakers import (
    MAX_SPEAKER,
    NAME_LINKS,
    PERSONS,
    apposed_name,
    bare,
    by_name,
    definite,
    enclosing,
    name_before,
    named_before,
    plural_people,
    read_speaker,
    surname_at,
    verbal_noun,
)

MAX_PREFIX = 40  # a frame closes within this many words of its verb (a speaker's title, where, when, to whom)
MAX_PREFIX_NAMED = 14  # a long title and a name before the object: كاهية مدير الرعاية الصحية ... منصف المحمدي [تسجيل]
# The preposition each verb of reporting governs, when it takes one: أعرب عن، أشار إلى، حذر من، أفاد بـ.
GOVERNED = {normalize(verb): (normalize(preposition),) for verb, preposition in GOVERNS.items()}
ADVERBS = frozenset(normalize(w) for w in "رسميا مجددا أيضا مؤخرا نهائيا".split())  # may stand before an object

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
        return f"{speaker} {verb}" if verb and not plural_people(words[self.speaker[0]]) else None


def _governed_at(words: Sequence[Word], i: int, verb_key: str) -> bool:
    preps = GOVERNED.get(verb_key, ())
    key = words[i].key
    return key in preps or ("ب" in preps and key.startswith("ب") and not key.startswith("بال") and len(key) > 3
                            and key not in PREPOSITIONS and not surname_at(words, i))


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
        speaker = by_name(words, apposed_name(words, read_speaker(words, begin, close), close))
        if len(speaker) > MAX_SPEAKER:  # whom it was told, at the end: متحدث باسم الأمم المتحدة [لقناة ...]
            to = next((k for k, i in enumerate(speaker) if k > 1 and words[i].key.startswith("ل")
                       and not words[i].key.startswith("لل")), len(speaker))
            speaker = speaker[:to]
        if 1 <= len(speaker) <= MAX_SPEAKER and close + 1 < len(words) and not any(
                words[i].key in RELATIVES for i in range(begin, close)):
            return Frame(first, speaker, close + 1, "that")
        # Otherwise the complementizer belongs to a later clause: نفت السلطات صحة التقارير التي أفادت بأنها ...
    speaker = read_speaker(words, begin, len(words))
    if not speaker:
        return None
    # The governed preposition after the speaker (and any apposition or place: لدى الولايات المتحدة، فلان،),
    # unless a noun object comes first: أعلنت الممثلة جينيفر أنيستون [انفصالها] عن زوجها.
    governed = next((i for i in window if i > speaker[0] and _governed_at(words, i, verb_key)), None)
    found = _object_frame(words, first, speaker, verb_key)
    if governed is None or (found and found.claim < governed):
        return found
    speaker = by_name(words, tuple(i for i in speaker if i < governed))
    if 1 <= len(speaker) <= MAX_SPEAKER and not any(enclosing(words[i]) for i in range(speaker[-1] + 1, governed)):
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
        shown = by_name(words, tuple(i for i in speaker if i < what))
        return Frame(first, shown, what, "object") if len(shown) <= MAX_SPEAKER else None
    found, settled = _object_after_speaker(words, first, speaker)
    return found if settled else _object_after_apposition(words, first, speaker, verb_key)


def _owns(word: Word) -> bool:
    """A word with a possessive pronoun (حكومته، اعتزاله), on the written word: normalized ة is ه too."""
    return word.text.rstrip("،,.:؛").endswith(("ه", "ها", "هم", "هما"))


def _between(words: Sequence[Word], last: int, person: bool) -> tuple[list[int], list[int]]:
    """What may stand between a speaker ending at words[last] and its object: (where an object may start
    after a time phrase or an adverb, the words of a place)."""
    # A time phrase may stand between the speaker and the object: أعلنت الحكومة اليوم [خطة ...];
    # so may an adverb, after it or alone: أعلنت الشركة اليوم الثلاثاء رسميا [إيقاف ...].
    after_time = [j for i, j in time_spans(words) if i == last + 1]
    after_time += [j + 1 for j in [*after_time, last + 1] if j < len(words) and words[j].key in ADVERBS]
    # So may a place: أعلنت السلطات في تايلاند [نجاح ...]; النيابة العامة في المملكة العربية السعودية [اعتقال ...].
    place = []
    if last + 2 < len(words) and words[last + 1].key == "في" and not person:
        for i in range(last + 2, min(len(words), last + 5)):
            if words[i].key in PREPOSITIONS or enclosing(words[i]) or not (definite(words[i]) or i == last + 2):
                break
            place.append(i)
            if ends_with(words[i], "،,"):
                break
    return after_time, place


def _object_after_speaker(words: Sequence[Word], first: int, speaker: tuple[int, ...]) -> tuple[Frame | None, bool]:
    """The object after the speaker's words, a time phrase, an adverb or a place: (its frame or None, whether
    that settles it; a speaker too long to tell from its object settles it as None)."""
    person = any(words[i].key in PERSONS for i in speaker)
    last = speaker[-1]
    after_time, place = _between(words, last, person)
    near = speaker[0] + MAX_SPEAKER + 3  # beyond, only a verbal noun after a name: a long title, then the name
    too_long = False
    for s in [*range(speaker[0] + 1, min(last + 2, speaker[0] + MAX_PREFIX_NAMED)), *after_time,
              *(i + 1 for i in place)]:
        if s + 2 >= len(words):
            continue
        obj, before = words[s], words[last] if s in after_time else words[s - 1]
        verbal = verbal_noun(obj)
        if s >= near and s not in after_time and not verbal:
            continue
        if s in after_time and obj.key == "ما" and named_before(words, speaker, _owns):
            return Frame(first, by_name(words, speaker), s, "object"), True  # what it named: اليوم [ما وصفه ...]
        if ends_with(before, "،,") or not bare(obj) or enclosing(obj) or obj.key in NAME_LINKS or (
                surname_at(words, s) and not verbal):
            continue  # عبد، بن، أبو open a name, never an object; what ends one is a surname (عبد العزيز بوتفليقة)
        # What follows a time phrase is the object unless it is a preposition's (بـ, لـ) or an adverb (مشيرا).
        if s in after_time and not obj.key.startswith(("ب", "ل")) and not obj.key.endswith("ا") and named_before(
                words, speaker, _owns):
            return Frame(first, by_name(words, speaker), s, "object"), True  # the time phrase closes the speaker
        after = words[s + 1]
        owned = _owns(obj)  # a verbal noun with its owner: أعلن فرانك لامبارد [اعتزاله]
        # After a definite word, a one-word place, or a name that follows one: الإنجليزية فرانك لامبارد [اعتزاله].
        # Or a verbal noun (or an owned one) after a name of two or three words: وزير التربية ناجي جلول [إحالة ...].
        name = name_before(words, s, speaker[0]) if verbal else None
        after_name = name is not None or (owned and bare(before) and bare(words[s - 2]) and definite(words[s - 3]))
        if not ((definite(before) and (s < near or s in after_time)) or (place and s - 1 == place[0]) or after_name):
            continue
        if person and (bare(after) or after.key.startswith("بال")) and not _owns(after) and not after.text.rstrip(
                "،,.:؛").endswith("ة") and not (owned or after_name):
            continue  # after a person's title, two bare words are a name (دونالد ترامب، سمير بالطيب); ة ends nouns
        shown = by_name(words, tuple(range(speaker[0], s)) if s - 1 in place else
                        tuple(i for i in speaker if i < s))
        if name and len(shown) > MAX_SPEAKER:
            shown = name  # a long title, then the name: the name alone (منجي سليم)
        if len(shown) <= MAX_SPEAKER:
            return Frame(first, shown, s, "object"), True
        if after_name:
            return None, True
        near, too_long = s + 1, True  # too long a speaker here: only a name and its verbal noun further on
    return None, too_long


def _object_after_apposition(words: Sequence[Word], first: int, speaker: tuple[int, ...],
                             verb_key: str) -> Frame | None:
    """A speaker closed by a comma, then an apposition and the object: رئيس اللجنة، سعدي غوفن، [فوز ...]."""
    if ends_with(words[speaker[-1]], "،,") and len(named := by_name(words, speaker)) <= MAX_SPEAKER:
        start = speaker[-1] + 1
        close = next((i for i in range(start, min(len(words), start + 4)) if ends_with(words[i], "،,")), None)
        if close is None and named != speaker and not any(
                _governed_at(words, i, verb_key) for i in range(start, min(len(words), start + 3))):
            close = speaker[-1]  # a title and the name, then the object (no addressee): الهاروني، [تواصل] الحوار
        obj = words[close + 1] if close is not None and close + 2 < len(words) else None
        if obj and obj.key not in PREPOSITIONS | COMPLEMENTIZERS | STOPWORDS and not enclosing(obj):
            return Frame(first, named, close + 1, "object")
    return None


def opens_with_frame(words: Sequence[Word], kept: Sequence[int]) -> bool:
    """The kept words open with a reporting verb or an attribution opener (قال ... | حسب ...)."""
    return report_verb(words[kept[0]].text) is not None or words[kept[0]].key in ATTRIBUTION_OPENERS

