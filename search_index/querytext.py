"""Turning whatever someone typed into a safe Whoosh query.

We never hand user text to Whoosh's query parser: every input, including unbalanced quotes, lone operators, `*`,
control characters and scripts other than Latin, becomes plain words, "quoted phrases" and `prefix*` words. Words found
in the synonym table match their concept as well as their own text. A word the index has never seen is matched by its
closest spellings too, and those become the "Did you mean" suggestion.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from whoosh import query as wq

from search_index.schema import FIELD_BOOSTS, STEMMED, STOP, TEXT_FIELDS
from search_index.synonyms import QUERY_PHRASES, match_at, words

MAX_QUERY_LENGTH = 200
MIN_PREFIX = 2
_TOKEN = re.compile(r'"([^"]*)"?|([^\s"]+)')


def clean(text: str | None) -> str:
    """Printable text, single-spaced, at most MAX_QUERY_LENGTH characters."""
    if not text:
        return ""
    printable = "".join(" " if unicodedata.category(char).startswith("C") else char for char in text)
    return " ".join(printable.split())[:MAX_QUERY_LENGTH].strip()


@dataclass
class Clause:
    """One thing every result must match: a word, a prefix, a quoted phrase, or a synonym phrase."""

    words: list[str]
    kind: str = "word"  # word | prefix | phrase | concept
    concept: str | None = None


def clauses(text: str) -> list[Clause]:
    found: list[Clause] = []
    loose: list[str] = []
    for match in _TOKEN.finditer(clean(text)):
        quoted, bare = match.groups()
        if quoted is not None:
            found += _loose_clauses(loose)
            loose = []
            if quoted_words := words(quoted):
                found.append(Clause(quoted_words, "phrase" if len(quoted_words) > 1 else "word"))
        elif bare.endswith("*") and len(stem := "".join(words(bare))) >= MIN_PREFIX and len(words(bare)) == 1:
            found += _loose_clauses(loose)
            loose = []
            found.append(Clause([stem], "prefix"))
        else:
            loose += words(bare)
    return found + _loose_clauses(loose)


def _loose_clauses(tokens: list[str]) -> list[Clause]:
    result, start = [], 0
    while start < len(tokens):
        match = match_at(tokens, start, QUERY_PHRASES)
        if match:
            concept, length = match
            result.append(Clause(tokens[start : start + length], "concept", concept))
            start += length
            continue
        if tokens[start] not in STOP:
            result.append(Clause([tokens[start]]))
        start += 1
    return result


def _stems(text: str) -> list[str]:
    return [token.text for token in STEMMED(text)]


def text_match(text: str, boost: float = 1.0) -> wq.Query | None:
    """`text` in any text field, as a phrase when it has several words."""
    stems = _stems(text)
    if not stems:
        return None
    if len(stems) == 1:
        return wq.Or([wq.Term(name, stems[0], boost=FIELD_BOOSTS[name] * boost) for name in TEXT_FIELDS])
    return wq.Or([wq.Phrase(name, stems, boost=FIELD_BOOSTS[name] * boost) for name in TEXT_FIELDS])


@dataclass
class BuiltQuery:
    parts: list[wq.Query]  # every part must match; none at all means every course matches
    corrections: dict[str, str] = field(default_factory=dict)  # unknown word -> closest known spelling

    @property
    def query(self) -> wq.Query | None:
        if not self.parts:
            return None
        return self.parts[0] if len(self.parts) == 1 else wq.And(self.parts)

    @property
    def relaxed(self) -> wq.Query | None:
        """Courses matching any of the words, those matching more of them first: for when none match them all."""
        return wq.Or(self.parts) if len(self.parts) > 1 else None


def build(text: str, reader, corrector) -> BuiltQuery:
    built = BuiltQuery([])
    parts = [_clause_query(clause, reader, corrector, built.corrections) for clause in clauses(text)]
    built.parts = [part for part in parts if part is not None]
    return built


def _clause_query(clause: Clause, reader, corrector, corrections: dict[str, str]) -> wq.Query | None:
    joined = " ".join(clause.words)
    if clause.kind == "concept":
        concept = wq.Term("concepts", clause.concept, boost=FIELD_BOOSTS["concepts"])
        # A single word counts as itself too, for courses that use it but are not tagged. Several words are left to
        # the tag: as phrases they are slow to match, and a stop word can shrink them ("a level" to "level").
        own = text_match(joined) if len(clause.words) == 1 else None
        return wq.Or([concept, own]) if own else concept
    if clause.kind == "prefix":
        return wq.Prefix("spell", joined, boost=2.0)
    if clause.kind == "phrase" or _known(joined, reader):
        return text_match(joined)
    return _unknown_word(joined, corrector, corrections)


def _known(word: str, reader) -> bool:
    if ("spell", word) in reader:
        return True
    stems = _stems(word)
    return bool(stems) and any((name, stems[0]) in reader for name in TEXT_FIELDS)


def _unknown_word(word: str, corrector, corrections: dict[str, str]) -> wq.Query | None:
    """A word no course contains: match its closest spellings, so a typo still finds courses."""
    own = text_match(word)
    if own is None or len(word) < 3 or not word.isalpha():
        return own
    suggestions = _closest(word, corrector)
    if not suggestions:
        return own
    corrections[word] = suggestions[0]
    alternatives = [own]
    for suggestion in suggestions:
        alternatives.append(text_match(suggestion, boost=0.5))
        if concept := QUERY_PHRASES.get((suggestion,)):
            alternatives.append(wq.Term("concepts", concept, boost=FIELD_BOOSTS["concepts"] * 0.5))
    return wq.Or([alternative for alternative in alternatives if alternative is not None])


def _closest(word: str, corrector) -> list[str]:
    """Known words one edit away, else two (for longer words): most typos are one edit, and that search is quick."""
    suggestions = corrector.suggest(word, limit=3, maxdist=1, prefix=1)
    if not suggestions and len(word) > 4:
        suggestions = corrector.suggest(word, limit=3, maxdist=2, prefix=1)
    return suggestions


def corrected_text(text: str, corrections: dict[str, str]) -> str:
    """The cleaned query with each unknown word replaced by its correction, keeping the rest as typed."""

    def replace(match: re.Match) -> str:
        return corrections.get(match.group(0).lower(), match.group(0))

    return re.sub(r"\w+", replace, clean(text))
