"""The update of an offer awarded less than it asked for (aktualizacja; Annex 1 and 3 of Dz.U. 2018 poz. 2057:
the contract is made on the offer "z uwzględnieniem aktualizacji opisu poszczególnych działań, harmonogramu,
kalkulacji przewidywanych kosztów").

Within the call's window (`Call.update_days` from the results or from the new award, moved off Saturdays,
Sundays and holidays — `grants.review.rules.update_last_day`) the organisation adjusts the schedule and
actions (III.4), the results (III.5–6) and the cost estimate with its sources (V.A–V.B). OKO checks:

- the grant asked for equals the award (422 `requested_grant`);
- the grant's share of the total cost does not rise above its share in the offer as submitted (422
  `grant_share`; compared exactly, so the same share passes);
- a result dropped or lowered needs a note saying why (422 `results_note`).

The update is frozen like a submission (`submission.freeze_version`: a new `OfferVersion` with its own
control sum, the award and the note inside the hashed document) and becomes the offer's current version —
the one the contract is drawn up from.
"""

import re
from datetime import datetime
from decimal import Decimal

from flask_babel import gettext as _

from grants.audit.log import record
from grants.contracts.queries import contract_for_offer
from grants.errors import Conflict, FieldErrors, ValidationFailed
from grants.formatting import datetime_pl, money_pl, money_str, percent_pl
from grants.offers import schema
from grants.offers.figures import offer_estimate
from grants.offers.models import Offer, OfferStatus, OfferVersion
from grants.offers.operations.guards import conditional_update, edit_conflict, parse_lock_version, require_member
from grants.offers.operations.submission import freeze_version
from grants.offers.receipt import receipt_time
from grants.review import awards

# What an update may change: III.4 (actions and their schedule), III.5–6 (results), V.A–V.B (the estimate
# and its sources). Anything else of the offer stays as submitted.
UPDATE_FIELDS = (
    "actions",
    "results",
    "expected_effects",
    "cost_items",
    "own_financial",
    "own_non_financial_personal",
    "own_non_financial_in_kind",
    "beneficiary_fees",
)
NOTE_LIMIT = 5000
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


def _level(text: str) -> Decimal | None:
    match = _NUMBER.search(text or "")
    return Decimal(match.group().replace(",", ".")) if match else None


def reduced_results(before: list[dict], after: list[dict]) -> list[int]:
    """Indices (in `before`) of results dropped or lowered: a result is matched by name; its target value is
    compared by its first number when both have one, else any change counts as a reduction."""
    by_name = {(r.get("name") or "").strip().lower(): r for r in after}
    reduced = []
    for index, result in enumerate(before):
        new = by_name.get((result.get("name") or "").strip().lower())
        if new is None:
            reduced.append(index)
            continue
        old_value, new_value = result.get("target_value") or "", new.get("target_value") or ""
        if old_value == new_value:
            continue
        old_level, new_level = _level(old_value), _level(new_value)
        if old_level is None or new_level is None or new_level < old_level:
            reduced.append(index)
    return reduced


def share_rises(grant: Decimal, total: Decimal, base_grant: Decimal, base_total: Decimal) -> bool:
    """grant / total > base_grant / base_total, exactly (cross-multiplied, no rounding)."""
    if total <= 0:
        return True
    return grant * base_total > base_grant * total


def share_percent(grant: Decimal, total: Decimal) -> Decimal:
    return (grant * 100 / total).quantize(Decimal("0.01")) if total > 0 else Decimal("0.00")


def _refuse_other_fields(current: dict, updates: dict, errors: FieldErrors) -> None:
    for path in sorted(schema.changed_paths(current, {**current, **updates})):
        if path.split(".")[0] not in UPDATE_FIELDS:
            errors.add(
                path,
                _(
                    "W aktualizacji zmienia się tylko plan i harmonogram działań, rezultaty i kosztorys "
                    "ze źródłami finansowania; tego pola nie można zmienić."
                ),
            )


def _parse(offer: Offer, raw: dict) -> tuple[dict, str]:
    """(the new content, the note on results) — or 422 naming each bad field."""
    if not isinstance(raw, dict):
        raise ValidationFailed.one("actions", _("Podaj zaktualizowaną ofertę (działania, rezultaty, kosztorys)."))
    updates, _relations, errors = schema.parse_offer_patch(raw)
    current = schema.normalised(offer.current_version.document["content"])
    _refuse_other_fields(current, updates, errors)
    note = raw.get("results_note")
    if note is None:
        note = ""
    if not isinstance(note, str):
        errors.add("results_note", _("Podaj tekst."))
        note = ""
    note = note.strip()
    if len(note) > NOTE_LIMIT:
        errors.add("results_note", _("Najwyżej %(n)d znaków.", n=NOTE_LIMIT))
    errors.raise_if_any()
    return {**current, **{k: v for k, v in updates.items() if k in UPDATE_FIELDS}}, note


def _check(offer: Offer, content: dict, note: str, amount: Decimal, baseline: OfferVersion):
    """Everything a submission checks, and the update's own three rules; the estimate of `content`."""
    errors = schema.submission_problems(
        content, joint=offer.is_joint, results_required=offer.call.results_table_required is not False
    )
    _typed, result, problems = offer_estimate(offer, content)
    for problem in problems:
        errors.add(problem.path, problem.message)
    if result.total_cost <= 0 and not errors.fields.get("cost_items"):
        errors.add("cost_items", _("Suma kosztów musi być większa od zera."))
    if result.requested_grant != amount:
        errors.add(
            "requested_grant",
            _(
                "Wnioskowana dotacja (suma kolumny „w tym z dotacji”: %(asked)s) musi być równa przyznanej "
                "kwocie %(amount)s.",
                asked=money_pl(result.requested_grant),
                amount=money_pl(amount),
            ),
        )
    elif result.total_cost > 0 and share_rises(
        result.requested_grant, result.total_cost, baseline.requested_grant, baseline.total_cost
    ):
        errors.add(
            "grant_share",
            _(
                "Udział dotacji w całkowitym koszcie zadania (%(now)s) nie może być wyższy niż w złożonej ofercie "
                "(%(before)s). Zmniejsz koszty pokrywane z dotacji albo zwiększ wkład własny lub inne źródła.",
                now=percent_pl(share_percent(result.requested_grant, result.total_cost)),
                before=percent_pl(share_percent(baseline.requested_grant, baseline.total_cost)),
            ),
        )
    before = schema.normalised(baseline.document["content"])["results"]
    if reduced_results(before, content["results"]) and not note:
        errors.add(
            "results_note",
            _(
                "Zmniejszono albo usunięto zakładane rezultaty — wyjaśnij w uwadze, dlaczego (urząd ocenia, "
                "czy zadanie zachowuje swój cel)."
            ),
        )
    if errors:
        raise ValidationFailed(
            errors.fields, _("Aktualizacja jest niekompletna lub niezgodna z zasadami — popraw wskazane pola.")
        )
    return result


def require_update_open(offer: Offer, moment: datetime) -> awards.Standing:
    """The offer holds an award lower than it asked for, has no contract yet, and the window is open."""
    standing = awards.award_record(offer)
    if standing is None:
        raise Conflict(_("Ta oferta nie otrzymała dotacji, więc nie ma czego aktualizować."), code="no_award")
    if standing.resigned:
        raise Conflict(_("Organizacja zrezygnowała z tej dotacji."), code="resigned")
    if contract_for_offer(offer.id) is not None:
        raise Conflict(
            _("Umowa na to zadanie jest już sporządzona; ofertę zmienia się teraz aneksem."), code="contract_exists"
        )
    if not awards.update_required(standing, offer):
        raise Conflict(
            _("Oferta otrzymała całą wnioskowaną kwotę — aktualizacja nie jest potrzebna."), code="update_not_required"
        )
    if offer.status != OfferStatus.submitted:
        raise Conflict(_("Ta oferta nie jest złożona."), code="not_submitted")
    if moment >= awards.update_closes_at(standing, offer):
        raise Conflict(
            _(
                "Termin na aktualizację oferty minął %(deadline)s (liczy się czas serwera). Brak aktualizacji "
                "w terminie oznacza rezygnację z dotacji.",
                deadline=datetime_pl(awards.update_closes_at(standing, offer)),
            ),
            code="update_closed",
        )
    return standing


def update_awarded_offer(*, actor, offer: Offer, raw: dict, receipt: datetime | None = None) -> OfferVersion:
    """`PUT /api/v1/offers/{id}/update`: the organisation's update to the award (see the module)."""
    receipt = receipt or receipt_time()
    require_member(actor, offer)
    standing = require_update_open(offer, receipt)
    expected = parse_lock_version(raw.get("lock_version") if isinstance(raw, dict) else None)
    if expected is not None and expected != offer.lock_version:
        raise edit_conflict(offer)
    baseline = awards.baseline_version(offer)
    previous = offer.current_version
    content, note = _parse(offer, raw)
    result = _check(offer, content, note, standing.amount, baseline)
    seen = offer.lock_version
    if not conditional_update(
        offer,
        [Offer.status == OfferStatus.submitted, Offer.lock_version == seen],
        {
            "content": content,
            "lock_version": Offer.lock_version + 1,
            "updated_at": receipt,
            "updated_by_id": actor.id,
        },
    ):
        raise edit_conflict(offer)
    version = freeze_version(
        actor,
        offer,
        content,
        receipt,
        extra={
            "update": {
                "award": money_str(standing.amount),
                "baseline_version": baseline.number,
                "results_note": note,
            }
        },
    )
    record(
        "offer.update_to_award",
        "offer",
        offer.id,
        actor=actor,
        office_id=offer.call.office_id,
        summary=offer.title,
        before={
            "version": previous.number,
            "requested_grant": previous.requested_grant,
            "total_cost": previous.total_cost,
        },
        after={
            "version": version.number,
            "requested_grant": result.requested_grant,
            "total_cost": result.total_cost,
            "control_sum": version.control_sum,
            "control_code": version.control_code,
            "award": standing.amount,
            "results_note": note,
        },
    )
    return version
