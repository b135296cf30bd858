"""Distinct, news-like Arabic paragraphs for the benches, as much as asked.

The bundled articles are 100 KB: repeating their lines would let every cache
hit. Instead a word-level Markov chain over them writes new paragraphs: real
word pairs, punctuation, numbers, Latin names, brackets and the odd haraka
in the proportions the articles have them. Words take other clitics now and
then (و، ب، ال … ها، ات …) and numbers other digits, so the vocabulary grows
with the corpus as a newspaper's does, and no paragraph repeats. Seeded: the
same call gives the same text.
"""

from __future__ import annotations

import random
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reader.resources import articles_dir

_FRONT_MATTER = re.compile(r"\A(\+\+\+|---)\n.*?\n\1\n", re.DOTALL)
_PREFIXES = ("", "", "", "و", "ف", "ب", "ل", "ال", "وال", "بال", "لل", "وب", "ول")
_SUFFIXES = ("", "", "", "ها", "هم", "ات", "ين", "ون", "ة", "ي", "نا", "كم", "هما")
_ARABIC_WORD = re.compile("[\u0621-\u064a]{3,}")
_DIGIT = re.compile(r"\d")
_END = "\n"


def source_paragraphs() -> list[str]:
    """The prose paragraphs of the bundled articles, without markup."""
    paragraphs = []
    for path in sorted(articles_dir().iterdir()):
        text = _FRONT_MATTER.sub("", path.read_text(encoding="utf-8"))
        for line in text.splitlines():
            line = line.lstrip("#>-* ").strip()
            if len(line) > 40:
                paragraphs.append(line)
    return paragraphs


def _chain(paragraphs: list[str]) -> tuple[list[str], dict[str, list[str]]]:
    starts: list[str] = []
    following: dict[str, list[str]] = defaultdict(list)
    for paragraph in paragraphs:
        words = paragraph.split()
        starts.append(words[0])
        for word, after in zip(words, [*words[1:], _END], strict=True):
            following[word].append(after)
    return starts, following


def _inflect(word: str, rng: random.Random) -> str:
    """The same stem with other clitics, or the same number with other digits."""
    if _DIGIT.search(word):
        return _DIGIT.sub(lambda _: str(rng.randrange(10)), word)
    found = _ARABIC_WORD.fullmatch(word)
    if found is None or rng.random() > 0.3:
        return word
    stem = word
    for prefix in sorted(_PREFIXES, key=len, reverse=True):
        if prefix and stem.startswith(prefix) and len(stem) - len(prefix) >= 3:
            stem = stem[len(prefix) :]
            break
    return rng.choice(_PREFIXES) + stem + rng.choice(_SUFFIXES)


def news_paragraphs(megabytes: float, seed: int = 0) -> list[str]:
    """Distinct paragraphs totalling `megabytes` of UTF-8 (one line each)."""
    rng = random.Random(seed)
    starts, following = _chain(source_paragraphs())
    seen: set[str] = set()
    out: list[str] = []
    size = 0
    while size < megabytes * 1_000_000:
        wanted = rng.choice((120, 200, 300, 400, 500, 700, 900))
        words: list[str] = []
        length = 0
        word = rng.choice(starts)
        while True:
            words.append(_inflect(word, rng))
            length += len(word) + 1
            word = rng.choice(following[word])
            if word == _END:
                if length >= wanted:
                    break
                word = rng.choice(starts)
        paragraph = " ".join(words)
        if paragraph in seen:
            continue
        seen.add(paragraph)
        out.append(paragraph)
        size += len(paragraph.encode("utf-8")) + 1
    return out


def news_article(megabytes: float, seed: int = 0, per_section: int = 20) -> str:
    """A Markdown article of distinct paragraphs under numbered headings."""
    parts = ["# مقال طويل جدا", ""]
    for number, paragraph in enumerate(news_paragraphs(megabytes, seed)):
        if number % per_section == 0:
            parts += [f"## القسم {number // per_section + 1}", ""]
        parts += [paragraph, ""]
    return "\n".join(parts)


def describe(paragraphs: list[str]) -> str:
    """Size and variety of a corpus, for the bench's output."""
    words = [word for paragraph in paragraphs for word in paragraph.split()]
    size = sum(len(p.encode("utf-8")) + 1 for p in paragraphs)
    return (
        f"{size / 1e6:.1f} MB, {len(paragraphs)} paragraphs "
        f"({len(set(paragraphs))} distinct), {len(words)} words ({len(set(words))} distinct)"
    )
