"""Event extraction: PLOVER ontology and mappings, trigger lexicons, event-type classifier, and the
``Extractor`` stage turning (Article, Analysis, Resolution) triples into EventReports and Claims."""

from eventcoder.extract.classifier import EventTypeClassifier, SentenceEncoder, TriggerFinder, TriggerHit
from eventcoder.extract.extractor import EXTRACTOR_NAME, Extractor
from eventcoder.extract.ontology import NONE, AcledCode, Ontology

__all__ = [
    "EXTRACTOR_NAME",
    "NONE",
    "AcledCode",
    "EventTypeClassifier",
    "Extractor",
    "Ontology",
    "SentenceEncoder",
    "TriggerFinder",
    "TriggerHit",
]
