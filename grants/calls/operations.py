"""The only writers of programmes and calls. Each takes the actor and `now`, checks the
transition table and the statute's rules, changes rows, and writes the audit entry."""

from datetime import datetime
from decimal import Decimal

from flask_babel import format_date, format_datetime, ngettext
from flask_babel import gettext as _

from grants.audit.log import diff, record
from grants.auth.permissions import require_officer
from grants.calls import rules
from grants.calls.models import (
    Call,
    CallAmendment,
    CallCriterion,
    CallForm,
    CallPublication,
    CallStatus,
    Channel,
    Programme,
    ProgrammePriority,
)
from grants.calls.queries import find_priority, same_type_tasks
from grants.calls.schema import parse_call_input, parse_programme_input, parse_publications
from grants.clock import now_utc, warsaw_date
from grants.errors import Conflict, FieldErrors, ValidationFailed
from grants.extensions import db
from grants.formatting import money_pl
from grants.offices.queries import get_office
from grants.programmes.queries import is_adopted
from scoring.criteria import statutory_criteria

# Fields an announcement shows; the audit diff and amendments are computed over these.
ANNOUNCEMENT_FIELDS = (
    "title",
    "task_type",
    "description",
    "budget_total",
    "award_rules",
    "task_start",
    "task_end",
    "task_conditions",
    "submission_deadline",
    "selection_procedure",
    "selection_deadline",
    "same_type_tasks",
    "form",
    "grant_min",
    "grant_max",
    "own_contribution_min_percent",
    "admin_costs_max_percent",
    "correction_days",
    "update_days",
    "cost_shift_tolerance_percent",
    "min_total_points",
    "aggregation",
    "evaluators_per_offer",
    "programme_priority_id",
    "results_table_required",
    "contact_name",
    "contact_email",
    "contact_phone",
    "confirmation_days",
    "announcement_act_number",
    "announcement_act_date",
)


# ---------------------------------------------------------------- access


def actor_office_id(actor, requested_office_id=None) -> int:
    """An officer acts in their own office; only an admin may name another one."""
    require_officer(actor)
    if requested_office_id not in (None, ""):
        try:
            requested = int(requested_office_id)
        except (TypeError, ValueError):
            raise ValidationFailed.one("office_id", _("Nieznany urząd.")) from None
        if actor.is_admin or requested == actor.office_id:
            if get_office(requested) is None:
                raise ValidationFailed.one("office_id", _("Nieznany urząd."))
            return requested
        raise ValidationFailed.one("office_id", _("Możesz działać tylko w swoim urzędzie."))
    if actor.office_id is None:
        raise ValidationFailed.one("office_id", _("Wskaż urząd."))
    return actor.office_id


# ---------------------------------------------------------------- programmes


def programme_snapshot(programme: Programme) -> dict:
    return {
        "year": programme.year,
        "title": programme.title,
        "priorities": [{"code": p.code, "name": p.name, "budget": p.budget} for p in programme.priorities],
    }


def create_programme(*, actor, raw: dict) -> Programme:
    office_id = actor_office_id(actor, raw.get("office_id"))
    errors = FieldErrors()
    data = parse_programme_input(raw, errors, partial=False)
    if not errors and db.session.scalar(
        db.select(Programme.id).where(
            Programme.office_id == office_id, Programme.year == data["year"], Programme.title == data["title"]
        )
    ):
        errors.add("title", _("Ten urząd ma już program o tym tytule na ten rok."))
    errors.raise_if_any()
    programme = Programme(office_id=office_id, year=data["year"], title=data["title"])
    _set_priorities(programme, data["priorities"])
    db.session.add(programme)
    db.session.flush()
    record(
        "programme.create",
        "programme",
        programme.id,
        actor=actor,
        office_id=office_id,
        summary=programme.title,
        after=programme_snapshot(programme),
    )
    return programme


def update_programme(*, actor, programme: Programme, raw: dict) -> Programme:
    require_officer(actor, programme.office_id)
    if is_adopted(programme.id):  # the council's text: changed only by an amendment (grants.programmes)
        raise Conflict(
            _("Program został uchwalony; zmień go uchwałą zmieniającą na stronie programu."), code="programme_adopted"
        )
    errors = FieldErrors()
    data = parse_programme_input(raw, errors, partial=True)
    if "priorities" in data and not errors:
        used = {p.code for p in programme.priorities if _priority_in_use(p)}
        missing = used - {p["code"] for p in data["priorities"]}
        if missing:
            errors.add(
                "priorities",
                _(
                    "Nie można usunąć priorytetu, do którego należą nabory: %(codes)s.",
                    codes=", ".join(sorted(missing)),
                ),
            )
    errors.raise_if_any()
    before = programme_snapshot(programme)
    programme.year = data.get("year", programme.year)
    programme.title = data.get("title", programme.title)
    if "priorities" in data:
        _set_priorities(programme, data["priorities"])
    db.session.flush()
    old, new = diff(before, programme_snapshot(programme))
    record(
        "programme.update",
        "programme",
        programme.id,
        actor=actor,
        office_id=programme.office_id,
        summary=programme.title,
        before=old,
        after=new,
    )
    return programme


def _priority_in_use(priority: ProgrammePriority) -> bool:
    return (
        priority.id is not None
        and db.session.scalar(db.select(Call.id).where(Call.programme_priority_id == priority.id).limit(1)) is not None
    )


def _set_priorities(programme: Programme, priorities: list[dict]) -> None:
    existing = {p.code: p for p in programme.priorities}
    kept = []
    for position, item in enumerate(priorities):
        row = existing.get(item["code"]) or ProgrammePriority(code=item["code"])
        row.name, row.budget, row.position = item["name"], item["budget"], position
        kept.append(row)
    programme.priorities = kept


# ---------------------------------------------------------------- calls


def default_texts(form: CallForm) -> dict:
    """Practice wording for art. 13 ust. 2 pkt 3, 4 and 6, prefilled so the officer edits rather than types."""
    own = (
        _("Wymagany jest wkład własny oferenta (finansowy lub niefinansowy) w wysokości określonej w ogłoszeniu.")
        if form == CallForm.wspieranie
        else _("Zadanie jest powierzane: dotacja może pokryć całość kosztów zadania.")
    )
    return {
        "award_rules": _(
            "Dotacje przyznaje się organizacjom pozarządowym i podmiotom, o których mowa w art. 3 "
            "ust. 3 ustawy, na zasadach określonych w ustawie o działalności pożytku publicznego i o "
            "wolontariacie oraz w programie współpracy. Urząd może wybrać jedną, kilka albo żadną "
            "ofertę i przyznać dotację niższą niż wnioskowana."
        )
        + " "
        + own,
        "task_conditions": _(
            "Zadanie musi być realizowane w terminie wskazanym w ogłoszeniu, z należytą "
            "starannością, zgodnie z ofertą i umową, w sposób dostępny dla osób ze szczególnymi "
            "potrzebami."
        ),
        "selection_procedure": _(
            "Oferty podlegają ocenie formalnej, a następnie ocenie komisji konkursowej "
            "powołanej zgodnie z art. 15 ust. 2a ustawy, według kryteriów podanych w "
            "ogłoszeniu (art. 15 ust. 1 ustawy). Wyniki ogłasza się niezwłocznie po wyborze "
            "ofert w Biuletynie Informacji Publicznej, na tablicy ogłoszeń i na stronie "
            "internetowej urzędu."
        ),
    }


def default_criteria(form: CallForm) -> list[dict]:
    return [
        {"code": c.code, "name": c.name, "max_points": c.max_points, "min_points": c.min_points, "advisory": c.advisory}
        for c in statutory_criteria(form.value)
    ]


def call_snapshot(call: Call) -> dict:
    snapshot = {field: getattr(call, field) for field in ANNOUNCEMENT_FIELDS}
    snapshot["criteria"] = [
        {"code": c.code, "name": c.name, "max_points": c.max_points, "min_points": c.min_points, "advisory": c.advisory}
        for c in call.criteria
    ]
    return snapshot


def _apply(call: Call, data: dict) -> None:
    for field, value in data.items():
        if field in ("criteria", "programme_priority"):
            continue
        setattr(call, field, value)
    if data.get("criteria") is not None:
        _set_criteria(call, data["criteria"])


def _set_criteria(call: Call, criteria: list[dict]) -> None:
    # Rows are kept by code: replacing them wholesale would insert a code before the old row
    # with the same code is deleted and break the (call_id, code) unique constraint.
    existing = {c.code: c for c in call.criteria}
    kept = []
    for position, item in enumerate(criteria):
        row = existing.get(item["code"]) or CallCriterion(code=item["code"])
        row.position, row.name, row.max_points = position, item["name"], item["max_points"]
        row.min_points, row.advisory = item["min_points"], item.get("advisory", False)
        kept.append(row)
    call.criteria = kept


def _resolve_priority(data: dict, office_id: int, errors: FieldErrors) -> None:
    if "programme_priority" not in data:
        return
    raw = data.pop("programme_priority")
    if raw is None:
        data["programme_priority_id"] = None
        return
    year = data.get("task_start").year if data.get("task_start") else None
    priority = find_priority(office_id, raw, year)
    if priority is None:
        errors.add("programme_priority", _("Nie ma takiego priorytetu w programie współpracy tego urzędu."))
    else:
        data["programme_priority_id"] = priority.id


def _check_consistency(call: Call, errors: FieldErrors) -> None:
    """Rules between fields, judged on the call as it would be after the change."""
    if call.task_start and call.task_end and call.task_start > call.task_end:
        errors.add("task_end", _("Koniec realizacji zadania nie może być przed jego początkiem."))
    if (
        call.submission_deadline
        and call.selection_deadline
        and call.selection_deadline < call.submission_deadline.date()
    ):
        errors.add("selection_deadline", _("Wybór ofert nie może nastąpić przed terminem składania ofert."))
    if call.grant_max is not None and call.budget_total is not None and call.grant_max > call.budget_total:
        errors.add("grant_max", _("Najwyższa dotacja nie może przekraczać środków na zadanie."))
    if call.grant_min is not None and call.grant_max is not None and call.grant_min > call.grant_max:
        errors.add("grant_min", _("Najniższa dotacja nie może być wyższa od najwyższej."))
    if call.form == CallForm.powierzanie and call.own_contribution_min_percent:
        errors.add(
            "own_contribution_min_percent",
            _("Przy powierzeniu dotacja finansuje całe zadanie; minimalny wkład własny dotyczy wspierania."),
        )
    max_total = sum((c.max_points for c in call.criteria if not c.advisory), start=Decimal(0))
    if call.min_total_points is not None and call.min_total_points > max_total:
        errors.add("min_total_points", _("Próg nie może przekraczać sumy punktów kryteriów (%(max)s).", max=max_total))


def create_call(*, actor, raw: dict, now: datetime | None = None) -> Call:
    office_id = actor_office_id(actor, raw.get("office_id"))
    data, errors = parse_call_input(raw, partial=False)
    _resolve_priority(data, office_id, errors)
    errors.raise_if_any()
    form = data["form"]
    call = Call(office_id=office_id, created_by_id=actor.id, status=CallStatus.draft)
    for field, text in default_texts(form).items():
        setattr(call, field, text)
    if data.get("criteria") is None:
        data["criteria"] = default_criteria(form)
    _apply(call, data)
    if not data.get("same_type_tasks"):
        call.same_type_tasks = same_type_tasks_text(call, now)
    _check_consistency(call, errors)
    errors.raise_if_any()
    db.session.add(call)
    db.session.flush()
    record(
        "call.create", "call", call.id, actor=actor, office_id=office_id, summary=call.title, after=call_snapshot(call)
    )
    return call


def update_call(*, actor, call: Call, raw: dict, now: datetime | None = None) -> CallAmendment | None:
    """A draft changes freely; a published call only through an amendment with a reason."""
    require_officer(actor, call.office_id)
    now = now or now_utc()
    if call.status not in (CallStatus.draft, CallStatus.published):
        raise Conflict(_("Tego naboru nie można już zmieniać."), code="not_amendable")
    amendment = call.status == CallStatus.published
    reason = raw.get("reason")
    data, errors = parse_call_input(raw, partial=True)
    if amendment and (not isinstance(reason, str) or not reason.strip()):
        errors.add("reason", _("Zmiana opublikowanego ogłoszenia wymaga uzasadnienia."))
    _resolve_priority(data, call.office_id, errors)
    errors.raise_if_any()
    before = call_snapshot(call)
    if (
        amendment
        and "submission_deadline" in data
        and data["submission_deadline"] != call.submission_deadline
        and call.deadline_passed(now)
    ):
        raise Conflict(_("Termin składania ofert już minął; nie można go zmienić."), code="deadline_passed")
    with db.session.no_autoflush:
        _apply(call, data)
        _check_consistency(call, errors)
        if amendment:
            _check_deadline_length(call, errors)
    if errors:
        db.session.rollback()
        errors.raise_if_any()
    db.session.flush()
    old, new = diff(before, call_snapshot(call))
    if not new:
        return None
    if amendment:
        change = CallAmendment(
            call_id=call.id, actor_id=actor.id, reason=reason.strip(), before=old, after=new, created_at=now
        )
        db.session.add(change)
        db.session.flush()
        record(
            "call.amend",
            "call",
            call.id,
            actor=actor,
            office_id=call.office_id,
            summary=reason.strip(),
            before=old,
            after=new,
        )
        return change
    record(
        "call.update", "call", call.id, actor=actor, office_id=call.office_id, summary=call.title, before=old, after=new
    )
    return None


def _check_deadline_length(call: Call, errors: FieldErrors) -> None:
    if call.published_at and not rules.deadline_long_enough(call.submission_deadline, call.published_at):
        errors.add("submission_deadline", deadline_too_short_message(call.published_at))


def deadline_too_short_message(last_publication: datetime) -> str:
    earliest = rules.earliest_deadline(last_publication)
    return _(
        "Termin składania ofert musi przypadać najwcześniej %(earliest)s — 21 dni od ostatniej publikacji "
        "ogłoszenia (%(published)s), art. 13 ust. 1 ustawy.",
        earliest=format_datetime(earliest, "d MMMM y, HH:mm"),
        published=format_date(last_publication, "d MMMM y"),
    )


def short_deadline_warning(deadline: datetime | None, now: datetime) -> dict | None:
    """Art. 13 ust. 1 asked of a draft as if it were published now: a deadline under the 21 days is saved (the
    officer may still move it, or publish later) but named, with the earliest deadline publishing today allows."""
    if deadline is None or rules.deadline_long_enough(deadline, now):
        return None
    message = _(
        "Opublikowany dziś, konkurs miałby tylko %(days)s na składanie ofert; art. 13 ust. 1 ustawy wymaga co "
        "najmniej 21 dni — najwcześniejszy termin: %(earliest)s.",
        days=days_text(rules.days_for_offers(deadline, now)),
        earliest=format_datetime(rules.earliest_deadline(now), "d MMMM y, HH:mm"),
    )
    return {"field": "submission_deadline", "code": "deadline_too_short", "message": message}


def days_text(days: int) -> str:
    return ngettext("%(num)d dzień", "%(num)d dni", days)


def deadline_warnings(call: Call, now: datetime | None = None) -> list[dict]:
    """What to say about a deadline that is allowed: under the 21 days on a draft, or not a working day."""
    warnings = []
    if call.status == CallStatus.draft:
        short = short_deadline_warning(call.submission_deadline, now or now_utc())
        if short is not None:
            warnings.append(short)
    return warnings + _day_warnings(call)


def _day_warnings(call: Call) -> list[dict]:
    problem = rules.deadline_day_problem(call.submission_deadline)
    if problem is None:
        return []
    kind, holiday = problem
    if kind == "holiday":
        message = _(
            "Termin składania ofert wypada w święto (%(name)s). Oferenci mogą mieć trudność z doręczeniem dokumentów.",
            name=holiday,
        )
    elif kind == "saturday":
        message = _("Termin składania ofert wypada w sobotę — urząd jest wtedy zamknięty.")
    else:
        message = _("Termin składania ofert wypada w niedzielę — urząd jest wtedy zamknięty.")
    return [{"field": "submission_deadline", "code": f"deadline_on_{kind}", "message": message}]


def check_publication(*, actor, call: Call, publications_raw=None, now: datetime | None = None) -> dict:
    """What publishing would record ({Channel: moment}), or the refusal — asked by the confirmation page before
    the officer confirms, and again by `publish_call`."""
    require_officer(actor, call.office_id)
    now = now or now_utc()
    if not call.can_move_to(CallStatus.published):
        raise Conflict(_("Opublikować można tylko projekt naboru."), code="not_draft")
    errors = FieldErrors()
    publications = act_publications(publications_raw, now, errors)
    errors.raise_if_any()
    for field in ("description", "award_rules", "task_conditions", "selection_procedure"):
        if not (getattr(call, field) or "").strip():
            errors.add(field, _("Ogłoszenie musi zawierać ten element (art. 13 ust. 2 ustawy)."))
    if not call.criteria:
        errors.add("criteria", _("Podaj kryteria wyboru ofert (art. 13 ust. 2 pkt 6 ustawy)."))
    if not (call.same_type_tasks or "").strip():
        errors.add(
            "same_type_tasks",
            _(
                "Ogłoszenie musi podawać zadania tego samego rodzaju zrealizowane w roku ogłoszenia i w roku "
                "poprzednim oraz przyznane na nie dotacje (art. 13 ust. 2 pkt 7 ustawy)."
            ),
        )
    last = max(publications.values())
    if not rules.deadline_long_enough(call.submission_deadline, last):
        errors.add("submission_deadline", deadline_too_short_message(last))
    errors.raise_if_any()
    return publications


def publication_warnings(call: Call) -> list[dict]:
    """What publication allows but should not pass unsaid: the announcing act not named (the API's publish
    answers 200 without it, as it always has), a deadline on a day off."""
    warnings = []
    if not (call.announcement_act_number or "").strip() or call.announcement_act_date is None:
        warnings.append(
            {
                "field": "announcement_act_number",
                "code": "announcement_act_missing",
                "message": _(
                    "Ogłoszenie nie podaje aktu, którym organ ogłasza konkurs (numer i data zarządzenia); "
                    "uzupełnij je w projekcie przed publikacją."
                ),
            }
        )
    return _day_warnings(call) + warnings


def publish_call(*, actor, call: Call, publications_raw=None, now: datetime | None = None) -> list[dict]:
    """Record the three publications of art. 13 ust. 3 and open the call. Returns warnings."""
    publications = check_publication(actor=actor, call=call, publications_raw=publications_raw, now=now)
    last = max(publications.values())
    for channel, moment in publications.items():
        call.publications.append(CallPublication(channel=channel, published_at=moment, recorded_by_id=actor.id))
    call.published_at = last
    call.status = CallStatus.published
    db.session.flush()
    record(
        "call.publish",
        "call",
        call.id,
        actor=actor,
        office_id=call.office_id,
        summary=call.title,
        before={"status": "draft"},
        after={
            "status": "published",
            "publications": {c.value: m for c, m in publications.items()},
            "submission_deadline": call.submission_deadline,
        },
    )
    return publication_warnings(call)


def act_publications(raw, now: datetime, errors: FieldErrors) -> dict:
    """{Channel: moment} of an act published in the three places of art. 13 ust. 3; none in the future."""
    if raw is None:
        return dict.fromkeys(Channel, now)
    publications = parse_publications(raw, errors) or {}
    if any(moment is not None and moment > now for moment in publications.values()):
        errors.add("publications", _("Publikacja nie może mieć daty z przyszłości."))
    return publications


def same_type_tasks_text(call: Call, now: datetime | None = None) -> str:
    """Art. 13 ust. 2 pkt 7 written out from OKO's own records (the officer may edit it): the tasks of the same
    type carried out in the year of the announcement (Warsaw) and the year before, with the grants awarded."""
    year = warsaw_date(call.published_at or now or now_utc()).year
    rows = same_type_tasks(call, year)
    if not rows:
        return _(
            "W roku %(year)d i w roku %(prev)d urząd nie realizował zadań publicznych tego samego rodzaju "
            "w ramach otwartych konkursów ofert.",
            year=year,
            prev=year - 1,
        )
    lines = [
        _(
            "Zadania publiczne tego samego rodzaju zrealizowane w roku %(year)d i w roku %(prev)d "
            "oraz dotacje przyznane na nie organizacjom:",
            year=year,
            prev=year - 1,
        )
    ]
    for row in rows:
        lines.append(
            _(
                "%(years)s — %(title)s: dotacje %(amount)s",
                years=row["years"],
                title=row["title"],
                amount=money_pl(row["amount"]),
            )
        )
    return "\n".join(lines)
