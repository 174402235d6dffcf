"""An offer's figures and problems, read-only: the estimate of its draft (or of given content) against
its call, the V.C rows, and everything a submission would refuse. Views, the API and the operations
all ask here, so the page, the JSON and the submission agree."""

from grants.errors import FieldErrors
from grants.formatting import money_str
from grants.i18n import current_language
from grants.i18n import gettext as _  # Flask-Babel's, without its per-string lookups
from grants.offers import estimate, schema
from grants.offers.models import Offer

_MEMO = "_oko_draft_memo"


def _memo(offer: Offer) -> dict:
    """What this request worked out from the offer's stored draft, kept on the offer object: a step of the
    form asked for the normalised draft ten times and for its estimate twice (issue 13). The object lives as
    long as the request's session, so nothing outlives the request; and the memo holds for one content only —
    the very object the offer holds (every write puts a new one there: `conditional_update` sets it from the
    UPDATE's answer or reads the row again)."""
    memo = getattr(offer, _MEMO, None)
    if memo is None or memo["content"] is not offer.content:
        memo = {"content": offer.content}
        setattr(offer, _MEMO, memo)
    return memo


def draft_content(offer: Offer) -> dict:
    """`schema.normalised(offer.content)` once a request — shared, so its readers must not change it (a
    writer normalises its own copy)."""
    memo = _memo(offer)
    if "normalised" not in memo:
        memo["normalised"] = schema.normalised(offer.content)
    return memo["normalised"]


def cost_split_rows(offer: Offer, content: dict | None = None) -> list[dict]:
    """V.C rows, the representing organisation first; empty for an offer of one organisation."""
    if not offer.partners:
        return []
    content = draft_content(offer) if content is None else schema.normalised(content)
    years = content.get("cost_split_years") or {}
    rows = [{"organization_id": offer.organization_id, "amount": content.get("lead_cost_share")}]
    rows += [{"organization_id": p.organization_id, "amount": money_str(p.cost_share)} for p in offer.partners]
    return [{**row, "year_values": years.get(str(row["organization_id"]))} for row in rows]


def offer_estimate(offer: Offer, content: dict | None = None):
    """(typed content, Estimate, problems) of the offer's draft (or of `content`) against its call; the
    draft's once a request (the navigation and the live estimate of a step both ask), for the partners'
    shares, the call's limits and the language (the problems' words) it was worked out for. Shared: its
    readers must not change it."""
    if content is not None:
        return _estimate(offer, content)
    memo = _memo(offer)
    inputs = (
        [(p.organization_id, p.cost_share) for p in offer.partners],
        estimate.CallLimits.from_call(offer.call),
        current_language(),
    )
    if memo.get("estimate_inputs") != inputs:
        memo["estimate"] = _estimate(offer, offer.content)
        memo["estimate_inputs"] = inputs
    return memo["estimate"]


def _estimate(offer: Offer, content: dict):
    typed = schema.typed_content(content, cost_split_rows(offer, content))
    result = estimate.compute(typed)
    problems = estimate.check(typed, estimate.CallLimits.from_call(offer.call), gettext=_, estimate=result)
    return typed, result, problems


def submission_errors(offer: Offer) -> FieldErrors:
    """Everything a submission would refuse: missing parts of the form and the estimate's rules."""
    errors = schema.submission_problems(
        offer.content, joint=offer.is_joint, results_required=offer.call.results_table_required is not False
    )
    _typed, result, problems = offer_estimate(offer)
    if result.total_cost <= 0 and not errors.fields.get("cost_items"):
        errors.add("cost_items", _("Suma kosztów musi być większa od zera."))
    for problem in problems:
        errors.add(problem.path, problem.message)
    for partner in offer.pending_partners:  # art. 14 ust. 2: named only with its consent
        errors.add(
            "partners",
            _(
                "Organizacja %(name)s nie potwierdziła jeszcze udziału w ofercie wspólnej. Ofertę można złożyć, "
                "gdy potwierdzą ją wszyscy partnerzy (albo gdy usuniesz tego partnera).",
                name=partner.organization.name,
            ),
        )
    return errors


def preview(offer: Offer, raw: dict):
    """What the draft would add up to with the unsaved input `raw` (a form's or the API's values) applied:
    (content, Estimate, problems of the estimate, FieldErrors of parsing). Nothing is written — this is
    the page's live estimate between saves."""
    if not raw:  # nothing typed (a step drawn from the stored draft): the draft's own estimate
        _typed, result, problems = offer_estimate(offer)
        return draft_content(offer), result, problems, FieldErrors()
    updates, relations, errors = schema.parse_offer_patch(raw)
    content = {**schema.normalised(offer.content), **updates}
    rows = cost_split_rows(offer, content)
    if relations.get("cost_split"):
        typed = {row["organization_id"]: row for row in relations["cost_split"]}
        rows = [
            {
                **row,
                "amount": money_str(typed[row["organization_id"]]["amount"]),
                "year_values": typed[row["organization_id"]].get("year_values", row.get("year_values")),
            }
            if row["organization_id"] in typed
            else row
            for row in rows
        ]
    typed = schema.typed_content(content, rows)
    result = estimate.compute(typed)
    problems = estimate.check(typed, estimate.CallLimits.from_call(offer.call), gettext=_, estimate=result)
    return content, result, problems, errors
