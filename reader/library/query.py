"""Search queries: what the user typed, parsed, and where it matches a text.

A query is words and phrases, all of which must match:

- a bare word matches by light stem («مدرسة» finds «المدرسة», «والمدرسة»,
  «مدارس» not), after normalisation («الامارات» finds «الإمارات»);
- text in quotes ("…", «…» or “…”) is a phrase: its normalised words, in
  order, unstemmed; a single quoted word is matched exactly;
- a bare word with punctuation inside («covid-19», «11,420») is a phrase of
  its parts.

Latin and digits go through the same steps: case-folded, not stemmed, and
٢٠٢٣ is 2023.
"""

from __future__ import annotations

from typing import NamedTuple

from reader.library.normalise import stem, stems, word_list, words

_QUOTES = frozenset('"«»“”„')


class Query(NamedTuple):
    terms: tuple[str, ...]
    """Normalised words matched by stem."""
    phrases: tuple[tuple[str, ...], ...]
    """Normalised word sequences matched word for word."""

    @property
    def is_empty(self) -> bool:
        return not (self.terms or self.phrases)

    @property
    def parts(self) -> int:
        """How many things must match: each term and each phrase."""
        return len(self.terms) + len(self.phrases)


class Hit(NamedTuple):
    """Where a query part matched: ``text[start:end]``; ``part`` indexes the
    query's terms, then its phrases."""

    start: int
    end: int
    part: int


def parse_query(text: str) -> Query:
    """The words and phrases of what the user typed."""
    terms: list[str] = []
    phrases: list[tuple[str, ...]] = []
    quoted = False
    chunk: list[str] = []
    for char in text + '"':
        if char in _QUOTES:
            _take(("".join(chunk)), quoted, terms, phrases)
            chunk = []
            quoted = not quoted
        else:
            chunk.append(char)
    return Query(tuple(dict.fromkeys(terms)), tuple(dict.fromkeys(phrases)))


def _take(text: str, quoted: bool, terms: list[str], phrases: list[tuple[str, ...]]) -> None:
    if quoted:
        found = tuple(word_list(text))
        if found:
            phrases.append(found)
        return
    for piece in text.split():
        found = tuple(word_list(piece))
        if len(found) == 1:
            terms.append(found[0])
        elif found:
            phrases.append(found)


def find_hits(query: Query, text: str) -> list[Hit]:
    """Every match of a part of ``query`` in ``text``, in text order."""
    found = words(text)
    wanted = {stem(term): part for part, term in enumerate(query.terms)}
    hits: list[Hit] = []
    for index, word in enumerate(found):
        if wanted:
            for form in stems(word.text):
                part = wanted.get(form)
                if part is not None:
                    hits.append(Hit(word.start, word.end, part))
                    break
        for number, phrase in enumerate(query.phrases, len(query.terms)):
            end = index + len(phrase)
            if end <= len(found) and all(
                found[index + n].text == phrase_word for n, phrase_word in enumerate(phrase)
            ):
                hits.append(Hit(word.start, found[end - 1].end, number))
    return hits
