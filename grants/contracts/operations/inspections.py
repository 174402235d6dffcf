"""Control of the task (art. 17 of the Act; Annex 3 § 8 of Dz.U. 2018 poz. 2057): the office records an
inspection of a signed contract — its date, scope, findings and recommendations with a deadline — the
organisation answers, and the office closes it. Inspections are never deleted; each step is audited and
moves through `INSPECTION_TRANSITIONS`."""

from datetime import datetime, timedelta

from flask_babel import gettext as _

from grants.audit.log import record
from grants.clock import now_utc, warsaw_date
from grants.contracts.models import Contract, ContractStatus, Inspection, InspectionStatus
from grants.contracts.queries import require_contract_officer, require_contract_party
from grants.errors import Conflict, FieldErrors
from grants.extensions import db
from grants.formatting import date_pl
from grants.mail import queue_mail
from grants.parsing import is_blank, parse_date, text

TEXT_LIMIT = 20000
# Annex 3 § 8: the organisation carries out the recommendations within 14 days unless the office sets
# another term.
RECOMMENDATIONS_DAYS = 14


def _body(raw) -> dict:
    return raw if isinstance(raw, dict) else {}


def parse_inspection(raw, today) -> dict:
    """{inspected_on, scope, findings?, recommendations?, recommendations_due?} → typed values, or 422 per
    field. The date is not in the future; a recommendation's deadline is not before the inspection and
    defaults to 14 days from today (Annex 3 § 8)."""
    raw = _body(raw)
    errors = FieldErrors()
    inspected_on = None
    if is_blank(raw.get("inspected_on")):
        errors.add("inspected_on", _("Podaj datę kontroli."))
    else:
        inspected_on = parse_date(errors, "inspected_on", raw["inspected_on"])
        if inspected_on is not None and inspected_on > today:
            errors.add("inspected_on", _("Data kontroli nie może być z przyszłości."))
    values = {
        "scope": text(errors, "scope", raw.get("scope"), limit=TEXT_LIMIT, required=True),
        "findings": text(errors, "findings", raw.get("findings"), limit=TEXT_LIMIT, blank="") or "",
        "recommendations": text(errors, "recommendations", raw.get("recommendations"), limit=TEXT_LIMIT, blank="")
        or "",
    }
    due = None
    if not is_blank(raw.get("recommendations_due")):
        due = parse_date(errors, "recommendations_due", raw["recommendations_due"])
        if due is not None and inspected_on is not None and due < inspected_on:
            errors.add("recommendations_due", _("Termin wykonania zaleceń nie może być wcześniejszy niż kontrola."))
        if due is not None and not values["recommendations"]:
            errors.add("recommendations", _("Podaj zalecenia, skoro wyznaczasz termin ich wykonania."))
    elif values["recommendations"]:
        due = today + timedelta(days=RECOMMENDATIONS_DAYS)
    errors.raise_if_any()
    return {"inspected_on": inspected_on, "recommendations_due": due, **values}


def record_inspection(actor, contract: Contract, raw, now: datetime | None = None) -> Inspection:
    """The office records an inspection of a signed contract (409 `contract_not_signed` otherwise)."""
    now = now or now_utc()
    require_contract_officer(actor, contract)
    if contract.status != ContractStatus.signed:
        raise Conflict(
            _("Kontrolę zapisuje się dla podpisanej umowy w trakcie realizacji zadania."), code="contract_not_signed"
        )
    values = parse_inspection(raw, warsaw_date(now))
    inspection = Inspection(
        contract_id=contract.id,
        status=InspectionStatus.open,
        created_at=now,
        created_by_id=actor.id,
        **values,
    )
    db.session.add(inspection)
    db.session.flush()
    _mail_inspection(contract, inspection)
    record(
        "inspection.record",
        "contract",
        contract.id,
        actor=actor,
        office_id=contract.office_id,
        summary=contract.number,
        after={"inspection_id": inspection.id, "status": "open", **values},
    )
    return inspection


def _mail_inspection(contract: Contract, inspection: Inspection) -> None:
    """The organisation learns of the inspection's findings and recommendations (and where to answer)."""
    email = contract.organization.email
    if not email:
        return
    subject = _("Wyniki kontroli — umowa nr %(number)s", number=contract.number)
    body = _(
        "Urząd zapisał wyniki kontroli realizacji zadania „%(title)s” (umowa nr %(number)s, art. 17 ustawy).\n\n"
        "Data kontroli: %(day)s\nZakres: %(scope)s\nUstalenia: %(findings)s\nZalecenia: %(recommendations)s\n",
        title=contract.task_title,
        number=contract.number,
        day=date_pl(inspection.inspected_on),
        scope=inspection.scope,
        findings=inspection.findings or _("brak uwag"),
        recommendations=inspection.recommendations or _("brak"),
    )
    if inspection.recommendations_due:
        body += _("Termin wykonania zaleceń: %(day)s.\n", day=date_pl(inspection.recommendations_due))
    body += _("Odpowiedź na wyniki kontroli można przesłać w OKO, na stronie umowy.\n")
    queue_mail(email, subject, body, office_id=contract.office_id)


def _move(inspection: Inspection, target: InspectionStatus) -> None:
    if not inspection.can_move_to(target):
        if inspection.status == InspectionStatus.closed:
            raise Conflict(_("Ta kontrola jest już zamknięta."), code="inspection_closed")
        raise Conflict(_("Organizacja już odpowiedziała na wyniki tej kontroli."), code="already_answered")
    inspection.status = target


def answer_inspection(actor, inspection: Inspection, raw, now: datetime | None = None) -> Inspection:
    """The organisation answers the findings and recommendations (once; 409 after that or once closed)."""
    now = now or now_utc()
    contract = db.session.get(Contract, inspection.contract_id)
    require_contract_party(actor, contract)
    errors = FieldErrors()
    answer = text(errors, "answer", _body(raw).get("answer"), limit=TEXT_LIMIT, required=True)
    errors.raise_if_any()
    before = inspection.status.value
    _move(inspection, InspectionStatus.answered)
    inspection.answer = answer
    inspection.answered_at = now
    inspection.answered_by_id = actor.id
    db.session.flush()
    record(
        "inspection.answer",
        "contract",
        contract.id,
        actor=actor,
        office_id=contract.office_id,
        summary=contract.number,
        before={"inspection_id": inspection.id, "status": before},
        after={"inspection_id": inspection.id, "status": "answered", "answer": answer},
    )
    return inspection


def close_inspection(actor, inspection: Inspection, raw=None, now: datetime | None = None) -> Inspection:
    """The office closes the inspection (recommendations carried out, or none); 409 when already closed."""
    now = now or now_utc()
    contract = db.session.get(Contract, inspection.contract_id)
    require_contract_officer(actor, contract)
    before = inspection.status.value
    _move(inspection, InspectionStatus.closed)
    inspection.closed_at = now
    inspection.closed_by_id = actor.id
    db.session.flush()
    record(
        "inspection.close",
        "contract",
        contract.id,
        actor=actor,
        office_id=contract.office_id,
        summary=contract.number,
        before={"inspection_id": inspection.id, "status": before},
        after={"inspection_id": inspection.id, "status": "closed"},
    )
    return inspection
