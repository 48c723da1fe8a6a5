"""Numbers as values in Arabic and English text: what the number checks compare.

A Mention is one number as written ("1.5 مليون", "tens of thousands", "الساعة الخامسة")
with the Values it can mean. Digits (ASCII and Arabic-Indic, decimal and thousands
separators), scale words, Arabic and English number words, ordinals, duals, percentages,
decades and centuries, dates, clock times, race times, signs and vague quantities all become values,
so "30 ألف" and "30,000" are one number and "2 مليار" is not "2 million".

Not read as numbers: Roman numerals, English fractions and quantifiers ("half", "a quarter",
"a couple", "several" alone), unit conversions (miles for km). Pure and fast: regular expressions
and word tables, no model.

Modules, one job each:
- values: the value model (Kind, Value, Mention) and matching (supports, backing);
- english, arabic: the readers of each language, with arabic_words (tokens and the word table);
- one recognizer per kind of expression: clock, durations, decades (and centuries), dates (months and
  days), ranges, vague (loose quantities), duals;
- modifiers: what changes a number's value around it, read once for every recognizer: a scale
  word, "and a half", percent, am/pm, a sign or "below zero", "about".
"""
from .arabic import arabic_mentions
from .english import english_mentions
from .values import Kind, Mention, Value, backing, english_value, matches, ordinal, point, supports

__all__ = ["Kind", "Mention", "Value", "arabic_mentions", "backing", "english_mentions", "english_value", "matches",
           "ordinal", "point", "supports"]
