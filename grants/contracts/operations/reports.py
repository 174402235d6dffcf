"""Reports (art. 18 of the Act; Annex 5 of Dz.U. 2018 poz. 2057): the office's demand for a partial report,
the NGO's final report, the draft the NGO edits, its submission into a frozen version with a control sum,
and the office's review — acceptance of the final report performs the contract (Annex 3 § 1).

Like the offer: the draft (`Report.content`) is the NGO's and only the NGO's (the office reads submitted
versions, never the draft); every submission is a new `ReportVersion` that is never edited.
"""

from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from grants import parsing
from grants.audit.log import record
from grants.clock import now_utc, warsaw_date
from grants.contracts import report_content, simplified_report
from grants.contracts.models import Contract, ContractStatus, Report, ReportKind, ReportStatus, ReportVersion
from grants.contracts.operations.contracts import mark_performed
from grants.contracts.queries import require_contract_officer, require_contract_party
from grants.errors import Conflict, FieldErrors, Forbidden, ValidationFailed
from grants.extensions import db
from grants.formatting import date_pl, datetime_pl, full_stop, money_str
from grants.mail import queue_mail
from grants.offers import control
from settlement import deadlines

FORMAT = "oko-report/1"
EDITABLE = (ReportStatus.draft, ReportStatus.returned)


# ---------------------------------------------------------------- guards


def _require_ngo(actor, contract: Contract) -> None:
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise Forbidden(_("Zaloguj się jako członek organizacji."))
    if actor.is_officer or actor.is_evaluator:
        raise Forbidden(_("Sprawozdanie składa organizacja, która jest stroną umowy."))
    require_contract_party(actor, contract)


def _require_signed(contract: Contract) -> None:
    if contract.status != ContractStatus.signed:
        raise Conflict(
            _("Sprawozdania dotyczą umowy w trakcie realizacji (podpisanej i niewykonanej)."),
            code="contract_not_signed",
        )


def _not_editable(report: Report) -> Conflict:
    if report.status == ReportStatus.accepted:
        return Conflict(_("Urząd przyjął już to sprawozdanie; nie można go zmieniać."), code="already_accepted")
    return Conflict(
        _("Sprawozdanie jest złożone i czeka na ocenę urzędu; zmienić je można po zwróceniu do poprawy."),
        code="not_draft",
    )


def _edit_conflict(report: Report) -> Conflict:
    return Conflict(
        _(
            "Ktoś inny zapisał to sprawozdanie w międzyczasie (wersja %(version)d). Twoje zmiany nie zostały "
            "zapisane, aby nie nadpisać cudzych. Odśwież stronę i wprowadź je ponownie.",
            version=report.lock_version,
        ),
        code="edit_conflict",
    )


def _conditional_update(report: Report, where: list, values: dict) -> bool:
    result = db.session.execute(
        sa.update(Report)
        .where(Report.id == report.id, *where)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(report)
    return result.rowcount == 1


def _mail(report: Report, subject: str, body: str, *extra) -> None:
    """To the organisation's address (and the acting member's, when given), once each."""
    contract = report.contract
    recipients: list[str] = []
    for email in (contract.organization.email, *extra):
        if email and email.lower() not in [r.lower() for r in recipients]:
            recipients.append(email)
    for recipient in recipients:
        queue_mail(recipient, subject, body, office_id=contract.office_id)


def _audit(action: str, report: Report, actor, *, before=None, after=None) -> None:
    record(
        action,
        "report",
        report.id,
        actor=actor,
        office_id=report.contract.office_id,
        summary=f"{report.contract.number} ({report.kind.value})",
        before=before,
        after=after,
    )


# ---------------------------------------------------------------- the office's demand


def demand_partial(actor, contract: Contract, due_date, period_start=None, period_end=None, *, now=None) -> Report:
    """The office demands a partial report (art. 18 ust. 3): the NGO has no less than 30 days from the
    delivery of the demand (`settlement.deadlines.partial_report_earliest_due`). The demand is delivered
    through OKO the day it is made."""
    now = now or now_utc()
    require_contract_officer(actor, contract)
    _require_signed(contract)
    errors = FieldErrors()
    if parsing.is_blank(due_date):
        errors.add("due_date", _("Podaj termin złożenia sprawozdania."))
        due = None
    else:
        due = parsing.parse_date(errors, "due_date", due_date)
    start = None if parsing.is_blank(period_start) else parsing.parse_date(errors, "period_start", period_start)
    end = None if parsing.is_blank(period_end) else parsing.parse_date(errors, "period_end", period_end)
    delivered = warsaw_date(now)
    earliest = deadlines.partial_report_earliest_due(delivered)
    if due is not None and due < earliest:
        errors.add(
            "due_date",
            full_stop(
                _(
                    "Termin na sprawozdanie częściowe to co najmniej 30 dni od doręczenia wezwania (art. 18 ust. 3 "
                    "ustawy): najwcześniej %(date)s",
                    date=date_pl(earliest),
                )
            ),
        )
    if start is not None and end is not None and end < start:
        errors.add("period_end", _("Koniec okresu sprawozdawczego nie może być przed jego początkiem."))
    for name, value in (("period_start", start), ("period_end", end)):
        if value is not None and not contract.task_start <= value <= contract.task_end:
            errors.add(name, _("Okres sprawozdawczy mieści się w okresie realizacji zadania."))
    errors.raise_if_any()
    report = Report(
        contract_id=contract.id,
        kind=ReportKind.partial,
        status=ReportStatus.draft,
        due_date=due,
        period_start=start or contract.task_start,
        period_end=end or min(delivered, contract.task_end),
        demanded_on=delivered,
        demanded_by_id=actor.id,
        content={},
        lock_version=0,
        created_at=now,
        created_by_id=actor.id,
        updated_at=now,
    )
    db.session.add(report)
    db.session.flush()
    report.content = report_content.empty_content(contract)
    db.session.flush()
    _audit(
        "report.demand",
        report,
        actor,
        after={
            "kind": "partial",
            "status": "draft",
            "due_date": due,
            "period_start": report.period_start,
            "period_end": report.period_end,
            "demanded_on": delivered,
        },
    )
    _mail(
        report,
        _("Wezwanie do złożenia sprawozdania częściowego — umowa %(number)s", number=contract.number),
        _(
            "Urząd wzywa do złożenia sprawozdania częściowego z wykonania zadania „%(title)s” (umowa %(number)s) "
            "za okres od %(start)s do %(end)s, w terminie do %(due)s (art. 18 ust. 3 ustawy o działalności pożytku "
            "publicznego i o wolontariacie).\n\nSprawozdanie wypełnisz i złożysz w OKO, na stronie sprawozdań "
            "z umowy.\n",
            title=contract.task_title,
            number=contract.number,
            start=date_pl(report.period_start),
            end=date_pl(report.period_end),
            due=date_pl(due),
        ),
    )
    return report


# ---------------------------------------------------------------- the NGO's draft


def _open_demand(contract: Contract) -> Report | None:
    """The earliest demanded partial report the NGO has not submitted yet."""
    return db.session.scalar(
        db.select(Report)
        .where(
            Report.contract_id == contract.id,
            Report.kind == ReportKind.partial,
            Report.status == ReportStatus.draft,
            Report.current_version_id.is_(None),
        )
        .order_by(Report.due_date, Report.id)
        .limit(1)
    )


def final_report_of(contract: Contract) -> Report | None:
    return db.session.scalar(
        db.select(Report).where(Report.contract_id == contract.id, Report.kind == ReportKind.final).limit(1)
    )


def create_report(actor, contract: Contract, raw: dict, *, now=None) -> tuple[Report, bool]:
    """The NGO starts a report: `kind` "final" (art. 18 ust. 1: due 30 days after the task's end, moved off
    a day free from work, KC art. 115) or "partial" — only answering the office's demand (409 `no_demand`),
    and then it is the demanded report that is filled in. The rest of `raw` fills the draft as a PATCH does.
    Returns (report, created)."""
    now = now or now_utc()
    _require_ngo(actor, contract)
    errors = FieldErrors()
    kind = parsing.parse_enum(
        errors, "kind", raw.get("kind"), ReportKind, _("Podaj rodzaj sprawozdania: partial albo final.")
    )
    errors.raise_if_any()
    _require_signed(contract)
    if kind == ReportKind.partial:
        report = _open_demand(contract)
        if report is None:
            raise Conflict(
                _(
                    "Sprawozdanie częściowe składa się na wezwanie urzędu (art. 18 ust. 3 ustawy); urząd nie "
                    "wezwał do jego złożenia."
                ),
                code="no_demand",
            )
        update_report(actor, report, raw, now=now)
        return report, False
    if final_report_of(contract) is not None:
        raise Conflict(_("Sprawozdanie końcowe z tej umowy już istnieje."), code="final_exists")
    # Judge the content before anything is written: a refused body leaves no empty report behind.
    content, changed, errors = report_content.parse_patch(contract, {}, raw)
    errors.raise_if_any()
    report = Report(
        contract_id=contract.id,
        kind=ReportKind.final,
        status=ReportStatus.draft,
        due_date=deadlines.final_report_due(contract.task_end),
        period_start=contract.task_start,
        period_end=contract.task_end,
        content=content,
        lock_version=0,
        created_at=now,
        created_by_id=actor.id,
        updated_at=now,
    )
    db.session.add(report)
    db.session.flush()
    _audit(
        "report.create",
        report,
        actor,
        after={"kind": "final", "status": "draft", "due_date": report.due_date, "fields": sorted(changed)},
    )
    return report, True


def update_report(actor, report: Report, raw: dict, *, now=None) -> Report:
    """Save the NGO's draft (a new or a returned report). `raw["lock_version"]`, when given, must be the
    version the editor read (409 `edit_conflict`); without it the change applies to the draft as it is."""
    now = now or now_utc()
    contract = report.contract
    _require_ngo(actor, contract)
    expected = _lock_version(raw.get("lock_version"))
    if report.status not in EDITABLE:
        raise _not_editable(report)
    if expected is not None and expected != report.lock_version:
        raise _edit_conflict(report)
    content, changed, errors = report_content.parse_patch(contract, report.content, raw)
    errors.raise_if_any()
    seen = report.lock_version
    values = {"content": content, "lock_version": Report.lock_version + 1, "updated_at": now}
    if not _conditional_update(report, [Report.status.in_(EDITABLE), Report.lock_version == seen], values):
        if report.status not in EDITABLE:
            raise _not_editable(report)
        raise _edit_conflict(report)
    _audit("report.update", report, actor, after={"fields": sorted(changed), "lock_version": report.lock_version})
    return report


def _lock_version(raw) -> int | None:
    if raw is None or raw == "":
        return None
    try:
        if isinstance(raw, bool):
            raise ValueError
        value = int(raw)
    except (TypeError, ValueError):
        value = -1
    if value < 0:
        raise ValidationFailed.one("lock_version", _("Podaj numer wersji roboczej (lock_version) z odczytu."))
    return value


# ---------------------------------------------------------------- submission


def build_document(report: Report, content: dict, number: int, submitted_at: datetime) -> dict:
    contract = report.contract
    numbers = report_content.figures(contract, content)
    return {
        "format": FORMAT,
        "kind": report.kind.value,
        # The header of Annex 5 as it stood at submission: the contract and the organisation(s).
        "contract": {
            "number": contract.number,
            "signed_on": contract.signed_on.isoformat() if contract.signed_on else None,
            "task_title": contract.task_title,
            "task_start": contract.task_start.isoformat(),
            "task_end": contract.task_end.isoformat(),
            "grant": money_str(contract.grant_amount),
            "own_financial": money_str(contract.own_financial),
            "own_non_financial": money_str(contract.own_non_financial),
        },
        "organization": control.organization_snapshot(contract.organization, representing=True),
        "report_id": report.id,
        "contract_id": contract.id,
        "contract_number": contract.number,
        "version": number,
        "submitted_at": submitted_at.isoformat(),
        "period_start": report.period_start.isoformat() if report.period_start else None,
        "period_end": report.period_end.isoformat() if report.period_end else None,
        "content": content,
        "computed": numbers.as_strings(),
        # The contract's cost lines as they stood at submission (an annex may change them later).
        "lines": [
            {
                "cost_item_id": line.item.id,
                "action": line.item.action,
                "kind": line.item.kind,
                "name": line.item.name,
                "unit": line.item.unit,
                "planned_total": money_str(line.planned_total),
                "planned_grant": money_str(line.planned_grant),
                "allowed_grant": money_str(line.allowed_grant),
            }
            for line in numbers.lines
        ],
        "tolerance_percent": money_str(contract.cost_shift_tolerance_percent),
        # A small grant's report is the simplified one (poz. 2055 Annex 2); a full report's document has no key.
        **({"form": simplified_report.FORM} if simplified_report.is_simplified(contract) else {}),
    }


def submit_report(actor, report: Report, *, lock_version=None, now=None) -> ReportVersion:
    """Freeze the draft as a new version with its SHA-256 control sum (grants.offers.control). 422 names
    what is missing, and a cost line whose grant grew beyond the contract's tolerance (Annex 3 § 5); 409
    `already_accepted` after the office accepted the report, `not_draft` while it awaits review."""
    now = now or now_utc()
    contract = report.contract
    _require_ngo(actor, contract)
    if report.status not in EDITABLE:
        raise _not_editable(report)
    expected = _lock_version(lock_version)
    if expected is not None and expected != report.lock_version:
        raise _edit_conflict(report)
    content = report_content.normalised(contract, report.content)
    errors = report_content.submission_errors(contract, content)
    if errors:
        raise ValidationFailed(
            errors.fields, _("Sprawozdanie jest niekompletne lub niezgodne z umową — popraw wskazane pola.")
        )
    was = report.status
    seen = report.lock_version
    if not _conditional_update(
        report,
        [Report.status.in_(EDITABLE), Report.lock_version == seen],
        {"status": ReportStatus.submitted, "lock_version": Report.lock_version + 1, "updated_at": now},
    ):
        if report.status not in EDITABLE:
            raise _not_editable(report)
        raise _edit_conflict(report)
    number = (
        db.session.scalar(db.select(db.func.max(ReportVersion.number)).where(ReportVersion.report_id == report.id)) or 0
    ) + 1
    document = build_document(report, content, number, now)
    sum_hex = control.control_sum(document)
    version = ReportVersion(
        report_id=report.id,
        number=number,
        document=document,
        control_sum=sum_hex,
        control_code=control.control_code(sum_hex),
        submitted_at=now,
        submitted_by_id=actor.id,
    )
    db.session.add(version)
    db.session.flush()
    report.current_version = version
    db.session.flush()
    _audit(
        "report.submit",
        report,
        actor,
        before={"status": was.value},
        after={
            "status": "submitted",
            "version": number,
            "control_sum": sum_hex,
            "control_code": version.control_code,
            "submitted_at": now,
        },
    )
    _mail(
        report,
        _(
            "Złożono sprawozdanie — umowa %(number)s, kod kontrolny %(code)s",
            number=contract.number,
            code=version.control_code,
        ),
        _(
            "Sprawozdanie z wykonania zadania „%(title)s” (umowa %(number)s) zostało złożone %(at)s (wersja %(n)d)."
            "\n\nSuma kontrolna (SHA-256):\n%(sum)s\n\nKod kontrolny: %(code)s\n",
            title=contract.task_title,
            number=contract.number,
            at=datetime_pl(now),
            n=number,
            sum=sum_hex,
            code=version.control_code,
        ),
        getattr(actor, "email", None),
    )
    return version


# ---------------------------------------------------------------- the office's review


def review_report(actor, report: Report, outcome, note=None, *, now=None) -> Report:
    """The office accepts the submitted report or returns it with notes (the NGO edits it and submits a
    new version). Accepting the final report performs the contract (Annex 3 § 1)."""
    now = now or now_utc()
    contract = report.contract
    require_contract_officer(actor, contract)
    errors = FieldErrors()
    chosen = outcome if outcome in ("accepted", "returned") else None
    if chosen is None:
        errors.add("outcome", _("Wybierz: przyjęcie (accepted) albo zwrot do poprawy (returned)."))
    text = parsing.text(errors, "note", note, limit=report_content.TEXT_LIMIT, blank="")
    if chosen == "returned" and text == "":
        errors.add("note", _("Napisz, co organizacja ma poprawić."))
    if report.status == ReportStatus.accepted:
        raise Conflict(_("Urząd przyjął już to sprawozdanie."), code="already_accepted")
    if report.status != ReportStatus.submitted:
        raise Conflict(_("Ocenić można tylko złożone sprawozdanie."), code="not_submitted")
    errors.raise_if_any()
    target = ReportStatus(chosen)
    if not report.can_move_to(target):
        raise Conflict(_("Ocenić można tylko złożone sprawozdanie."), code="not_submitted")
    if not _conditional_update(
        report,
        [Report.status == ReportStatus.submitted],
        {
            "status": target,
            "review_note": text or None,
            "reviewed_at": now,
            "reviewed_by_id": actor.id,
            "lock_version": Report.lock_version + 1,
            "updated_at": now,
        },
    ):
        raise Conflict(_("Ktoś inny ocenił to sprawozdanie w międzyczasie."), code="not_submitted")
    _audit(
        "report.review",
        report,
        actor,
        before={"status": "submitted"},
        after={"status": chosen, "note": text, "version": report.current_version.number},
    )
    if target == ReportStatus.accepted:
        subject = _("Urząd przyjął sprawozdanie — umowa %(number)s", number=contract.number)
        body = _(
            "Urząd przyjął sprawozdanie z wykonania zadania „%(title)s” (umowa %(number)s, wersja %(n)d).\n",
            title=contract.task_title,
            number=contract.number,
            n=report.current_version.number,
        )
    else:
        subject = _("Sprawozdanie zwrócone do poprawy — umowa %(number)s", number=contract.number)
        body = _(
            "Urząd zwrócił do poprawy sprawozdanie z wykonania zadania „%(title)s” (umowa %(number)s).\n\n"
            "Uwagi urzędu:\n%(note)s\n\nPopraw sprawozdanie w OKO i złóż je ponownie.\n",
            title=contract.task_title,
            number=contract.number,
            note=text,
        )
    _mail(report, subject, body)
    if target == ReportStatus.accepted and report.kind == ReportKind.final:
        # Annex 3 § 1: the contract is performed when the office accepts the final report.
        mark_performed(actor, contract, now)
    return report


def is_overdue(report: Report, today: date) -> bool:
    """Derived, never stored: a draft or returned report past its due date."""
    return report.status in EDITABLE and today > report.due_date
