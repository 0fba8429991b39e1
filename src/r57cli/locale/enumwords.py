"""The plan's enumerations as a reader sees them, in English: blocker kinds, deliverables,
submission levels, progress statuses and request kinds (request statuses are the
"request-*" words of reportwords.py). Every format but JSON, which keeps the codes, shows
them through `enum_word` (reportwords.py); the Vietnamese is in r57.po (msgctxt
"report:KEY")."""

from __future__ import annotations

ENUM_WORDS: dict[str, str] = {
    # --- blocker kinds (model.BlockerKind) -------------------------------------------
    "kind-law": "law",
    "kind-decree": "decree",
    "kind-circular": "circular",
    "kind-regulation": "regulation",
    "kind-budget": "budget",
    "kind-staffing": "staffing",
    "kind-dependency": "dependency",
    "kind-other": "other",
    # --- deliverables (model.Deliverable) --------------------------------------------
    "deliverable-law": "law",
    "deliverable-resolution": "resolution",
    "deliverable-decree": "decree",
    "deliverable-circular": "circular",
    "deliverable-decision": "decision",
    "deliverable-directive": "directive",
    "deliverable-strategy": "strategy",
    "deliverable-programme": "programme",
    "deliverable-project": "project",
    "deliverable-plan": "plan",
    "deliverable-report": "report",
    "deliverable-guideline": "guideline",
    "deliverable-standard": "standard",
    "deliverable-system": "system",
    "deliverable-other": "other",
    # --- submission levels (model.SubmissionLevel): who signs or approves -------------
    "submission-party_secretariat": "Party Secretariat",
    "submission-national_assembly": "National Assembly",
    "submission-government": "Government",
    "submission-prime_minister": "Prime Minister",
    "submission-minister": "Minister",
    "submission-unit": "the unit",
    # --- progress statuses (model.Status) --------------------------------------------
    "progress-not_started": "not started",
    "progress-in_progress": "in progress",
    "progress-done": "done",
    "progress-cancelled": "cancelled",
    # --- request kinds (model.RequestKind) -------------------------------------------
    "request-kind-resources": "resources",
    "request-kind-extension": "extension",
}

# The groups enum_word knows, and the prefix of their keys.
GROUPS = {
    "kind": "kind-",
    "deliverable": "deliverable-",
    "submission": "submission-",
    "progress": "progress-",
    "request": "request-",
    "request-kind": "request-kind-",
}
