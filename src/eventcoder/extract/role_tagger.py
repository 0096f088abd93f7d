"""Who did what to whom, learned: a trigger-conditioned actor tagger and an ACLED actor-type classifier.

Both are trained on the annotated event corpus (``resources/corpus/events``: the spans of each event's actors with
their role and ACLED inter code) by ``scripts/train_role_tagger.py`` and shipped in
``resources/ontology/role_tagger.npz``.

**Tagger.** For one sentence and one event (its trigger span and PLOVER type), every token gets a label ``O`` or
``B-``/``I-`` of a role (source, target, participant, mediator): a softmax over hashed features of the token, its
neighbours, its distance and side relative to the trigger, the words between them, the trigger word and the event
type, decoded with a Viterbi pass that only lets ``I-r`` follow ``B-r``/``I-r``.  Conditioning on the trigger lets
one actor play different roles in two events of one sentence, and works the same for passive voice, coordination
and case-marked languages, as far as the corpus shows them.

**Anchor.** For an event the extract stage found without a trigger cue (the classifier alone typed the sentence), the
words that say what happened: a softmax over ``O``/``B``/``I`` per token from the token, its neighbours and the
event type; the best-scoring ``B`` and the ``I`` tokens after it.  The anchor then conditions the tagger and is the
event's evidence trigger.

**Typer.** For a tagged span: a softmax over the ACLED inter codes 1-8 from the span's words, prefixes, its first and
last word, three words either side, its role and the event type.  Knowledge-base actors keep their own code
(armed state units abroad become 8, ``Extractor._abroad``); the typer codes the actors the KB does not know
("gunmen", "villagers", "police").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.resources import files
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from eventcoder.errors import ModelUnavailableError
from eventcoder.extract.features import FloatArray, SparseRows, hash_features
from eventcoder.extract.heads import Head, load_heads, save_heads, softmax

__all__ = [
    "ANCHOR_LABELS",
    "ROLES",
    "ROLE_LABELS",
    "RoleModel",
    "RoleTrainConfig",
    "TaggedActor",
    "Token",
    "anchor_features",
    "decode",
    "default_role_weights_path",
    "hash_rows",
    "span_features",
    "token_features",
    "token_span",
    "tokenize",
]

ROLES = ("source", "target", "participant", "mediator")
ROLE_LABELS = ("O", *(f"{p}-{r}" for r in ROLES for p in "BI"))
HEAD_NAMES = ("tagger", "typer", "anchor")
ACTOR_CODES = tuple(str(i) for i in range(1, 9))
ANCHOR_LABELS = ("O", "B", "I")
_TOKEN = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]")
_PUNCT = frozenset({",", ";", ":", "(", ")", "—", "–"})

Token = tuple[int, int, str]
"""(start, end, text) of a token, in the offsets of the text it was cut from."""


class RoleTrainConfig(BaseModel):
    """Settings of tagger and typer training (chosen on the dev split; recorded in the weights file)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    tagger_buckets: int = Field(default=2**17, gt=0)
    anchor_buckets: int = Field(default=2**16, gt=0)
    anchor_iterations: int = Field(default=50, gt=0)
    typer_buckets: int = Field(default=2**16, gt=0)
    tagger_iterations: int = Field(default=60, gt=0)
    typer_iterations: int = Field(default=300, gt=0)
    learning_rate: float = Field(
        default=0.35,
        gt=0,
        description="Tagger and anchor (dev: 60/50 iterations at "
        "0.35 score as 120/100 at 0.2, role F1 0.762 vs 0.763, in 40% less time).",
    )
    typer_learning_rate: float = Field(default=0.1, gt=0)
    l2: float = Field(default=1e-6, ge=0)
    typer_l2: float = Field(default=1e-5, ge=0)
    class_balance: float = Field(default=0.3, ge=0, le=1, description="Tagger: 0 frequency, 1 equal class mass.")


@dataclass(frozen=True, slots=True)
class TaggedActor:
    """An actor span found by the tagger (offsets of the text given to ``RoleModel.tag``)."""

    start: int
    end: int
    role: str
    role_score: float
    actor_type: int
    type_score: float


def tokenize(text: str) -> list[Token]:
    """Word and punctuation tokens of ``text``."""
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


def token_span(tokens: Sequence[Token], start: int, end: int) -> tuple[int, int] | None:
    """First and last index of the tokens overlapping [start, end), or None."""
    ids = [k for k, t in enumerate(tokens) if t[0] < end and start < t[1]]
    return (ids[0], ids[-1]) if ids else None


def _shape(word: str) -> str:
    if word.isdigit():
        return "d"
    if word[:1].isupper():
        return "X" if word.isupper() and len(word) > 1 else "Xx"
    return "x" if word.isalpha() else "p"


def _distance(d: int) -> str:
    a = abs(d)
    bucket = a if a <= 2 else 3 if a <= 4 else 4 if a <= 8 else 5
    return f"{'-' if d < 0 else '+'}{bucket}"


def token_features(tokens: Sequence[Token], trigger: tuple[int, int], event_type: str, lang: str) -> list[list[str]]:
    """Feature strings of every token for the event whose trigger covers tokens ``trigger`` (first, last)."""
    low = [t[2].lower() for t in tokens]
    n = len(tokens)
    trig = low[trigger[0]][:5]

    def word(i: int) -> str:
        return low[i] if 0 <= i < n else ("<s>" if i < 0 else "</s>")

    rows: list[list[str]] = []
    for i in range(n):
        w = low[i]
        rel = 0 if trigger[0] <= i <= trigger[1] else (i - trigger[0] if i < trigger[0] else i - trigger[1])
        dist = _distance(rel)
        side = "T" if rel == 0 else ("L" if rel < 0 else "R")
        shape = _shape(tokens[i][2])
        f = [
            "bias", "w:" + w, "p4:" + w[:4], "s3:" + w[-3:], "sh:" + shape,
            "w-1:" + word(i - 1), "w+1:" + word(i + 1), "w-2:" + word(i - 2), "w+2:" + word(i + 2),
            "p-1:" + word(i - 1)[:4], "p+1:" + word(i + 1)[:4],
            "sh-1:" + (_shape(tokens[i - 1][2]) if i else "<s>"),
            "sh+1:" + (_shape(tokens[i + 1][2]) if i + 1 < n else "</s>"),
            "d:" + dist, "dw:" + dist + w[:5], "dw-1:" + dist + word(i - 1), "st:" + side + trig,
            "sy:" + side + event_type, "dy:" + dist + event_type, "swy:" + side + event_type + w[:5],
            "ssh:" + side + shape, "ls:" + lang + side, "stw:" + side + trig + "|" + w[:5],
        ]  # fmt: skip
        between = low[i + 1 : trigger[0]] if rel < 0 else low[trigger[1] + 1 : i] if rel > 0 else []
        f += [f"b{side}:" + b for b in between[:3] + between[-3:]]
        if _PUNCT.intersection(between):
            f.append("bp" + side)
        f.append(f"bn{side}:{min(len(between), 10)}")
        rows.append(f)
    return rows


def anchor_features(tokens: Sequence[Token], event_type: str, lang: str) -> list[list[str]]:
    """Feature strings of every token for finding the trigger of an event of ``event_type``."""
    low = [t[2].lower() for t in tokens]
    n = len(tokens)

    def word(i: int) -> str:
        return low[i] if 0 <= i < n else ("<s>" if i < 0 else "</s>")

    rows: list[list[str]] = []
    for i in range(n):
        w = low[i]
        f = [
            "bias", "w:" + w, "p4:" + w[:4], "p5:" + w[:5], "s3:" + w[-3:], "sh:" + _shape(tokens[i][2]),
            "w-1:" + word(i - 1), "w+1:" + word(i + 1), "p-1:" + word(i - 1)[:4], "p+1:" + word(i + 1)[:4],
            "yw:" + event_type + w, "yp4:" + event_type + w[:4], "yp5:" + event_type + w[:5],
            "ys3:" + event_type + w[-3:], "yw-1:" + event_type + word(i - 1), "yw+1:" + event_type + word(i + 1),
            "lw:" + lang + w[:5], f"pos:{min(i, 4)}", "ysh:" + event_type + _shape(tokens[i][2]),
        ]  # fmt: skip
        rows.append(f)
    return rows


def span_features(tokens: Sequence[Token], span: tuple[int, int], role: str, event_type: str) -> list[str]:
    """Feature strings of an actor span (token indices, inclusive) for the typer."""
    low = [t[2].lower() for t in tokens]
    words = low[span[0] : span[1] + 1]
    f = ["bias", *("w:" + w for w in words), *("p4:" + w[:4] for w in words), *("p5:" + w[:5] for w in words)]
    f += ["last:" + words[-1], "first:" + words[0], f"n:{min(len(words), 4)}", "cap:" + _shape(tokens[span[0]][2])]
    f += ["b:" + a + " " + b for a, b in pairwise(words)]
    f += ["c:" + w for w in low[max(0, span[0] - 3) : span[0]] + low[span[1] + 1 : span[1] + 4]]
    f += ["role:" + role, "ty:" + event_type, "tyr:" + event_type + role]
    return f


def hash_rows(rows: Sequence[Sequence[str]], buckets: int) -> SparseRows:
    """Feature strings hashed into ``buckets`` columns, each row of distinct columns at unit length."""
    return hash_features(rows, buckets=buckets, binary=True)


def _transitions() -> tuple[FloatArray, FloatArray]:
    k = len(ROLE_LABELS)
    allowed = np.zeros((k, k))
    start = np.zeros(k)
    for j, label in enumerate(ROLE_LABELS):
        if label.startswith("I-"):
            allowed[:, j] = -1e9
            allowed[ROLE_LABELS.index("B-" + label[2:]), j] = 0.0
            allowed[j, j] = 0.0
            start[j] = -1e9
    return allowed, start


_ALLOWED, _START = _transitions()


def decode(probabilities: FloatArray) -> list[tuple[int, int, str, float]]:
    """Best valid BIO path of one sentence's token probabilities, as (first, last, role, mean probability)."""
    n = probabilities.shape[0]
    if n == 0:
        return []
    logp = np.log(probabilities + 1e-12)
    score = logp[0] + _START
    back: list[Any] = []
    for i in range(1, n):
        cand = score[:, None] + _ALLOWED
        back.append(cand.argmax(axis=0))
        score = cand.max(axis=0) + logp[i]
    path = [int(score.argmax())]
    for b in reversed(back):
        path.append(int(b[path[-1]]))
    path.reverse()
    out: list[tuple[int, int, str, float]] = []
    i = 0
    while i < n:
        label = ROLE_LABELS[path[i]]
        if not label.startswith("B-"):
            i += 1
            continue
        j = i
        while j + 1 < n and ROLE_LABELS[path[j + 1]] == "I-" + label[2:]:
            j += 1
        conf = float(np.mean([probabilities[k, path[k]] for k in range(i, j + 1)]))
        out.append((i, j, label[2:], conf))
        i = j + 1
    return out


def _names_something(tokens: Sequence[Token]) -> bool:
    """False for a span of one short word that is not an acronym ('The', 'il', 'он'): a determiner or pronoun."""
    if len(tokens) > 1:
        return True
    word = tokens[0][2]
    return len(word) > 3 or (word.isupper() and len(word) > 1) or any(c.isdigit() for c in word)


def default_role_weights_path() -> Path:
    """The shipped tagger and typer weights."""
    return Path(str(files("eventcoder.resources").joinpath("ontology", "role_tagger.npz")))


class RoleModel:
    """The trained tagger and typer, with their training settings and provenance."""

    def __init__(
        self, tagger: Head, typer: Head, anchor: Head, config: RoleTrainConfig, provenance: dict[str, Any]
    ) -> None:
        if tagger.labels != ROLE_LABELS or typer.labels != ACTOR_CODES or anchor.labels != ANCHOR_LABELS:
            raise ModelUnavailableError("role tagger weights have unexpected labels: retrain them")
        self.tagger = tagger
        self.typer = typer
        self.anchor = anchor
        self.config = config
        self.provenance = provenance

    def save(self, path: Path) -> None:
        """Write the three heads to ``path`` (``heads.save_heads``)."""
        save_heads(path, self.heads(), self.config, self.provenance)

    @classmethod
    def load(cls, path: Path | None = None) -> RoleModel:
        """Read weights written by ``save`` (default: the shipped ones); ModelUnavailableError when unreadable."""
        config, provenance, heads = load_heads(path or default_role_weights_path(), HEAD_NAMES, RoleTrainConfig,
                                               "role tagger")  # fmt: skip
        return cls(heads["tagger"], heads["typer"], heads["anchor"], config, provenance)

    def heads(self) -> dict[str, Head]:
        """The three heads by name."""
        return {"tagger": self.tagger, "typer": self.typer, "anchor": self.anchor}

    def find_trigger(self, text: str, event_type: str, lang: str) -> tuple[int, int, float] | None:
        """Offsets (in ``text``) of the words that most likely say an event of ``event_type`` happened, with the
        probability of its first word."""
        tokens = tokenize(text)
        if not tokens:
            return None
        probs = self._probabilities(self.anchor, anchor_features(tokens, event_type, lang), self.config.anchor_buckets)
        first = int(probs[:, 1].argmax())
        last = first
        while last + 1 < len(tokens) and probs[last + 1, 2] > probs[last + 1, 0]:
            last += 1
        return tokens[first][0], tokens[last][1], float(probs[first, 1])

    def _probabilities(self, head: Head, rows: Sequence[Sequence[str]], buckets: int) -> FloatArray:
        sparse = hash_rows(rows, buckets)
        return softmax(sparse.dot(head.sparse) + head.bias)

    def actor_types(
        self, tokens: Sequence[Token], spans: Sequence[tuple[int, int, str]], event_type: str
    ) -> FloatArray:
        """The typer's probabilities of the inter codes 1-8 (columns) for spans (first token, last token, role)."""
        if not spans:
            return np.zeros((0, len(ACTOR_CODES)))
        rows = [span_features(tokens, (i, j), role, event_type) for i, j, role in spans]
        return self._probabilities(self.typer, rows, self.config.typer_buckets)

    def tag(self, text: str, trigger: tuple[int, int], event_type: str, lang: str) -> list[TaggedActor]:
        """Actors of the event whose trigger is ``text[trigger[0]:trigger[1]]``, with roles and inter codes."""
        tokens = tokenize(text)
        where = token_span(tokens, *trigger)
        if where is None:
            return []
        probs = self._probabilities(self.tagger, token_features(tokens, where, event_type, lang),
                                    self.config.tagger_buckets)  # fmt: skip
        found = [
            (i, j, role, conf)
            for i, j, role, conf in decode(probs)
            if not (i <= where[1] and where[0] <= j) and _names_something(tokens[i : j + 1])
        ]
        if not found:
            return []
        types = self.actor_types(tokens, [(i, j, role) for i, j, role, _ in found], event_type)
        return [
            TaggedActor(
                tokens[i][0],
                tokens[j][1],
                role,
                round(conf, 4),
                int(types[k].argmax()) + 1,
                round(float(types[k].max()), 4),
            )
            for k, (i, j, role, conf) in enumerate(found)
        ]
