"""Name normalisation shared by the gazetteer, the actor base and the resolver.

Three levels, each a function of the previous one:

* ``fold_text`` keeps the length of its input (one character out per
  character in): lower case, diacritics removed, ``ё`` -> ``е``.  Offsets into
  the folded text are offsets into the original, so lexicon patterns can run
  on it and report spans of ``Article.text``.
* ``name_key`` is the key names are indexed under: ``fold_text``, Latin
  letters of Turkic/Nordic alphabets spelled out (ş -> sh, ə -> e, ı -> i),
  Cyrillic transliterated to Latin (a simple scholarly-ish table, not any
  one standard), punctuation and hyphens turned into single spaces.
  'Bakú', 'Baku' and 'Баку' share the key 'baku'.
* ``loose_key`` folds spelling variants of transliteration on top of
  ``name_key``: kh/x/j -> h, initial 'ye' -> 'e', doubled letters single.
  'Jankendi', 'Khankendi' and 'Xankəndi' share 'hankendi'; 'Karabaj' and
  'Karabakh' share 'karabah'.  It is only tried when ``name_key`` finds
  nothing, because it merges some distinct names.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fold_text", "loose_key", "name_key", "transliterate"]

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya", "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "ў": "u",
}  # fmt: skip
_LATIN_EXTRA = {
    "ş": "sh", "ș": "sh", "ç": "ch", "ə": "e", "ı": "i", "ł": "l", "ø": "o", "æ": "ae", "œ": "oe",
    "ß": "ss", "ð": "d", "þ": "th", "ğ": "g", "ʼ": "", "ʻ": "", "'": "", "’": "",
}  # fmt: skip
_NON_WORD = re.compile(r"[^\w]+")
_SPACES = re.compile(r"\s+")


def _fold_char(ch: str) -> str:
    low = ch.lower()
    if len(low) != 1:
        low = ch
    if low == "ё":
        return "е"
    if low in ("й", "ё"):
        return low
    base = unicodedata.normalize("NFD", low)[0]
    return base


def fold_text(text: str) -> str:
    """Lower-case ``text`` and strip diacritics, keeping its length (offsets stay valid)."""
    return "".join(_fold_char(ch) for ch in text)


def transliterate(text: str) -> str:
    """Spell Cyrillic letters of lower-case ``text`` in Latin letters (other characters unchanged)."""
    return "".join(_CYRILLIC.get(ch, ch) for ch in text)


def name_key(name: str) -> str:
    """The index key of a name: folded, transliterated, punctuation-free, single-spaced."""
    low = unicodedata.normalize("NFKC", name).lower()
    low = "".join(_LATIN_EXTRA.get(ch, ch) for ch in low)
    folded = "".join(ch if ch == "й" else unicodedata.normalize("NFD", ch)[0] for ch in low)
    latin = transliterate(folded)
    return _SPACES.sub(" ", _NON_WORD.sub(" ", latin).replace("_", " ")).strip()


_LOOSE_RULES = [
    (re.compile(r"kh|x|j"), "h"),
    (re.compile(r"\bye"), "e"),
    (re.compile(r"\byo"), "io"),
    (re.compile(r"(.)\1"), r"\1"),
]


def loose_key(name: str) -> str:
    """``name_key`` with transliteration variants folded (kh/x/j -> h, ye -> e, double letters)."""
    key = name_key(name)
    for pattern, repl in _LOOSE_RULES:
        key = pattern.sub(repl, key)
    return key
