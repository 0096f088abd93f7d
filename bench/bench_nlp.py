"""Benchmark of the language layer: words/second per language, Analyser vs the bare backend, and peak RSS.

Not a test. Run: ``OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 python bench/bench_nlp.py [--words 20000]``.
Texts are generated from a few news-like sentences per language (no shared data needed). For each language
it times (1) the bare pipeline (``nlp.pipe`` with all default components, or natasha's full chain) and
(2) the whole ``Analyser`` (time/quantity taggers off, then on), on the same texts in the same run, and prints
the ratios; finally the peak RSS with all five languages loaded.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import time
import warnings

from eventcoder.models import Article
from eventcoder.nlp import Analyser
from eventcoder.settings import load_settings

SENTENCES = {
    "es": "Las conversaciones entre el presidente ruso Vladimir Putin y el primer ministro armenio Nikol Pashinyan "
    "concluyeron en Moscú. Según Hajiyev, el Grupo de Minsk de la OSCE no logró nada en veinte años. El 9 de "
    "noviembre de 2020 murieron al menos 49 soldados cerca de Bakú.",
    "en": "Armenian Prime Minister Nikol Pashinyan accused Azerbaijan of attacking the cities. France said it would "
    "ask the United Nations Security Council to discuss the situation. At least 49 soldiers died on Monday night.",
    "pt": "O presidente russo Vladimir Putin recebeu em Moscou o primeiro-ministro armênio Nikol Pashinyan. Segundo o "
    "governo do Azerbaijão, pelo menos 50 soldados morreram. A União Europeia pediu calma em Bruxelas.",
    "fr": "Le président russe Vladimir Poutine a reçu à Moscou le Premier ministre arménien Nikol Pachinian. Selon "
    "Bakou, au moins 50 soldats sont morts. L'Union européenne a appelé au calme à Bruxelles.",
    "ru": "Президент России Владимир Путин принял в Москве премьер-министра Армении Никола Пашиняна. По данным Баку, "
    "погибли не менее 50 военных. Евросоюз призвал к спокойствию в Брюсселе.",
}


def texts_for(language: str, words: int) -> list[str]:
    """Articles of ~3 paragraphs built from the language's sentences, ``words`` words in total."""
    base = SENTENCES[language]
    article = "\n\n".join([base] * 3)
    n = max(1, words // len(article.split()))
    return [article for _ in range(n)]


def bare(analyser: Analyser, language: str, texts: list[str]) -> float:
    """Seconds for the bare backend on ``texts``: the full spaCy pipeline, or natasha's chain."""
    backend = analyser.backend_for(language)
    nlp = getattr(backend, "nlp", None)
    start = time.perf_counter()
    if nlp is not None:
        import spacy

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            full = spacy.load(nlp.path) if nlp.path else nlp
        start = time.perf_counter()
        for _ in full.pipe(texts, batch_size=analyser.settings.batch_size):
            pass
    else:
        backend(texts)
    return time.perf_counter() - start


def main() -> None:
    """Run the benchmark and print a table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--words", type=int, default=20000, help="words per language")
    args = parser.parse_args()
    settings = load_settings().nlp
    analyser = Analyser(settings, taggers=False)
    tagged = Analyser(settings)
    corpora = {}
    for language in SENTENCES:
        texts = texts_for(language, args.words)
        corpora[language] = (
            texts,
            [
                Article(
                    id=f"a_{i}",
                    text=t,
                    language=language,
                    language_confidence=1.0,
                    origin="-",
                    input_format="text",
                    published=dt.date(2022, 9, 14),
                )
                for i, t in enumerate(texts)
            ],
        )
        analyser(corpora[language][1][:2])  # load the model
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS with all five languages loaded in one Analyser: {peak:.0f} MB")
    print(f"{'lang':5} {'words':>7} {'bare w/s':>9} {'analyser w/s':>13} {'ratio':>6} {'+taggers w/s':>13}")
    for language in SENTENCES:
        texts, arts = corpora[language]
        words = sum(len(t.split()) for t in texts)
        tagged(arts[:2])
        t_bare = bare(analyser, language, texts)
        start = time.perf_counter()
        analyser(arts)
        t_an = time.perf_counter() - start
        start = time.perf_counter()
        tagged(arts)
        t_tag = time.perf_counter() - start
        print(
            f"{language:5} {words:7d} {words / t_bare:9.0f} {words / t_an:13.0f} {t_bare / t_an:6.2f} "
            f"{words / t_tag:13.0f}"
        )


if __name__ == "__main__":
    main()
