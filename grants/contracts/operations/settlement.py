"""Settlement writers: a return recorded from the bank statement (ufp art. 251–252) and the office's finding
that part of the grant was used against its purpose or taken unduly (art. 252 ust. 1). Only the office
that made the contract records them; every row is audited. What follows from them — what is still to
return, by when, with what interest — is computed, never stored (grants.contracts.settlement_view)."""

from datetime import date, datetime

from flask_babel import gettext as _

from grants import parsing
from grants.audit.log import record
from grants.clock import now_utc, warsaw_date
from grants.contracts.models import Contract, ContractStatus, Finding, FindingKind, GrantReturn
from grants.contracts.queries import require_contract_officer
from grants.errors import Conflict, FieldErrors
from grants.extensions import db

NOTE_LIMIT = 2000
# A contract whose grant can have been paid out: signed and in force, performed, or terminated (a
# terminated contract's paid grant is settled too). A draft or a cancelled one has nothing to return.
SETTLED_STATUSES = (ContractStatus.signed, ContractStatus.performed, ContractStatus.terminated)


def _require_settleable(contract: Contract) -> None:
    if contract.status not in SETTLED_STATUSES:
        raise Conflict(_("Umowa nie została podpisana: nie ma czego rozliczać."), code="contract_not_signed")


def _past_date(errors: FieldErrors, field: str, value, today: date) -> date | None:
    if parsing.is_blank(value):
        errors.add(field, _("Podaj datę."))
        return None
    day = parsing.parse_date(errors, field, value)
    if day is not None and day > today:
        errors.add(field, _("Data nie może być późniejsza niż dzisiaj."))
        return None
    return day


def _amount(errors: FieldErrors, value) -> object:
    if parsing.is_blank(value):
        errors.add("amount", _("Podaj kwotę."))
        return None
    return parsing.money(errors, "amount", value, positive=True)


def _note(errors: FieldErrors, value) -> str:
    if value is None:
        return ""
    return parsing.text(errors, "note", value, limit=NOTE_LIMIT) or ""


def parse_return(raw: dict, *, today: date) -> dict:
    errors = FieldErrors()
    data = {
        "amount": _amount(errors, raw.get("amount")),
        "paid_on": _past_date(errors, "paid_on", raw.get("paid_on"), today),
        "note": _note(errors, raw.get("note")),
    }
    errors.raise_if_any()
    return data


def parse_finding(raw: dict, *, today: date) -> dict:
    errors = FieldErrors()
    kind = None
    if parsing.is_blank(raw.get("kind")):
        errors.add("kind", _("Wybierz rodzaj ustalenia."))
    else:
        kind = parsing.parse_enum(
            errors,
            "kind",
            raw.get("kind"),
            FindingKind,
            _(
                "Rodzaj ustalenia to „misused” (niezgodnie z przeznaczeniem) albo „undue” "
                "(nienależnie lub w nadmiernej wysokości)."
            ),
        )
    data = {
        "kind": kind,
        "amount": _amount(errors, raw.get("amount")),
        "found_on": _past_date(errors, "found_on", raw.get("found_on"), today),
        "note": _note(errors, raw.get("note")),
    }
    errors.raise_if_any()
    return data


def record_return(*, actor, contract: Contract, raw: dict, now: datetime | None = None) -> GrantReturn:
    """Record money the organisation returned to the office's account (officer of the contract's office).
    The settlement then applies it to the oldest due first, principal and interest in proportion."""
    now = now or now_utc()
    require_contract_officer(actor, contract)
    data = parse_return(raw, today=warsaw_date(now))
    _require_settleable(contract)
    row = GrantReturn(contract_id=contract.id, recorded_at=now, recorded_by_id=actor.id, **data)
    db.session.add(row)
    db.session.flush()
    record(
        "contract.return",
        "contract",
        contract.id,
        actor=actor,
        office_id=contract.office_id,
        summary=contract.number,
        before=None,
        after={"return_id": row.id, **data},
    )
    return row


def record_finding(*, actor, contract: Contract, raw: dict, now: datetime | None = None) -> Finding:
    """Record the office's finding under ufp art. 252 ust. 1: grant used against its purpose (pkt 1,
    interest from the transfer) or taken unduly or in excess (pkt 2, interest after the 15 days)."""
    now = now or now_utc()
    require_contract_officer(actor, contract)
    data = parse_finding(raw, today=warsaw_date(now))
    _require_settleable(contract)
    if not any(t.paid_on is not None for t in contract.tranches):
        raise Conflict(_("Nie wypłacono jeszcze żadnej transzy dotacji."), code="nothing_paid")
    row = Finding(contract_id=contract.id, recorded_at=now, recorded_by_id=actor.id, **data)
    db.session.add(row)
    db.session.flush()
    record(
        "contract.finding",
        "contract",
        contract.id,
        actor=actor,
        office_id=contract.office_id,
        summary=contract.number,
        before=None,
        after={"finding_id": row.id, **data},
    )
    return row
