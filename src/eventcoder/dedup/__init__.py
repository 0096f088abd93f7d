"""Incidents across sources: clustering reports, reconciled figures, contradictions.

The stage is ``Deduplicator(settings.dedup)``; it is called with ``ReportInput`` records (a report
plus what it needs about its article) and the candidate incidents, and returns an ``IncidentUpdate``.
It never reads or writes the store: ``eventcoder.pipeline`` fetches the inputs and applies the update.
"""

from eventcoder.dedup.deduplicator import Deduplicator, incident_id_for
from eventcoder.dedup.encoder import Encoder, Usem3Encoder
from eventcoder.dedup.reconcile import build_incident, parse_variant, reconcile_figures
from eventcoder.dedup.records import IncidentUpdate, ReportInput

__all__ = [
    "Deduplicator",
    "Encoder",
    "IncidentUpdate",
    "ReportInput",
    "Usem3Encoder",
    "build_incident",
    "incident_id_for",
    "parse_variant",
    "reconcile_figures",
]
