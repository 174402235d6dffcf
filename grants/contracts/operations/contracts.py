"""The contract (art. 16 of the Act; Annex 3 of Dz.U. 2018 poz. 2057): drawn up by the office from an awarded
offer's current (updated) version, signed, changed only by annexes, performed or terminated; its tranches
(Annex 3 § 3) and their payment.

Every operation takes the actor, checks the contract's transition table (CONTRACT_TRANSITIONS), changes rows,
writes the audit entry and leaves the commit to the request.
"""

import re
from datetime import date, datetime
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy.orm import defer, joinedload, lazyload

from grants.audit.log import entries_for, record
from grants.auth.permissions import require_officer
from grants.calls.models import Call
from grants.clock import now_utc, warsaw_date
from grants.contracts.models import Contract, ContractCostItem, ContractStatus, Tranche
from grants.contracts.operations import small_grant_contracts
from grants.contracts.operations.small_grant_contracts import Basis
from grants.contracts.operations.small_grant_contracts import content_money as _money
from grants.contracts.queries import contract_for_offer, require_contract_officer
from grants.contracts.terms import (
    TrancheTerm,
    check_tranches_total,
    parse_optional_date,
    parse_reason,
    parse_reporting_dates,
    parse_representatives,
    parse_required_date,
    parse_tolerance,
    parse_tranches,
)
from grants.errors import Conflict, FieldErrors, NotFound
from grants.extensions import db
from grants.offers import schema as offer_schema
from grants.offers.models import Offer, OfferVersion
from grants.offices.models import Office
from grants.organizations.models import Organization
from grants.parsing import is_blank, text
from grants.review.awards import standing_award
from settlement.deadlines import final_report_due

DEFAULT_NUMBER_PATTERN = "{case_sign}.525.{seq}.{year}"
_PLACEHOLDER = re.compile(r"\{(\w*)\}")


# ---------------------------------------------------------------- refusals


def _no_award() -> Conflict:
    return Conflict(
        _("Umowę zawiera się tylko z organizacją, której ofercie przyznano dotację w ogłoszonych wynikach."),
        code="no_award",
    )


def not_in(contract: Contract, *statuses: ContractStatus) -> Conflict:
    codes = {
        ContractStatus.draft: "not_draft",
        ContractStatus.signed: "not_signed",
    }
    code = codes.get(statuses[0], "contract_state") if len(statuses) == 1 else "contract_state"
    messages = {
        "not_draft": _("Umowa jest już podpisana albo anulowana: zmienia ją tylko aneks."),
        "not_signed": _("Tę czynność wykonuje się na umowie podpisanej i niezakończonej."),
    }
    return Conflict(messages.get(code, _("Stan umowy nie pozwala na tę czynność.")), code=code)


def _move(contract: Contract, target: ContractStatus) -> ContractStatus:
    if not contract.can_move_to(target):
        raise not_in(contract, *(s for s, moves in contract.transitions.items() if target in moves))
    before = contract.status
    contract.status = target
    contract.lock_version += 1
    return before


def audit(action: str, contract: Contract, actor, *, before: dict | None = None, after: dict | None = None):
    record(
        action,
        "contract",
        contract.id,
        actor=actor,
        office_id=contract.office_id,
        summary=contract.number,
        before=before,
        after=after,
    )


def today_of(now: datetime) -> date:
    return warsaw_date(now)


# ---------------------------------------------------------------- what the contract is made from


def _cost_items(content: dict) -> list[ContractCostItem]:
    actions = content.get("actions") or []
    items = []
    for position, item in enumerate(content.get("cost_items") or []):
        ref = item.get("action")
        items.append(
            ContractCostItem(
                position=position,
                action=actions[ref].get("name", "") if isinstance(ref, int) and 0 <= ref < len(actions) else "",
                kind=offer_schema.ADMIN if ref == offer_schema.ADMIN else "",
                name=item.get("name") or "",
                unit=item.get("unit") or "",
                quantity=Decimal(str(item.get("quantity") or "0")),
                unit_cost=Decimal(str(item.get("unit_cost") or "0")),
                grant_part=Decimal(str(item.get("grant_part") or "0")),
            )
        )
    return items


def _number_for(office: Office, sequence: int, year: int) -> str:
    """The office's case-sign pattern ({case_sign}, {seq}, {year}; seed 002: CDO-RIPS.525.7.2021). An unknown
    placeholder stays as typed; a pattern without {seq} gets it at the end, so numbers never repeat."""
    pattern = office.contract_number_pattern or DEFAULT_NUMBER_PATTERN
    if "{seq}" not in pattern:
        pattern += ".{seq}"
    values = {"case_sign": office.case_sign or office.slug.upper(), "seq": str(sequence), "year": str(year)}
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), pattern)[:100]


def _next_sequence(office_id: int, year: int) -> tuple[Office, int]:
    """Lock the office's row (SELECT … FOR UPDATE) so that two officers drawing up contracts at the same
    moment never get the same number: the second waits for the first's commit and counts it."""
    office = db.session.scalar(
        db.select(Office).where(Office.id == office_id).with_for_update().execution_options(populate_existing=True)
    )
    highest = db.session.scalar(
        db.select(db.func.max(Contract.sequence)).where(Contract.office_id == office_id, Contract.year == year)
    )
    return office, (highest or 0) + 1


# ---------------------------------------------------------------- drawing up


def _parse_terms(raw: dict, *, grant: Decimal, partial: bool) -> tuple[dict, FieldErrors]:
    """The draft's terms the office sets (all optional in a partial update but tranches when drawing up)."""
    errors = FieldErrors()
    terms: dict = {}
    if not partial or "tranches" in raw:
        tranches = parse_tranches(errors, raw.get("tranches"))
        check_tranches_total(errors, tranches, grant)
        terms["tranches"] = tranches
    if not is_blank(raw.get("cost_shift_tolerance_percent")):
        terms["cost_shift_tolerance_percent"] = parse_tolerance(errors, raw.get("cost_shift_tolerance_percent"))
    for field in ("expenses_start", "expenses_end"):
        if not is_blank(raw.get(field)):
            terms[field] = parse_optional_date(errors, field, raw.get(field))
    for field, limit in (("place", 200), ("treasurer", 200)):
        if field in raw:
            terms[field] = text(errors, field, raw.get(field), limit=limit, blank="")
    for field in ("office_representatives", "organization_representatives"):
        if field in raw:
            terms[field] = parse_representatives(errors, field, raw.get(field))
    if "reporting_dates" in raw:
        terms["reporting_dates"] = parse_reporting_dates(errors, raw.get("reporting_dates"))
    if not is_blank(raw.get("signed_on")):
        terms["signed_on"] = parse_optional_date(errors, "signed_on", raw.get("signed_on"))
    return terms, errors


def check_dates(errors: FieldErrors, contract: Contract, tranches: list[TrancheTerm] | None) -> None:
    if contract.expenses_start and contract.expenses_end and contract.expenses_start > contract.expenses_end:
        errors.add("expenses_end", _("Koniec okresu ponoszenia wydatków nie może być przed jego początkiem."))
    if contract.task_start > contract.task_end:
        errors.add("task_end", _("Zakończenie zadania nie może być przed jego rozpoczęciem."))
    for index, tranche in enumerate(tranches or []):
        if contract.expenses_end and tranche.due_date > contract.expenses_end:
            errors.add(
                f"tranches.{index}.due_date",
                _("Transzę przekazuje się przed końcem okresu wydatków (%(end)s).", end=contract.expenses_end),
            )


def reporting_schedule(contract: Contract, partial_dates: list[date] | None = None) -> list[dict]:
    """The reports the contract names: partial ones agreed in it, and the final one due 30 days after the
    task ends, moved off a Saturday or a day free from work (art. 18 ust. 1 of the Act; KC art. 115)."""
    if partial_dates is None:
        partial_dates = [
            date.fromisoformat(entry["due_date"])
            for entry in contract.reporting_dates or []
            if entry.get("kind") == "partial"
        ]
    schedule = [{"kind": "partial", "due_date": d.isoformat()} for d in partial_dates]
    schedule.append({"kind": "final", "due_date": final_report_due(contract.task_end).isoformat()})
    return schedule


def _set_terms(contract: Contract, terms: dict) -> None:
    for field in (
        "form",
        "cost_shift_tolerance_percent",
        "expenses_start",
        "expenses_end",
        "place",
        "treasurer",
        "office_representatives",
        "organization_representatives",
    ):
        if terms.get(field) is not None:
            setattr(contract, field, terms[field])
    if terms.get("tranches") is not None:
        contract.tranches.clear()
        db.session.flush()
        for number, tranche in enumerate(terms["tranches"], 1):
            contract.tranches.append(Tranche(number=number, amount=tranche.amount, due_date=tranche.due_date))
    if "reporting_dates" in terms and terms["reporting_dates"] is not None:
        contract.reporting_dates = reporting_schedule(contract, terms["reporting_dates"])


def snapshot(contract: Contract) -> dict:
    """The contract's terms as the audit log and annexes record them."""
    return {
        "status": contract.status,
        "number": contract.number,
        "form": contract.form,
        "task_start": contract.task_start,
        "task_end": contract.task_end,
        "expenses_start": contract.expenses_start,
        "expenses_end": contract.expenses_end,
        "grant_amount": contract.grant_amount,
        "cost_shift_tolerance_percent": contract.cost_shift_tolerance_percent,
        "place": contract.place,
        "treasurer": contract.treasurer,
        "office_representatives": contract.office_representatives,
        "organization_representatives": contract.organization_representatives,
        "reporting_dates": contract.reporting_dates,
        "tranches": [
            {"n": t.number, "amount": t.amount, "due_date": t.due_date, "paid_on": t.paid_on} for t in contract.tranches
        ],
        "signed_on": contract.signed_on,
    }


def _award_basis(actor, offer: Offer) -> Basis:
    """A competition's offer: the officer of the call's office; the award as it stands after the results
    (grants.review.awards): not for an offer that was not funded or whose organisation resigned; for money
    moved to the next offer, that award; the current (updated) version must ask for exactly the award."""
    require_officer(actor, offer.call.office_id)
    standing = standing_award(offer.id)
    if standing is None:
        raise _no_award()
    if contract_for_offer(offer.id) is not None:
        raise Conflict(_("Ta oferta ma już umowę."), code="contract_exists")
    version = offer.current_version
    if version is None:
        raise _no_award()
    if standing.amount != version.requested_grant:
        raise Conflict(
            _(
                "Przyznana dotacja (%(award)s zł) jest niższa od wnioskowanej (%(requested)s zł): najpierw "
                "organizacja aktualizuje ofertę (harmonogram i kosztorys).",
                award=f"{standing.amount:.2f}",
                requested=f"{version.requested_grant:.2f}",
            ),
            code="update_required",
        )
    call = offer.call
    content = version.document["content"]
    return Basis(
        office_id=call.office_id,
        call_id=call.id,
        award_id=standing.award.id if standing.award is not None else None,
        version=version,
        grant=standing.amount,
        form=call.form,
        tolerance=call.cost_shift_tolerance_percent,
        own_financial=_money(content, "own_financial"),
        own_non_financial=_money(content, "own_non_financial_personal") + _money(content, "own_non_financial_in_kind"),
    )


# What drawing up reads of the offer: its draft's title, its call's columns, its organisation and current version —
# not the draft, the other versions' documents, the files, partners and members, nor the call's criteria,
# publications and amendments that loading an offer brings by default (ten statements a contract).
def _offer_drawn_up() -> tuple:
    # Built when asked: loader options of relationships configure the mappers, which needs every model imported.
    return (
        defer(Offer.content),
        lazyload(Offer.versions),
        lazyload(Offer.partners),
        lazyload(Offer.attachments),
        joinedload(Offer.call).options(lazyload(Call.criteria), lazyload(Call.publications), lazyload(Call.amendments)),
        joinedload(Offer.organization).lazyload(Organization.memberships),
        joinedload(Offer.current_version).lazyload(OfferVersion.confirmation),
    )


def draw_up(actor, offer_id: int, raw: dict, now: datetime | None = None) -> Contract:
    """Draw up the contract of an awarded offer from its current version (Annex 3): the officer of the
    call's office; 409 `no_award` without a funded award in published results, `update_required` while a
    lower grant waits for the offer's update (aktualizacja), `contract_exists` for a second live contract;
    422 when the tranches do not add up to the grant. With `signed_on` it is signed at once.

    A small grant (art. 19a; the offer has no call) is drawn up the same way on the office's acceptance
    instead of an award: `small_grant_contracts.small_grant_basis` (409 `not_accepted`; `form` from the body)."""
    now = now or now_utc()
    offer = db.session.get(Offer, offer_id, options=_offer_drawn_up())
    if offer is None:
        raise NotFound(_("Nie ma takiej oferty."))
    form_errors = FieldErrors()
    if small_grant_contracts.is_small_grant(offer):  # issue 9: art. 19a ust. 5
        basis, form_errors = small_grant_contracts.small_grant_basis(actor, offer, raw)
    else:
        basis = _award_basis(actor, offer)
    terms, errors = _parse_terms(raw, grant=basis.grant, partial=False)
    for field, messages in form_errors.fields.items():
        errors.fields.setdefault(field, []).extend(messages)
    version = basis.version
    content = version.document["content"]
    task_start, task_end = date.fromisoformat(content["task_start"]), date.fromisoformat(content["task_end"])
    office = db.session.get(Office, basis.office_id)
    contract = Contract(
        office_id=basis.office_id,
        call_id=basis.call_id,
        offer_id=offer.id,
        award_id=basis.award_id,
        offer_version_id=version.id,
        organization_id=offer.organization_id,
        status=ContractStatus.draft,
        form=basis.form,
        task_title=content.get("title") or offer.title,
        place=office.contract_place or "",
        task_start=task_start,
        task_end=task_end,
        expenses_start=task_start,
        expenses_end=task_end,
        grant_amount=basis.grant,
        own_financial=basis.own_financial,
        own_non_financial=basis.own_non_financial,
        cost_shift_tolerance_percent=basis.tolerance,
        bank_account=offer.organization.bank_account or "",
        office_representatives=list(office.representatives or []),
        treasurer=office.treasurer or "",
        organization_representatives=list(offer.organization.representatives or []),
        reporting_dates=[],
        created_at=now,
        created_by_id=actor.id,
        lock_version=0,
    )
    _set_terms(contract, {k: v for k, v in terms.items() if k != "tranches"})
    check_dates(errors, contract, terms.get("tranches"))
    signed_on = terms.get("signed_on")
    if signed_on is not None and signed_on > today_of(now):
        errors.add("signed_on", _("Data podpisania nie może być w przyszłości."))
    errors.raise_if_any()
    contract.reporting_dates = reporting_schedule(contract, terms.get("reporting_dates") or [])
    for item in _cost_items(content):
        contract.cost_items.append(item)
    for number, tranche in enumerate(terms["tranches"], 1):
        contract.tranches.append(Tranche(number=number, amount=tranche.amount, due_date=tranche.due_date))
    year = today_of(now).year
    office, sequence = _next_sequence(basis.office_id, year)
    contract.year, contract.sequence = year, sequence
    contract.number = _number_for(office, sequence, year)
    db.session.add(contract)
    db.session.flush()
    audit("contract.draw_up", contract, actor, after=snapshot(contract))
    if signed_on is not None:
        sign(actor=actor, contract=contract, signed_on=signed_on, now=now)
    return contract


def update_draft(actor, contract: Contract, raw: dict, now: datetime | None = None) -> Contract:
    """Change a draft's terms (tranches, tolerance, dates of use, representatives, place, reporting dates)."""
    require_contract_officer(actor, contract)
    if contract.status != ContractStatus.draft:
        raise not_in(contract, ContractStatus.draft)
    terms, errors = _parse_terms(raw, grant=contract.grant_amount, partial=True)
    terms.pop("signed_on", None)
    if "form" in raw and contract.call_id is None:  # a small grant's form of art. 16 ust. 1 (a call fixes others')
        terms["form"] = small_grant_contracts.parse_form(errors, raw.get("form"))
    before = snapshot(contract)
    if not errors:
        check_dates(errors, DatesAfter(contract, terms), terms.get("tranches"))
    errors.raise_if_any()
    _set_terms(contract, terms)
    contract.lock_version += 1
    db.session.flush()
    after = snapshot(contract)
    changed = {k: v for k, v in after.items() if before.get(k) != v}
    audit("contract.update", contract, actor, before={k: before[k] for k in changed}, after=changed)
    return contract


class DatesAfter:
    """The contract's dates as they would be after `terms`, for checking before anything changes."""

    def __init__(self, contract: Contract, terms: dict):
        self.task_start = terms.get("task_start") or contract.task_start
        self.task_end = terms.get("task_end") or contract.task_end
        self.expenses_start = terms.get("expenses_start") or contract.expenses_start
        self.expenses_end = terms.get("expenses_end") or contract.expenses_end


# ---------------------------------------------------------------- signing, cancelling, ending


def sign(actor, contract: Contract, signed_on, now: datetime | None = None) -> Contract:
    """draft → signed, on the day both parties signed (not in the future)."""
    now = now or now_utc()
    require_contract_officer(actor, contract)
    errors = FieldErrors()
    day = parse_required_date(errors, "signed_on", signed_on)
    if day is not None and day > today_of(now):
        errors.add("signed_on", _("Data podpisania nie może być w przyszłości."))
    if contract.status != ContractStatus.draft:
        raise not_in(contract, ContractStatus.draft)
    errors.raise_if_any()
    _move(contract, ContractStatus.signed)
    contract.signed_on, contract.signed_at, contract.signed_by_id = day, now, actor.id
    audit("contract.sign", contract, actor, before={"status": "draft"}, after={"status": "signed", "signed_on": day})
    return contract


def cancel(actor, contract: Contract, reason, now: datetime | None = None) -> Contract:
    """draft → cancelled: the contract will never be signed (e.g. the organisation resigned); its number
    is not given again."""
    now = now or now_utc()
    require_contract_officer(actor, contract)
    errors = FieldErrors()
    reason = parse_reason(errors, reason)
    if contract.status != ContractStatus.draft:
        raise not_in(contract, ContractStatus.draft)
    errors.raise_if_any()
    _move(contract, ContractStatus.cancelled)
    contract.closed_at, contract.closed_by_id, contract.close_reason = now, actor.id, reason
    after = {"status": "cancelled", "reason": reason}
    audit("contract.cancel", contract, actor, before={"status": "draft"}, after=after)
    return contract


def mark_performed(actor, contract: Contract, now: datetime | None = None) -> Contract:
    """signed → performed: the office accepted the final report (Annex 3 § 1: the task is performed when its
    final report is accepted). The reports' operations call this; a contract that cannot move (performed
    already, terminated: its final report settles it all the same) is left as it is."""
    now = now or now_utc()
    require_contract_officer(actor, contract)
    if not contract.can_move_to(ContractStatus.performed):
        return contract
    _move(contract, ContractStatus.performed)
    contract.closed_at, contract.closed_by_id = now, actor.id
    audit("contract.perform", contract, actor, before={"status": "signed"}, after={"status": "performed"})
    return contract


def terminate(actor, contract: Contract, reason, on, now: datetime | None = None) -> Contract:
    """signed → terminated (rozwiązanie by agreement, or by the office with immediate effect — Annex 3
    §§ 11–12), with the reason and the day it took effect (from signing to today)."""
    now = now or now_utc()
    require_contract_officer(actor, contract)
    errors = FieldErrors()
    reason = parse_reason(errors, reason)
    day = parse_required_date(errors, "on", on)
    if contract.status != ContractStatus.signed:
        raise not_in(contract, ContractStatus.signed)
    if day is not None and day > today_of(now):
        errors.add("on", _("Data rozwiązania nie może być w przyszłości."))
    if day is not None and contract.signed_on is not None and day < contract.signed_on:
        errors.add("on", _("Data rozwiązania nie może być wcześniejsza niż data podpisania umowy."))
    errors.raise_if_any()
    _move(contract, ContractStatus.terminated)
    contract.closed_at, contract.closed_by_id = now, actor.id
    contract.close_reason = reason
    audit(
        "contract.terminate",
        contract,
        actor,
        before={"status": "signed"},
        after={"status": "terminated", "terminated_on": day, "reason": reason},
    )
    return contract


def terminated_on(contract: Contract) -> date | None:
    """The day a termination took effect, as recorded in its audit entry."""
    for entry in reversed(entries_for("contract", contract.id)):
        if entry.action == "contract.terminate" and entry.after and entry.after.get("terminated_on"):
            return date.fromisoformat(entry.after["terminated_on"])
    return None


# ---------------------------------------------------------------- tranches


def record_tranche_paid(actor, contract: Contract, n, paid_on, now: datetime | None = None) -> Tranche:
    """Record that tranche `n` was transferred on `paid_on` (from signing to today); 409 `already_paid`."""
    now = now or now_utc()
    require_contract_officer(actor, contract)
    tranche = next((t for t in contract.tranches if t.number == n), None)
    if tranche is None:
        raise NotFound(_("Umowa nie ma takiej transzy."))
    if contract.status not in (ContractStatus.signed, ContractStatus.performed):
        raise Conflict(_("Transze wypłaca się na podstawie podpisanej umowy."), code="not_signed")
    if tranche.paid_on is not None:
        raise Conflict(
            _("Wypłatę tej transzy zapisano już (%(day)s).", day=tranche.paid_on.isoformat()), code="already_paid"
        )
    errors = FieldErrors()
    day = parse_required_date(errors, "paid_on", paid_on)
    if day is not None and day > today_of(now):
        errors.add("paid_on", _("Data przelewu nie może być w przyszłości."))
    if day is not None and contract.signed_on is not None and day < contract.signed_on:
        errors.add("paid_on", _("Transzę przekazuje się po podpisaniu umowy (%(day)s).", day=contract.signed_on))
    errors.raise_if_any()
    tranche.paid_on, tranche.paid_recorded_at, tranche.paid_recorded_by_id = day, now, actor.id
    contract.lock_version += 1
    audit(
        "contract.tranche_paid",
        contract,
        actor,
        before={"tranche": n, "paid_on": None},
        after={"tranche": n, "amount": tranche.amount, "paid_on": day},
    )
    return tranche
