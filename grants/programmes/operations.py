"""The only writers of the programme's year. Each takes the actor and `now`, checks who acts and the state
of the year (`queries.ProgrammeYear`), adds rows — comments, answers, the adoption and each amendment are rows
added, never edited — and writes the audit entry. They never commit.

Refusals (409 codes): `programme_adopted` (the year has moved past what is asked), `consultation_exists`,
`no_consultation`, `consultation_closed` (a comment outside the consultation's days), `consultation_not_ended`
(the report before the last day has passed), `report_published` (the consultation's report is out: its
answers and report stand as published), `unanswered_comments` (the report before every comment has its
answer), `already_adopted`, `not_adopted` (an amendment of a programme not adopted yet).
"""

from datetime import datetime

from flask_babel import gettext as _
from flask_babel import ngettext

from grants.audit.log import record
from grants.auth.permissions import require_officer
from grants.calls.models import Programme, ProgrammePriority
from grants.clock import warsaw_date
from grants.errors import Conflict, FieldErrors, Forbidden
from grants.extensions import db
from grants.formatting import money_str
from grants.offers.queries import member_organization_ids
from grants.programmes import rules, schema
from grants.programmes.models import (
    ConsultationAnswer,
    ConsultationComment,
    ProgrammeAdoption,
    ProgrammeConsultation,
)
from grants.programmes.queries import ProgrammeYear, priority_codes_in_use


def priorities_snapshot(programme: Programme) -> list[dict]:
    return [{"code": p.code, "name": p.name, "budget": money_str(p.budget)} for p in programme.priorities]


def _audit(action: str, year: ProgrammeYear, actor, *, before=None, after=None, summary=None):
    programme = year.programme
    record(
        action,
        "programme",
        programme.id,
        actor=actor,
        office_id=programme.office_id,
        summary=summary or programme.title,
        before=before,
        after=after,
    )


def _not_adopted(year: ProgrammeYear) -> None:
    if year.adoption is not None:
        raise Conflict(_("Program został już uchwalony."), code="programme_adopted")


# ---------------------------------------------------------------- consultation (art. 5 ust. 5)


def open_consultation(*, actor, year: ProgrammeYear, raw: dict, now: datetime) -> ProgrammeConsultation:
    require_officer(actor, year.programme.office_id)
    _not_adopted(year)
    if year.consultation is not None:
        raise Conflict(_("Konsultacje tego programu zostały już ogłoszone."), code="consultation_exists")
    errors = FieldErrors()
    data = schema.parse_consultation(raw, errors)
    errors.raise_if_any()
    consultation = ProgrammeConsultation(programme_id=year.programme.id, created_by_id=actor.id, created_at=now, **data)
    db.session.add(consultation)
    db.session.flush()
    year.consultation = consultation
    _audit("programme.consultation", year, actor, after=data)
    return consultation


def add_comment(*, actor, year: ProgrammeYear, raw: dict, now: datetime) -> ConsultationComment:
    """An NGO's comment (one of its members writes it). Staff do not comment on their own draft."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise Forbidden(_("Zaloguj się jako członek organizacji."))
    if actor.is_staff:
        raise Forbidden(_("Uwagi do projektu programu zgłaszają organizacje, nie pracownicy urzędu."))
    own = member_organization_ids(actor)  # 403 email_unverified for an unconfirmed address
    if not own:
        raise Forbidden(_("Uwagi zgłasza członek organizacji: najpierw dołącz do organizacji lub załóż jej profil."))
    if year.consultation is None:
        raise Conflict(_("Ten program nie jest poddany konsultacjom."), code="no_consultation")
    if not year.consultation_open(warsaw_date(now)):
        raise Conflict(
            _(
                "Uwagi przyjmujemy od %(start)s do %(end)s.",
                start=year.consultation.starts_on.isoformat(),
                end=year.consultation.ends_on.isoformat(),
            ),
            code="consultation_closed",
        )
    errors = FieldErrors()
    data = schema.parse_comment(raw, errors)
    organization_id = data.get("organization_id")
    if organization_id is None and not errors:
        if len(own) > 1:
            errors.add("organization_id", _("Należysz do kilku organizacji: wskaż, w imieniu której piszesz."))
        else:
            organization_id = next(iter(own))
    elif organization_id is not None and organization_id not in own:
        errors.add("organization_id", _("Wskaż jedną ze swoich organizacji."))
    errors.raise_if_any()
    comment = ConsultationComment(
        programme_id=year.programme.id,
        organization_id=organization_id,
        author_id=actor.id,
        text=data["text"],
        created_at=now,
    )
    db.session.add(comment)
    db.session.flush()
    year.comments.append(comment)
    _audit(
        "programme.comment",
        year,
        actor,
        after={"comment_id": comment.id, "organization_id": organization_id, "text": comment.text},
    )
    return comment


def answer_comment(
    *, actor, year: ProgrammeYear, comment: ConsultationComment, raw: dict, now: datetime
) -> ConsultationAnswer:
    """A new answer row; an earlier answer stays (the newest is the one in force) until the report is out."""
    require_officer(actor, year.programme.office_id)
    if year.report_published:
        raise Conflict(
            _("Sprawozdanie z konsultacji zostało opublikowane; odpowiedzi są już ostateczne."),
            code="report_published",
        )
    errors = FieldErrors()
    data = schema.parse_answer(raw, errors)
    errors.raise_if_any()
    previous = comment.answer
    answer = ConsultationAnswer(
        comment_id=comment.id, text=data["answer"], outcome=data["outcome"], created_by_id=actor.id, created_at=now
    )
    db.session.add(answer)
    db.session.flush()
    db.session.refresh(comment, ["answers"])
    _audit(
        "programme.answer",
        year,
        actor,
        before={"answer": previous.text, "outcome": previous.outcome} if previous else None,
        after={"comment_id": comment.id, "answer": answer.text, "outcome": answer.outcome},
    )
    return answer


def publish_consultation_report(*, actor, year: ProgrammeYear, raw: dict, now: datetime) -> ProgrammeConsultation:
    require_officer(actor, year.programme.office_id)
    consultation = year.consultation
    if consultation is None:
        raise Conflict(_("Ten program nie był poddany konsultacjom."), code="no_consultation")
    if year.report_published:
        raise Conflict(_("Sprawozdanie z konsultacji zostało już opublikowane."), code="report_published")
    if not year.consultation_ended(warsaw_date(now)):
        raise Conflict(
            _(
                "Sprawozdanie publikuje się po zakończeniu konsultacji (ostatni dzień: %(end)s).",
                end=consultation.ends_on.isoformat(),
            ),
            code="consultation_not_ended",
        )
    waiting = year.unanswered()
    if waiting:
        raise Conflict(
            ngettext(
                "Najpierw odpowiedz na %(num)d uwagę.",
                "Najpierw odpowiedz na %(num)d uwagi.",
                len(waiting),
            ),
            code="unanswered_comments",
        )
    errors = FieldErrors()
    data = schema.parse_report(raw, errors)
    errors.raise_if_any()
    consultation.report = data["text"]
    consultation.report_published_at = now
    consultation.report_published_by_id = actor.id
    db.session.flush()
    _audit("programme.consultation_report", year, actor, after={"report": consultation.report})
    return consultation


# ---------------------------------------------------------------- adoption and amendments (art. 5a ust. 1)


def adoption_warnings(year: ProgrammeYear, adopted_on) -> list[str]:
    """What the office should know before recording the resolution; none of it stops the record."""
    warnings = []
    if adopted_on is not None and rules.adopted_late(year.programme.year, adopted_on):
        warnings.append(
            _(
                "Uchwała z %(day)s jest późniejsza niż 30 listopada roku poprzedzającego rok programu "
                "(art. 5a ust. 1 ustawy: termin upłynął %(deadline)s).",
                day=adopted_on.isoformat(),
                deadline=rules.adoption_deadline(year.programme.year).isoformat(),
            )
        )
    if year.consultation is None:
        warnings.append(_("Nie zapisano konsultacji projektu z organizacjami (art. 5 ust. 5 ustawy)."))
    elif adopted_on is not None and adopted_on <= year.consultation.ends_on:
        warnings.append(_("Uchwała ma datę sprzed końca konsultacji projektu."))
    return warnings


def _check_resolution_date(errors: FieldErrors, adopted_on, now: datetime, *, not_before=None) -> None:
    if adopted_on is None:
        return
    if adopted_on > warsaw_date(now):
        errors.add("adopted_on", _("Data uchwały nie może być późniejsza niż dziś."))
    elif not_before is not None and adopted_on < not_before:
        errors.add(
            "adopted_on",
            _("Uchwała zmieniająca nie może być wcześniejsza niż %(day)s.", day=not_before.isoformat()),
        )


def adopt(*, actor, year: ProgrammeYear, raw: dict, now: datetime) -> tuple[ProgrammeAdoption, list[str]]:
    """Record the council's resolution adopting the programme, with the priorities as adopted."""
    require_officer(actor, year.programme.office_id)
    if year.adoption is not None:
        raise Conflict(_("Program został już uchwalony."), code="already_adopted")
    errors = FieldErrors()
    data = schema.parse_resolution(raw, errors)
    _check_resolution_date(errors, data["adopted_on"], now)
    errors.raise_if_any()
    adopted = priorities_snapshot(year.programme)
    adoption = ProgrammeAdoption(
        programme_id=year.programme.id,
        number=0,
        resolution_number=data["resolution_number"],
        adopted_on=data["adopted_on"],
        # The programme as the council adopted it: later amendments never lose it.
        changes={"priorities": {"before": None, "after": adopted}},
        created_by_id=actor.id,
        created_at=now,
    )
    db.session.add(adoption)
    db.session.flush()
    warnings = adoption_warnings(year, data["adopted_on"])
    year.adoptions.insert(0, adoption)
    _audit("programme.adopt", year, actor, after={**data, "priorities": adopted, "warnings": warnings})
    return adoption, warnings


def amend(*, actor, year: ProgrammeYear, raw: dict, now: datetime) -> ProgrammeAdoption:
    """A resolution amending the adopted programme, with its reason; changed priorities are applied to the
    programme and kept as before/after in the amendment's row."""
    require_officer(actor, year.programme.office_id)
    if year.adoption is None:
        raise Conflict(_("Zmienić można tylko uchwalony program."), code="not_adopted")
    errors = FieldErrors()
    data = schema.parse_amendment(raw, errors)
    latest = year.adoptions[-1]
    _check_resolution_date(errors, data["adopted_on"], now, not_before=latest.adopted_on)
    if "priorities" in data and not errors:
        missing = priority_codes_in_use(year.programme) - {p["code"] for p in data["priorities"]}
        if missing:
            errors.add(
                "priorities",
                _(
                    "Nie można usunąć priorytetu, do którego należą nabory: %(codes)s.",
                    codes=", ".join(sorted(missing)),
                ),
            )
    errors.raise_if_any()
    before = priorities_snapshot(year.programme)
    if "priorities" in data:
        _set_priorities(year.programme, data["priorities"])
        db.session.flush()
    after = priorities_snapshot(year.programme)
    changes = {"priorities": {"before": before, "after": after}} if before != after else {}
    amendment = ProgrammeAdoption(
        programme_id=year.programme.id,
        number=latest.number + 1,
        resolution_number=data["resolution_number"],
        adopted_on=data["adopted_on"],
        reason=data["reason"],
        changes=changes,
        created_by_id=actor.id,
        created_at=now,
    )
    db.session.add(amendment)
    db.session.flush()
    year.adoptions.append(amendment)
    _audit(
        "programme.amend",
        year,
        actor,
        before={"priorities": before} if changes else None,
        after={
            "number": amendment.number,
            "resolution_number": amendment.resolution_number,
            "adopted_on": amendment.adopted_on,
            "reason": amendment.reason,
            **({"priorities": after} if changes else {}),
        },
    )
    return amendment


def _set_priorities(programme: Programme, priorities: list[dict]) -> None:
    # Rows are matched by code, so a priority that stays keeps its id (the calls refer to it by id).
    existing = {p.code: p for p in programme.priorities}
    kept = []
    for position, item in enumerate(priorities):
        row = existing.get(item["code"]) or ProgrammePriority(code=item["code"])
        row.name, row.budget, row.position = item["name"], item["budget"], position
        kept.append(row)
    programme.priorities = kept
