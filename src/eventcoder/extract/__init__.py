"""Event extraction: PLOVER ontology and mappings, trigger lexicons, event-type classifier."""

from eventcoder.extract.classifier import EventTypeClassifier, SentenceEncoder, TriggerFinder, TriggerHit
from eventcoder.extract.ontology import NONE, AcledCode, Ontology

__all__ = ["NONE", "AcledCode", "EventTypeClassifier", "Ontology", "SentenceEncoder", "TriggerFinder", "TriggerHit"]
