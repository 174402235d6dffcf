"""Template contexts: plain source data in (API-shaped dicts — money as "12345.67", ISO dates), plain
display data out (Polish formats already applied: `12 345,67 zł`, `22 marca 2027 r.`).

Pure functions: no Flask, no database, no ORM objects. The output is JSON (it is stored on the
Document row and hashed into the object's version), and a template only places it on the page,
so every figure and date a PDF prints is decided — and unit-tested — here.

Form wording follows the 2018 forms (docs/architecture.md, "Documents"); items marked [M] are
reconstructed from memory of the published forms and must be checked against Dz.U. 2018 poz. 2057 (ISAP) before the
office relies on them. The wording lives in the templates under templates/pdf/, one file per form.

One module per kind of document (`announcement`, `offer_documents`, `review_documents`,
`award_documents`), all built from `parts`; `BUILDERS` names the builder of each kind.
"""

from collections.abc import Callable

from grants.documents.context.announcement import call_announcement
from grants.documents.context.award_documents import contract, report
from grants.documents.context.offer_documents import (
    cost_estimate,
    offer,
    offer_confirmation,
    offer_draft,
    offer_statements,
)
from grants.documents.context.parts import (
    amount_in_words,
    base,
    day,
    decimal,
    format_account,
    header,
    moment,
    money,
    or_na,
    organization,
    paragraphs,
    percent,
    points,
)
from grants.documents.context.programme_report import programme_report
from grants.documents.context.review_documents import committee_protocol, evaluation_card, results

BUILDERS: dict[str, Callable[[dict], dict]] = {
    "call_announcement": call_announcement,
    "offer": offer,
    "offer_confirmation": offer_confirmation,
    "offer_draft": offer_draft,
    "evaluation_card": evaluation_card,
    "committee_protocol": committee_protocol,
    "results": results,
    "contract": contract,
    "report": report,
    "programme_report": programme_report,
}

__all__ = [
    "BUILDERS",
    "amount_in_words",
    "base",
    "cost_estimate",
    "day",
    "decimal",
    "format_account",
    "header",
    "moment",
    "money",
    "or_na",
    "organization",
    "offer_statements",
    "paragraphs",
    "percent",
    "points",
]
