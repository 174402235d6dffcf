"""The only writers of the review. Each takes the actor and `now`, checks the model's transition table and the
statute's rules, changes rows, writes the audit entry and queues e-mail; none commits (the request does).

The call moves from published (after its deadline) to under review when the formal check or the committee's
work starts, and to resolved when the results are published; every move asks `CALL_TRANSITIONS` and is one
conditional UPDATE, so two requests starting the review at once record it once.

Concurrency of score sheets: a sheet is created with an INSERT that ignores a concurrent twin, and every
save is `UPDATE score_sheets ... WHERE status = 'draft' AND lock_version = :seen`, so a finalised sheet is
never overwritten and two saves of one sheet do not interleave.
"""

import math
from collections import Counter
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

import sqlalchemy as sa
from flask_babel import gettext as _

from grants.audit.log import record
from grants.auth.models import User
from grants.auth.operations import normalise_email
from grants.auth.permissions import require_officer
from grants.calls.models import Call, CallStatus
from grants.calls.operations import cancel_call
from grants.calls.schema import CODE_RE, parse_publications
from grants.clock import now_utc, warsaw_midnight
from grants.errors import Conflict, FieldErrors, Forbidden, NotFound
from grants.extensions import db
from grants.formatting import date_pl, datetime_pl, iso_warsaw, money_pl, points_pl
from grants.mail import queue_mail
from grants.offers import operations as offer_operations
from grants.offers import schema as offer_schema
from grants.offers.models import IN_COMPETITION, Offer, OfferStatus
from grants.organizations.models import Organization
from grants.parsing import is_blank, money, parse_date, parse_datetime, parse_decimal
from grants.review import queries, rules, serialize
from grants.review.models import (
    Assignment,
    AssignmentStatus,
    Award,
    CommitteeMember,
    CommitteeRole,
    Decision,
    Declaration,
    DeclarationStatus,
    FormalChecklistItem,
    FormalListPublication,
    FormalReview,
    FormalStatus,
    JustificationRequest,
    JustificationStatus,
    MemberStatus,
    ResultsPublication,
    ScoreEntry,
    ScoreSheet,
    SheetStatus,
)
from scoring import InvalidPointsError, validate_points

MAX_TEXT = 5000
MAX_ITEMS = 50


# ---------------------------------------------------------------- helpers


def _text(errors: FieldErrors, field: str, value, *, required: bool = False, limit: int = MAX_TEXT) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            errors.add(field, _("To pole jest wymagane."))
        return None
    if not isinstance(value, str):
        errors.add(field, _("Podaj tekst."))
        return None
    if len(value.strip()) > limit:
        errors.add(field, _("Najwyżej %(n)d znaków.", n=limit))
        return None
    return value.strip()


def _int(
    errors: FieldErrors, field: str, value, *, required: bool = True, low: int = 1, high: int = 10**9
) -> int | None:
    if value is None or value == "":
        if required:
            errors.add(field, _("To pole jest wymagane."))
        return None
    try:
        if isinstance(value, (bool, float)):
            raise ValueError
        number = int(value.strip()) if isinstance(value, str) else int(value)
    except (TypeError, ValueError):
        errors.add(field, _("Podaj liczbę całkowitą."))
        return None
    if not low <= number <= high:
        errors.add(field, _("Podaj liczbę od %(low)d do %(high)d.", low=low, high=high))
        return None
    return number


def _bool(errors: FieldErrors, field: str, value, *, default=None) -> bool | None:
    if value is None and default is not None:
        return default
    if not isinstance(value, bool):
        errors.add(field, _("Podaj true albo false."))
        return None
    return value


def _insert_ignoring_twin(model, values: dict) -> None:
    """INSERT that does nothing when a concurrent request inserted the same unique row first."""
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    db.session.execute(insert(model).values(**values).on_conflict_do_nothing())


def _recipients(offer: Offer) -> list[str]:
    """The organisation's address and the person who submitted the current version."""
    emails = [offer.organization.email]
    version = offer.current_version
    if version is not None and version.submitted_by_id:
        submitter = db.session.get(User, version.submitted_by_id)
        if submitter is not None:
            emails.append(submitter.email)
    unique: list[str] = []
    for email in emails:
        if email and email.lower() not in [e.lower() for e in unique]:
            unique.append(email)
    return unique


def _deadline_text(deadline: datetime) -> str:
    """An exclusive midnight reads as "to the end of" the day before; another instant as itself."""
    if deadline == warsaw_midnight(date_of(deadline)):
        return _("do końca dnia %(day)s", day=date_pl(deadline - timedelta(seconds=1)))
    return datetime_pl(deadline)


def date_of(moment: datetime):
    from grants.clock import warsaw_date

    return warsaw_date(moment)


def _require_evaluator(actor) -> None:
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_evaluator:
        raise Forbidden(_("Tę czynność wykonują członkowie komisji konkursowej."))


def _require_member(actor, call: Call) -> CommitteeMember:
    _require_evaluator(actor)
    member = queries.active_member(call.id, actor.id)
    if member is None:
        raise Forbidden(_("Nie jesteś członkiem komisji konkursowej tego naboru."), code="not_committee_member")
    return member


def _not_under_review(call: Call) -> Conflict:
    if call.status == CallStatus.resolved:
        return Conflict(_("Wyniki tego naboru zostały już ogłoszone."), code="results_published")
    return Conflict(_("Ten nabór nie jest w fazie oceny ofert."), code="not_under_review")


def start_review(call: Call, actor, now: datetime, *, required: bool = True) -> None:
    """published (deadline passed) → under_review, the first time the formal check or the committee acts.

    With `required`, a call that cannot be under review is refused: 409 `call_open` before the deadline
    (offers may still be withdrawn and resubmitted), 409 `not_under_review` otherwise.
    """
    if call.status == CallStatus.under_review:
        return
    if call.status == CallStatus.published and call.deadline_passed(now) and call.can_move_to(CallStatus.under_review):
        result = db.session.execute(
            sa.update(Call)
            .where(Call.id == call.id, Call.status == CallStatus.published)
            .values(status=CallStatus.under_review)
            .execution_options(synchronize_session=False)
        )
        db.session.refresh(call, ["status"])
        if result.rowcount == 1:
            record(
                "call.review_start",
                "call",
                call.id,
                actor=actor,
                office_id=call.office_id,
                summary=call.title,
                before={"status": "published"},
                after={"status": "under_review"},
            )
        return
    if not required:
        return
    if call.status == CallStatus.published:
        raise Conflict(
            _(
                "Ocena ofert zaczyna się po upływie terminu składania ofert (%(deadline)s).",
                deadline=datetime_pl(call.submission_deadline),
            ),
            code="call_open",
        )
    raise _not_under_review(call)


def _require_under_review(call: Call) -> None:
    if call.status != CallStatus.under_review:
        raise _not_under_review(call)


# ---------------------------------------------------------------- settings of the review


def _parse_tie_break(errors: FieldErrors, raw, codes: set[str]) -> list[list] | None:
    """[["criterion", code] | ["lower_requested"] | ["draw", {offer_id: position}]]; strings
    "lower_requested" and "criterion:code" are accepted too."""
    from scoring import tie_break_step
    from scoring.errors import ScoringError

    if not isinstance(raw, list) or len(raw) > 10:
        errors.add("tie_break", _('Podaj listę kroków, np. [["criterion", "quality"], ["lower_requested"]].'))
        return None
    ladder: list[list] = []
    for index, item in enumerate(raw):
        path = f"tie_break.{index}"
        if isinstance(item, str):
            item = ["criterion", item.split(":", 1)[1]] if item.startswith("criterion:") else [item]
        if not isinstance(item, list) or not item:
            errors.add(path, _("Nieznany krok rozstrzygania remisów."))
            continue
        try:
            if item[0] == "draw" and len(item) == 2 and isinstance(item[1], dict):
                positions = {int(k): int(v) for k, v in item[1].items()}
                tie_break_step(("draw", positions))
                ladder.append(["draw", {str(k): v for k, v in sorted(positions.items())}])
                continue
            step = tie_break_step(tuple(item))
        except (ScoringError, TypeError, ValueError):
            errors.add(
                path,
                _("Nieznany krok rozstrzygania remisów: criterion (z kodem kryterium), lower_requested albo draw."),
            )
            continue
        if item[0] == "criterion" and step.code not in codes:
            errors.add(path, _("Nabór nie ma kryterium %(code)s.", code=step.code))
            continue
        ladder.append(list(item))
    return ladder


def update_review_settings(*, actor, call: Call, raw: dict, now: datetime | None = None) -> Call:
    """Half points, the tie-break ladder and the budget mode. They belong to the announced selection rules
    (art. 13 ust. 2 pkt 6), so after publication a change needs a reason, and none once a score is final."""
    now = now or now_utc()
    require_officer(actor, call.office_id)
    if call.status in (CallStatus.resolved, CallStatus.cancelled):
        raise _not_under_review(call)
    if queries.has_final_sheets(call):
        raise Conflict(
            _("Członkowie komisji zatwierdzili już oceny; zasad oceny nie można zmienić."), code="scoring_started"
        )
    errors = FieldErrors()
    data: dict = {}
    if "allow_half_points" in raw:
        data["allow_half_points"] = _bool(errors, "allow_half_points", raw["allow_half_points"])
    if "partial_last" in raw:
        data["partial_last"] = _bool(errors, "partial_last", raw["partial_last"])
    if "tie_break" in raw:
        data["tie_break"] = (
            None
            if raw["tie_break"] is None
            else _parse_tie_break(errors, raw["tie_break"], {c.code for c in call.criteria})
        )
    reason = _text(errors, "reason", raw.get("reason"), required=call.status != CallStatus.draft, limit=2000)
    errors.raise_if_any()
    before = serialize.settings_to_api(call)
    for name, value in data.items():
        setattr(call, name, value)
    db.session.flush()
    after = serialize.settings_to_api(call)
    if after != before:
        record(
            "call.review_settings",
            "call",
            call.id,
            actor=actor,
            office_id=call.office_id,
            summary=reason or call.title,
            before=before,
            after=after,
        )
    return call


def set_formal_checklist(*, actor, call: Call, raw: dict, now: datetime | None = None) -> list:
    """The call's formal checklist `{items: [{code, label, correctable}]}`, before the formal check starts."""
    require_officer(actor, call.office_id)
    if call.status in (CallStatus.resolved, CallStatus.cancelled):
        raise _not_under_review(call)
    if queries.formal_review_started(call):
        raise Conflict(
            _("Ocena formalna już się zaczęła; listy kontrolnej nie można zmienić."), code="formal_review_started"
        )
    errors = FieldErrors()
    items = raw.get("items")
    parsed = []
    if not isinstance(items, list) or not items or len(items) > MAX_ITEMS:
        errors.add("items", _("Podaj od 1 do %(n)d punktów listy kontrolnej.", n=MAX_ITEMS))
        items = []
    seen = set()
    for index, item in enumerate(items):
        path = f"items.{index}"
        if not isinstance(item, dict):
            errors.add(path, _("Punkt listy ma kod, opis i informację, czy brak można uzupełnić."))
            continue
        code = item.get("code")
        if not isinstance(code, str) or not CODE_RE.match(code):
            errors.add(f"{path}.code", _("Kod: małe litery, cyfry i podkreślenia, do 32 znaków."))
        elif code in seen:
            errors.add(f"{path}.code", _("Kody punktów muszą być różne."))
        seen.add(code)
        label = _text(errors, f"{path}.label", item.get("label"), required=True, limit=300)
        correctable = _bool(errors, f"{path}.correctable", item.get("correctable"), default=False)
        parsed.append({"code": code, "label": label, "correctable": correctable})
    errors.raise_if_any()
    before = serialize.checklist_to_api(queries.checklist_for(call))
    db.session.execute(sa.delete(FormalChecklistItem).where(FormalChecklistItem.call_id == call.id))
    for position, item in enumerate(parsed):
        db.session.add(FormalChecklistItem(call_id=call.id, position=position, **item))
    db.session.flush()
    after = serialize.checklist_to_api(queries.checklist_for(call))
    record(
        "call.formal_checklist",
        "call",
        call.id,
        actor=actor,
        office_id=call.office_id,
        summary=call.title,
        before={"items": before},
        after={"items": after},
    )
    return queries.checklist_for(call)


# ---------------------------------------------------------------- formal check


def _parse_checklist(call: Call, raw, errors: FieldErrors) -> dict[str, bool]:
    codes = [item.code for item in queries.checklist_for(call)]
    if not isinstance(raw, dict):
        errors.add("checklist", _("Podaj wynik każdego punktu listy kontrolnej: {kod: true albo false}."))
        return {}
    result: dict[str, bool] = {}
    for code in codes:
        value = raw.get(code)
        if not isinstance(value, bool):
            errors.add(f"checklist.{code}", _("Zaznacz: spełnione (true) albo niespełnione (false)."))
        else:
            result[code] = value
    for code in raw:
        if code not in codes:
            errors.add(f"checklist.{code}", _("Nie ma takiego punktu na liście kontrolnej tego naboru."))
    return result


def _parse_texts(errors: FieldErrors, field: str, raw, *, required: bool, limit: int = 2000) -> list[str]:
    if raw is None:
        raw = []
    if not isinstance(raw, list) or len(raw) > MAX_ITEMS:
        errors.add(field, _("Podaj listę (najwyżej %(n)d pozycji).", n=MAX_ITEMS))
        return []
    texts = []
    for index, value in enumerate(raw):
        text = _text(errors, f"{field}.{index}", value, required=True, limit=limit)
        if text is not None:
            texts.append(text)
    if required and not raw:
        errors.add(field, _("To pole jest wymagane."))
    return texts


def _parse_fields(errors: FieldErrors, raw) -> list[str]:
    if not isinstance(raw, list) or not raw or len(raw) > MAX_ITEMS:
        errors.add(
            "fields",
            _('Wskaż pola oferty, które oferent może poprawić, np. ["cost_items", "contact.email", "attachments"].'),
        )
        return []
    fields: list[str] = []
    for index, value in enumerate(raw):
        if not offer_schema.is_correctable_path(value):
            errors.add(f"fields.{index}", _("Nie ma takiego pola oferty: %(field)s.", field=str(value)[:100]))
        elif value not in fields:
            fields.append(value)
    return fields


def _parse_correction_deadline(errors: FieldErrors, raw, call: Call, now: datetime) -> datetime | None:
    if is_blank(raw):
        return rules.correction_deadline(now, call.correction_days)
    if isinstance(raw, str) and len(raw.strip()) == 10:
        day = parse_date(errors, "correction_deadline", raw)
        deadline = warsaw_midnight(day + timedelta(days=1)) if day else None  # to the end of that day
    else:
        deadline = parse_datetime(errors, "correction_deadline", raw)
    if deadline is not None and deadline <= now:
        errors.add("correction_deadline", _("Termin na uzupełnienie braków musi przypadać w przyszłości."))
        return None
    return deadline


def record_formal_review(*, actor, offer: Offer, raw: dict, now: datetime | None = None) -> FormalReview:
    """The formal outcome of a submitted offer: accepted (every checklist item met), rejected (with the
    reason) or correction requested (defects, the fields opened and a deadline — by default the call's
    `correction_days` working days from the request). Only correctable defects may be corrected."""
    now = now or now_utc()
    call = offer.call
    require_officer(actor, call.office_id)
    if offer.current_version_id is None or offer.status not in IN_COMPETITION:
        raise Conflict(_("Ocenie formalnej podlega tylko złożona oferta."), code="not_submitted")
    start_review(call, actor, now)
    errors = FieldErrors()
    outcome = raw.get("outcome")
    target = None
    if outcome not in ("accepted", "rejected", "correction_requested"):
        errors.add(
            "outcome",
            _(
                "Wynik: accepted (przyjęta), rejected (odrzucona) albo correction_requested "
                "(wezwanie do uzupełnienia braków)."
            ),
        )
    else:
        target = FormalStatus(outcome)
    checklist = _parse_checklist(call, raw.get("checklist"), errors)
    reason = _text(errors, "reason", raw.get("reason"), required=target == FormalStatus.rejected, limit=MAX_TEXT)
    defects, fields, deadline = [], [], None
    if target == FormalStatus.correction_requested:
        defects = _parse_texts(errors, "defects", raw.get("defects"), required=True)
        fields = _parse_fields(errors, raw.get("fields"))
        deadline = _parse_correction_deadline(errors, raw.get("correction_deadline"), call, now)
    items = {item.code: item for item in queries.checklist_for(call)}
    if target == FormalStatus.accepted:
        for code, met in checklist.items():
            if not met:
                errors.add(f"checklist.{code}", _("Oferta z brakiem formalnym nie może zostać przyjęta."))
    if target == FormalStatus.correction_requested and len(checklist) == len(items):
        failed = [code for code, met in checklist.items() if not met]
        if not failed:
            errors.add("checklist", _("Wezwanie do uzupełnienia wymaga wskazania co najmniej jednego braku."))
        for code in failed:
            if not items[code].correctable:
                errors.add(f"checklist.{code}", _("Tego braku nie można uzupełnić — ofertę należy odrzucić."))
    errors.raise_if_any()

    review = queries.formal_review_of(offer.id)
    if review is None:
        review = FormalReview(
            offer_id=offer.id,
            call_id=call.id,
            status=FormalStatus.pending,
            round=0,
            checklist={},
            defects=[],
            fields=[],
        )
        review.offer = offer
    if not review.can_move_to(target):
        if review.status == FormalStatus.rejected:
            raise Conflict(
                _("Oferta została odrzucona z przyczyn formalnych; to rozstrzygnięcie jest ostateczne."),
                code="formal_review_final",
            )
        raise Conflict(
            _("Oferta została już przyjęta; można ją jeszcze tylko odrzucić (z podaniem przyczyny)."),
            code="already_accepted",
        )
    if review.status == FormalStatus.correction_requested:
        state = review.state(now)
        if state == "correction_open":
            raise Conflict(
                _(
                    "Termin na uzupełnienie braków jeszcze trwa (%(deadline)s); oceń ofertę po złożeniu "
                    "poprawionej wersji albo po upływie terminu.",
                    deadline=_deadline_text(review.correction_deadline),
                ),
                code="correction_open",
            )
        if state == "correction_lapsed" and target != FormalStatus.rejected:
            raise Conflict(
                _("Oferta nie została poprawiona w terminie; można ją tylko odrzucić."), code="correction_closed"
            )
    if target == FormalStatus.correction_requested and offer.status != OfferStatus.submitted:
        raise Conflict(_("Oferta czeka już na uzupełnienie braków."), code="not_submitted")

    before = serialize.formal_review_snapshot(review)
    review.status = target
    review.round = (review.round or 0) + 1
    review.reviewed_version = offer.current_version
    review.checklist = checklist
    review.defects = defects
    review.fields = fields
    review.reason = reason
    review.decided_at = now
    review.decided_by_id = actor.id
    review.correction_requested_at = now if deadline else None
    review.correction_deadline = deadline
    db.session.add(review)
    db.session.flush()
    if target == FormalStatus.correction_requested:
        offer_operations.open_correction(actor=actor, offer=offer, deadline=deadline, fields=fields, now=now)
        _mail_correction_request(offer, review)
    if target == FormalStatus.accepted and call.assignment_mode:
        _fill_offer(call, offer.id, actor, now)
    record(
        f"formal_review.{target.value}",
        "offer",
        offer.id,
        actor=actor,
        office_id=call.office_id,
        summary=reason or offer.title,
        before=before,
        after=serialize.formal_review_snapshot(review),
    )
    return review


def _mail_correction_request(offer: Offer, review: FormalReview) -> None:
    subject = _("Wezwanie do uzupełnienia braków formalnych oferty „%(title)s”", title=offer.title[:120])
    body = _(
        "W ofercie „%(title)s” złożonej w naborze „%(call)s” stwierdzono braki formalne:\n%(defects)s\n\n"
        "Można poprawić wyłącznie: %(fields)s.\n"
        "Poprawioną ofertę złóż ponownie w systemie %(deadline)s. Złożenie utworzy nową wersję oferty z nową "
        "sumą kontrolną; poprzednia wersja zostaje zachowana. Po tym terminie poprawki nie będą przyjmowane.\n",
        title=offer.title,
        call=offer.call.title,
        defects="\n".join(f"- {d}" for d in review.defects),
        fields=", ".join(review.fields),
        deadline=_deadline_text(review.correction_deadline),
    )
    for recipient in _recipients(offer):
        queue_mail(recipient, subject, body)


def publish_formal_list(*, actor, call: Call, now: datetime | None = None) -> FormalListPublication:
    """The list of formal outcomes of the whole call, published as one table (a new version each time)."""
    now = now or now_utc()
    require_officer(actor, call.office_id)
    if call.status not in (CallStatus.under_review, CallStatus.resolved):
        raise Conflict(_("Ocena formalna tego naboru jeszcze się nie zaczęła."), code="not_under_review")
    items = serialize.formal_list_items(call, now, public=True)
    latest = queries.latest_formal_list(call.id)
    publication = FormalListPublication(
        call_id=call.id,
        version=(latest.version + 1) if latest else 1,
        published_at=now,
        published_by_id=actor.id,
        items=items,
    )
    db.session.add(publication)
    db.session.flush()
    record(
        "call.formal_list_publish",
        "call",
        call.id,
        actor=actor,
        office_id=call.office_id,
        summary=call.title,
        after={"version": publication.version, "items": len(items)},
    )
    return publication


# ---------------------------------------------------------------- committee


def appoint_committee(*, actor, call: Call, raw: dict, now: datetime | None = None) -> list[CommitteeMember]:
    """PUT the committee (art. 15 ust. 2a): evaluator accounts of the call's office, exactly one chair,
    experts with an advisory vote (ust. 2e); nobody nominated by an organisation that has an offer in the
    call (ust. 2d). Members with final scores can be neither removed nor given another role."""
    now = now or now_utc()
    require_officer(actor, call.office_id)
    if call.status in (CallStatus.resolved, CallStatus.cancelled):
        raise _not_under_review(call)
    errors = FieldErrors()
    members_raw = raw.get("members")
    if not isinstance(members_raw, list) or not members_raw or len(members_raw) > MAX_ITEMS:
        errors.add("members", _("Podaj skład komisji: listę {user_id, role}."))
        members_raw = []
    wanted: dict[int, dict] = {}
    for index, item in enumerate(members_raw):
        path = f"members.{index}"
        if not isinstance(item, dict):
            errors.add(path, _("Członek komisji to {user_id, role}."))
            continue
        user_id = _int(errors, f"{path}.user_id", item.get("user_id"))
        user = db.session.get(User, user_id) if user_id is not None else None
        if user_id is not None and (
            user is None or not user.is_active or not user.is_evaluator or user.office_id != call.office_id
        ):
            errors.add(
                f"{path}.user_id",
                _("To nie jest aktywne konto członka komisji (oceniającego) urzędu, który prowadzi nabór."),
            )
            user = None
        elif user is not None and user.id in wanted:
            errors.add(f"{path}.user_id", _("Każdą osobę podaj raz."))
            user = None
        role = item.get("role")
        if role not in ("chair", "member", "expert"):
            errors.add(
                f"{path}.role",
                _(
                    "Rola: chair (przewodniczący), member (członek) albo expert (ekspert "
                    "z głosem doradczym, art. 15 ust. 2e ustawy)."
                ),
            )
            role = None
        organization_id = None
        if item.get("nominated_by_organization_id") is not None:
            organization_id = _int(
                errors, f"{path}.nominated_by_organization_id", item.get("nominated_by_organization_id")
            )
            if organization_id is not None:
                if db.session.get(Organization, organization_id) is None:
                    errors.add(f"{path}.nominated_by_organization_id", _("Nie ma takiej organizacji."))
                elif queries.organization_takes_part(call, organization_id):
                    errors.add(
                        f"{path}.nominated_by_organization_id",
                        _(
                            "Ta organizacja złożyła ofertę w tym naborze; osoba przez nią wskazana nie może "
                            "zasiadać w komisji (art. 15 ust. 2d ustawy)."
                        ),
                    )
        if user is not None and role is not None:
            wanted[user.id] = {"user": user, "role": CommitteeRole(role), "organization_id": organization_id}
    if not errors and sum(1 for w in wanted.values() if w["role"] == CommitteeRole.chair) != 1:
        errors.add("members", _("Wskaż dokładnie jednego przewodniczącego komisji (role: chair)."))
    errors.raise_if_any()

    existing = {m.user_id: m for m in queries.committee_of(call, include_removed=True)}
    for member in existing.values():
        if not member.active:
            continue
        new = wanted.get(member.user_id)
        if (new is None or new["role"] != member.role) and queries.has_final_sheets(call, member):
            raise Conflict(
                _(
                    "%(name)s ma już zatwierdzone oceny; nie można jej (go) odwołać ani zmienić roli.",
                    name=member.user.full_name,
                ),
                code="member_has_scores",
            )
    before = [serialize.member_snapshot(m) for m in existing.values() if m.active]
    removed: list[CommitteeMember] = []
    for member in existing.values():
        if member.active and member.user_id not in wanted and member.can_move_to(MemberStatus.removed):
            member.status, member.removed_at = MemberStatus.removed, now
            removed.append(member)
    for user_id, spec in wanted.items():
        member = existing.get(user_id)
        if member is None:
            member = CommitteeMember(call_id=call.id, user_id=user_id, appointed_by_id=actor.id, appointed_at=now)
            db.session.add(member)
        elif not member.active:
            member.status, member.removed_at = MemberStatus.active, None
            member.appointed_at, member.appointed_by_id = now, actor.id
        member.role = spec["role"]
        member.nominated_by_organization_id = spec["organization_id"]
    db.session.flush()
    for member in removed:
        for assignment in queries.assignments_of_call(call, member):
            _end_assignment(assignment, "removed", now)
    db.session.flush()
    if call.assignment_mode:
        for offer_id in sorted(
            {
                a.offer_id
                for m in removed
                for a in queries.assignments_of_call(call, m, active_only=False)
                if a.end_reason == "removed"
            }
        ):
            _fill_offer(call, offer_id, actor, now)
    start_review(call, actor, now, required=False)
    committee = queries.committee_of(call)
    record(
        "committee.appoint",
        "call",
        call.id,
        actor=actor,
        office_id=call.office_id,
        summary=_("Skład komisji konkursowej: %(n)d os.", n=len(committee)),
        before={"members": before},
        after={"members": [serialize.member_snapshot(m) for m in committee]},
    )
    return committee


def declare(*, actor, call: Call, raw: dict, now: datetime | None = None) -> tuple[Declaration, bool, dict]:
    """A member's declaration for one offer (KPA art. 24 via art. 15 ust. 2f): impartial, or a conflict
    that excludes the member from that offer (the assignment ends; in balanced mode another member takes
    it). Returns (declaration, created, effects)."""
    now = now or now_utc()
    member = _require_member(actor, call)
    start_review(call, actor, now)
    errors = FieldErrors()
    offer_id = _int(errors, "offer_id", raw.get("offer_id"))
    offer = db.session.get(Offer, offer_id) if offer_id is not None else None
    if offer_id is not None:
        review = queries.formal_review_of(offer_id)
        if offer is None or offer.call_id != call.id or review is None or review.status != FormalStatus.accepted:
            errors.add("offer_id", _("Ta oferta nie została przekazana komisji tego naboru."))
    impartial = _bool(errors, "impartial", raw.get("impartial"))
    reason = _text(errors, "reason", raw.get("reason"), limit=2000)
    errors.raise_if_any()
    status = DeclarationStatus.impartial if impartial else DeclarationStatus.conflict
    declaration = queries.declaration_for(member.id, offer.id)
    created = declaration is None
    if created:
        _insert_ignoring_twin(
            Declaration,
            {
                "call_id": call.id,
                "offer_id": offer.id,
                "member_id": member.id,
                "status": status,
                "reason": reason,
                "declared_at": now,
            },
        )
        declaration = queries.declaration_for(member.id, offer.id)
    effects: dict = {"reassigned_to": None, "warnings": []}
    if declaration.status == status and not created:
        return declaration, False, effects
    if declaration.status != status:
        if not declaration.can_move_to(status):
            raise Conflict(
                _("Zgłoszonej okoliczności wyłączającej nie można cofnąć (art. 24 § 2 KPA)."), code="conflict_declared"
            )
        declaration.status, declaration.reason, declaration.changed_at = status, reason, now
    db.session.flush()
    if status == DeclarationStatus.conflict:
        assignment = queries.assignment_for(member.id, offer.id)
        if assignment is not None and assignment.status == AssignmentStatus.active:
            _end_assignment(assignment, "conflict", now)
            db.session.flush()
            if call.assignment_mode == "balanced" and member.voting:
                added = _fill_offer(call, offer.id, actor, now)
                effects["reassigned_to"] = added[0].user_id if added else None
                if not added:
                    effects["warnings"].append({"code": "understaffed", "offer_id": offer.id})
    record(
        f"declaration.{status.value}",
        "offer",
        offer.id,
        actor=actor,
        office_id=call.office_id,
        summary=member.user.full_name,
        after={
            "member_id": actor.id,
            "role": member.role.value,
            "status": status.value,
            "reason": reason,
            "reassigned_to": effects["reassigned_to"],
        },
    )
    return declaration, created, effects


# ---------------------------------------------------------------- assignments


def _end_assignment(assignment: Assignment, reason: str, now: datetime) -> None:
    if assignment.can_move_to(AssignmentStatus.ended) and assignment.status == AssignmentStatus.active:
        assignment.status, assignment.ended_at, assignment.end_reason = AssignmentStatus.ended, now, reason


def _activate(existing: dict, member_id: int, offer_id: int, call: Call, actor, now: datetime) -> Assignment:
    assignment = existing.get((member_id, offer_id))
    if assignment is None:
        assignment = Assignment(
            call_id=call.id,
            offer_id=offer_id,
            member_id=member_id,
            created_at=now,
            created_by_id=getattr(actor, "id", None),
            status=AssignmentStatus.active,
        )
        db.session.add(assignment)
        existing[(member_id, offer_id)] = assignment
    elif assignment.status == AssignmentStatus.ended:
        assignment.status, assignment.ended_at, assignment.end_reason = AssignmentStatus.active, None, None
        assignment.created_at, assignment.created_by_id = now, getattr(actor, "id", None)
    return assignment


def _conflicts(call: Call) -> set[tuple[int, int]]:
    return {
        (d.member_id, d.offer_id) for d in queries.declarations_of_call(call) if d.status == DeclarationStatus.conflict
    }


def _fill_offer(call: Call, offer_id: int, actor, now: datetime) -> list[CommitteeMember]:
    """Give one offer its share of the committee under the call's assignment mode: every expert and (all
    mode) every voting member, or (balanced) the least-loaded voting members up to `per_offer`; never a
    member who declared a conflict for it. Returns the members added."""
    members = queries.committee_of(call)
    conflicts = _conflicts(call)
    existing = {(a.member_id, a.offer_id): a for a in queries.assignments_of_call(call, active_only=False)}
    active = {pair for pair, a in existing.items() if a.status == AssignmentStatus.active}
    load = Counter(member_id for member_id, _offer in active)
    added = []
    voting = [m for m in members if m.voting]
    assigned_voting = sum(1 for m in voting if (m.id, offer_id) in active)
    need = len(voting) if call.assignment_mode == "all" else max((call.assignment_per_offer or 0) - assigned_voting, 0)
    candidates = sorted(
        (m for m in voting if (m.id, offer_id) not in active and (m.id, offer_id) not in conflicts),
        key=lambda m: (load[m.id], m.id),
    )
    chosen = candidates[:need] + [
        m for m in members if not m.voting and (m.id, offer_id) not in active and (m.id, offer_id) not in conflicts
    ]
    for member in chosen:
        _activate(existing, member.id, offer_id, call, actor, now)
        added.append(member)
    db.session.flush()
    if added:
        record(
            "committee.assign_offer",
            "offer",
            offer_id,
            actor=actor,
            office_id=call.office_id,
            summary=", ".join(m.user.full_name for m in added),
            after={"mode": call.assignment_mode, "members": [m.user_id for m in added]},
        )
    return added


def assign_offers(*, actor, call: Call, raw: dict, now: datetime | None = None) -> dict:
    """Split the formally accepted offers among the committee.

    `all`: every member evaluates every offer. `balanced`: each offer gets `per_offer` voting members
    (default: the call's `evaluators_per_offer`), the least loaded first, at most `max_per_member` each
    (default: the fair share, rounded up) unless conflicts leave no one else; experts (advisory vote) get
    every offer. A member who declared a conflict for an offer never gets it. Running it again keeps the
    assignments that still fit (those with score sheets always) and fills the gaps.
    """
    now = now or now_utc()
    require_officer(actor, call.office_id)
    start_review(call, actor, now)
    errors = FieldErrors()
    mode = raw.get("mode")
    if mode not in ("all", "balanced"):
        errors.add("mode", _("Tryb: all (każdy ocenia każdą ofertę) albo balanced (po N oceniających na ofertę)."))
    per_offer = cap = None
    members = queries.committee_of(call)
    voting = [m for m in members if m.voting]
    if mode == "balanced":
        per_offer = _int(errors, "per_offer", raw.get("per_offer", call.evaluators_per_offer), high=50)
        if per_offer is not None and voting and per_offer > len(voting):
            errors.add("per_offer", _("Komisja ma tylko %(n)d członków z prawem głosu.", n=len(voting)))
        if raw.get("max_per_member") is not None:
            cap = _int(errors, "max_per_member", raw.get("max_per_member"), high=10000)
    errors.raise_if_any()
    if not voting:
        raise Conflict(_("Najpierw powołaj komisję konkursową."), code="no_committee")
    nominees = queries.nominee_conflicts(call)
    if nominees:
        raise Conflict(
            _(
                "W komisji zasiada osoba wskazana przez organizację, która złożyła ofertę w tym naborze "
                "(art. 15 ust. 2d ustawy): %(names)s. Zmień skład komisji.",
                names=", ".join(m.user.full_name for m in nominees),
            ),
            code="nominee_conflict",
        )
    offers = queries.accepted_offer_ids(call)
    conflicts = _conflicts(call)
    member_ids = {m.id for m in members}
    voting_ids = {m.id for m in voting}
    existing = {(a.member_id, a.offer_id): a for a in queries.assignments_of_call(call, active_only=False)}
    with_sheets = {
        (member_id, offer_id)
        for member_id, offer_id in db.session.execute(
            db.select(ScoreSheet.member_id, ScoreSheet.offer_id).where(ScoreSheet.call_id == call.id)
        )
    }
    declared = {
        (d.member_id, d.offer_id) for d in queries.declarations_of_call(call) if d.status == DeclarationStatus.impartial
    }

    def valid(pair) -> bool:
        return pair[0] in member_ids and pair[1] in offers and pair not in conflicts

    desired = {(m.id, o) for m in members if not m.voting for o in offers if (m.id, o) not in conflicts}
    warnings: list[dict] = []
    if mode == "all":
        desired |= {(m.id, o) for m in voting for o in offers if (m.id, o) not in conflicts}
    else:
        if cap is None and offers:
            cap = math.ceil(len(offers) * per_offer / len(voting))  # the fair share, rounded up
        kept: dict[int, list[int]] = {o: [] for o in offers}
        for o in offers:
            current = sorted(
                (
                    pair
                    for pair, a in existing.items()
                    if pair[1] == o and a.status == AssignmentStatus.active and pair[0] in voting_ids and valid(pair)
                ),
                key=lambda pair: (pair not in with_sheets, pair not in declared, pair[0]),
            )
            for index, pair in enumerate(current):
                if index < per_offer or pair in with_sheets:
                    kept[o].append(pair[0])
        load = Counter(member_id for o in offers for member_id in kept[o])
        eligible = {o: [m for m in voting if (m.id, o) not in conflicts] for o in offers}
        for o in sorted(offers, key=lambda o: (len(eligible[o]), o)):
            need = per_offer - len(kept[o])
            candidates = sorted(
                (m for m in eligible[o] if m.id not in kept[o]), key=lambda m: (load[m.id] >= cap, load[m.id], m.id)
            )
            chosen = candidates[: max(need, 0)]
            if len(chosen) < need:
                warnings.append({"code": "understaffed", "offer_id": o, "assigned": len(kept[o]) + len(chosen)})
            for member in chosen:
                if load[member.id] >= cap:
                    warnings.append({"code": "cap_exceeded", "offer_id": o, "member_id": member.user_id})
                kept[o].append(member.id)
                load[member.id] += 1
        desired |= {(member_id, o) for o in offers for member_id in kept[o]}
    for pair, assignment in existing.items():
        if assignment.status == AssignmentStatus.active and pair not in desired:
            _end_assignment(assignment, "reassigned", now)
    for member_id, offer_id in sorted(desired):
        _activate(existing, member_id, offer_id, call, actor, now)
    call.assignment_mode = mode
    call.assignment_per_offer = per_offer
    db.session.flush()
    active = queries.assignments_of_call(call)
    record(
        "committee.assign",
        "call",
        call.id,
        actor=actor,
        office_id=call.office_id,
        summary=_("Przydział ofert komisji: %(n)d przydziałów.", n=len(active)),
        after={
            "mode": mode,
            "per_offer": per_offer,
            "max_per_member": cap,
            "offers": len(offers),
            "assignments": len(active),
            "warnings": warnings,
        },
    )
    return {"mode": mode, "per_offer": per_offer, "max_per_member": cap, "assignments": active, "warnings": warnings}


# ---------------------------------------------------------------- scores


def scoring_member(actor, offer: Offer) -> CommitteeMember:
    """Who may score `offer`, and the refusals in the order a person can act on them."""
    member = _require_member(actor, offer.call)
    if queries.formal_status(offer.id) != FormalStatus.accepted:
        raise NotFound(_("Ta oferta nie została przekazana komisji."))
    declared = queries.declaration_status(member.id, offer.id)
    if declared == DeclarationStatus.conflict:
        raise Forbidden(
            _("Zgłoszono okoliczność wyłączającą cię z oceny tej oferty (art. 24 KPA)."), code="conflict_of_interest"
        )
    if not queries.is_assigned(member.id, offer.id):
        raise Forbidden(_("Ta oferta nie została ci przydzielona do oceny."), code="not_assigned")
    if declared is None:
        raise Conflict(
            _(
                "Przed oceną złóż oświadczenie o bezstronności dotyczące tej oferty (art. 24 KPA w zw. "
                "z art. 15 ust. 2f ustawy)."
            ),
            code="declaration_required",
        )
    return member


def require_not_conflicted(actor, offer: Offer) -> None:
    """A member who declared a conflict for an offer takes no part in it (KPA art. 24), the chair included."""
    member = queries.active_member(offer.call_id, actor.id)
    declaration = queries.declaration_for(member.id, offer.id) if member is not None else None
    if declaration is not None and declaration.status == DeclarationStatus.conflict:
        raise Forbidden(
            _("Zgłoszono okoliczność wyłączającą cię z oceny tej oferty (art. 24 KPA)."), code="conflict_of_interest"
        )


def _points(value) -> Decimal:
    if isinstance(value, bool):
        raise ValueError
    return parse_decimal(value)


def save_score(*, actor, offer: Offer, raw: dict, now: datetime | None = None) -> ScoreSheet:
    """PUT my score sheet: `{scores: {code: points}, justifications: {code: text}, final}`. The body is the
    whole sheet (criteria left out are cleared). Points are 0..max_points in whole points, or halves when the
    call allows them. `final` needs every criterion scored and justified, and locks the sheet (409
    `already_final` afterwards) until the chair reopens it."""
    now = now or now_utc()
    call = offer.call
    member = scoring_member(actor, offer)
    _require_under_review(call)
    sheet = queries.sheet_for(member.id, offer.id)
    if sheet is not None and sheet.is_final:
        raise _already_final()
    criteria = {c.code: c for c in queries.criteria_of(call)}
    errors = FieldErrors()
    final = _bool(errors, "final", raw.get("final", False))
    scores_raw = raw.get("scores") if raw.get("scores") is not None else {}
    texts_raw = raw.get("justifications") if raw.get("justifications") is not None else {}
    if not isinstance(scores_raw, dict):
        errors.add("scores", _("Podaj punkty jako {kod_kryterium: liczba}."))
        scores_raw = {}
    if not isinstance(texts_raw, dict):
        errors.add("justifications", _("Podaj uzasadnienia jako {kod_kryterium: tekst}."))
        texts_raw = {}
    points: dict[str, Decimal] = {}
    for code, value in scores_raw.items():
        criterion = criteria.get(code)
        if criterion is None:
            errors.add(f"scores.{code}", _("Nie ma takiego kryterium w tym naborze."))
            continue
        if value is None:
            continue
        step = _("w pełnych punktach lub połówkach") if call.allow_half_points else _("w pełnych punktach")
        message = _("Podaj od 0 do %(max)s pkt, %(step)s.", max=points_pl(criterion.max_points), step=step)
        try:
            points[code] = validate_points(criterion, _points(value), call.allow_half_points)
        except (ValueError, InvalidOperation, InvalidPointsError):
            errors.add(f"scores.{code}", message)
    texts: dict[str, str] = {}
    for code, value in texts_raw.items():
        if code not in criteria:
            errors.add(f"justifications.{code}", _("Nie ma takiego kryterium w tym naborze."))
            continue
        text = _text(errors, f"justifications.{code}", value, limit=MAX_TEXT)
        if text:
            texts[code] = text
    if final and not errors:
        for code in criteria:
            if code not in points:
                errors.add(f"scores.{code}", _("Przed zatwierdzeniem oceń każde kryterium."))
            if code not in texts:
                errors.add(f"justifications.{code}", _("Przed zatwierdzeniem uzasadnij ocenę w każdym kryterium."))
    errors.raise_if_any()

    if sheet is None:
        _insert_ignoring_twin(
            ScoreSheet,
            {
                "call_id": call.id,
                "offer_id": offer.id,
                "member_id": member.id,
                "status": SheetStatus.draft,
                "lock_version": 0,
                "created_at": now,
                "updated_at": now,
            },
        )
        sheet = queries.sheet_for(member.id, offer.id)
    if sheet.is_final:
        raise _already_final()
    seen = sheet.lock_version
    values = {"lock_version": ScoreSheet.lock_version + 1, "updated_at": now}
    if final:
        values.update(status=SheetStatus.final, finalized_at=now)
    result = db.session.execute(
        sa.update(ScoreSheet)
        .where(ScoreSheet.id == sheet.id, ScoreSheet.status == SheetStatus.draft, ScoreSheet.lock_version == seen)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    # The entries loaded with the sheet are current: a concurrent save would have moved lock_version.
    db.session.refresh(sheet, ["status", "lock_version", "updated_at", "finalized_at"])
    if result.rowcount != 1:
        if sheet.is_final:
            raise _already_final()
        raise Conflict(_("Ktoś zapisał tę kartę oceny w międzyczasie; odśwież ją."), code="edit_conflict")
    # The row is ours until the commit: replace the entries.
    entries = {entry.criterion_code: entry for entry in sheet.entries}
    for code in criteria:
        if code in points or code in texts:
            entry = entries.pop(code, None) or ScoreEntry(criterion_code=code)
            entry.points, entry.justification = points.get(code), texts.get(code, "")
            if entry.id is None:
                sheet.entries.append(entry)
    for entry in entries.values():
        sheet.entries.remove(entry)
    db.session.flush()
    record(
        "score.final" if final else "score.save",
        "offer",
        offer.id,
        actor=actor,
        office_id=call.office_id,
        summary=actor.full_name,
        after={"member_id": actor.id, "final": final, "scores": {code: str(p) for code, p in points.items()}},
    )
    return sheet


def _already_final() -> Conflict:
    return Conflict(
        _("Ta karta oceny została zatwierdzona i jest zablokowana; może ją otworzyć tylko przewodniczący komisji."),
        code="already_final",
    )


def reopen_score(*, actor, offer: Offer, member_user_id: int, raw: dict, now: datetime | None = None) -> ScoreSheet:
    """The chair reopens one member's final sheet with a reason (audited)."""
    now = now or now_utc()
    call = offer.call
    _require_evaluator(actor)
    if not queries.is_chair(actor, call):
        raise Forbidden(_("Zatwierdzoną ocenę może otworzyć tylko przewodniczący komisji."), code="not_committee_chair")
    _require_under_review(call)
    require_not_conflicted(actor, offer)
    member = db.session.scalar(
        db.select(CommitteeMember).where(CommitteeMember.call_id == call.id, CommitteeMember.user_id == member_user_id)
    )
    sheet = queries.sheet_for(member.id, offer.id) if member is not None else None
    if sheet is None:
        raise NotFound(_("Ta osoba nie ma karty oceny tej oferty."))
    errors = FieldErrors()
    reason = _text(errors, "reason", raw.get("reason"), required=True, limit=2000)
    errors.raise_if_any()
    if not sheet.is_final:
        raise Conflict(_("Ta karta oceny nie jest zatwierdzona."), code="not_final")
    result = db.session.execute(
        sa.update(ScoreSheet)
        .where(ScoreSheet.id == sheet.id, ScoreSheet.status == SheetStatus.final)
        .values(
            status=SheetStatus.draft,
            finalized_at=None,
            reopened_at=now,
            reopened_by_id=actor.id,
            reopen_reason=reason,
            lock_version=ScoreSheet.lock_version + 1,
        )
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(sheet)
    if result.rowcount != 1:
        raise Conflict(_("Ta karta oceny nie jest zatwierdzona."), code="not_final")
    record(
        "score.reopen",
        "offer",
        offer.id,
        actor=actor,
        office_id=call.office_id,
        summary=reason,
        before={"member_id": member_user_id, "status": "final"},
        after={"member_id": member_user_id, "status": "draft", "reason": reason},
    )
    return sheet


# ---------------------------------------------------------------- decision


def record_decision(*, actor, call: Call, raw: dict, now: datetime | None = None) -> Decision:
    """The office's choice (art. 15 ust. 2g): `{awards: [{offer_id, amount}], not_funded?: [{offer_id,
    reason}]}`. Each amount > 0 and ≤ the grant requested, only offers that passed the call's threshold, the
    sum within the budget (409 `over_budget`); offers not listed are not funded. Every decision is a new
    version; the latest counts."""
    now = now or now_utc()
    require_officer(actor, call.office_id)
    _require_under_review(call)
    ranking = queries.ranking(call)
    errors = FieldErrors()
    awards_raw = raw.get("awards")
    if not isinstance(awards_raw, list) or len(awards_raw) > 10000:
        errors.add("awards", _("Podaj listę dotacji [{offer_id, amount}] (może być pusta)."))
        awards_raw = []
    amounts: dict[int, Decimal] = {}
    for index, item in enumerate(awards_raw):
        path = f"awards.{index}"
        if not isinstance(item, dict):
            errors.add(path, _("Dotacja to {offer_id, amount}."))
            continue
        offer_id = _int(errors, f"{path}.offer_id", item.get("offer_id"))
        amount = (
            money(errors, f"{path}.amount", item.get("amount"), positive=True)
            if not is_blank(item.get("amount"))
            else None
        )
        if is_blank(item.get("amount")):
            errors.add(f"{path}.amount", _("Podaj kwotę dotacji."))
        if offer_id is None:
            continue
        row = ranking.offers.get(offer_id)
        if row is None:
            errors.add(f"{path}.offer_id", _("Ta oferta nie przeszła oceny formalnej w tym naborze."))
            continue
        if offer_id in amounts:
            errors.add(f"{path}.offer_id", _("Każdą ofertę podaj raz."))
            continue
        if not ranking.result.item(offer_id).passes_threshold:
            errors.add(
                f"{path}.offer_id",
                _("Ta oferta nie uzyskała wymaganej liczby punktów (ogłoszenie konkursu); nie może otrzymać dotacji."),
            )
        if amount is not None and amount > row.requested_grant:
            errors.add(
                f"{path}.amount",
                _(
                    "Dotacja nie może przekraczać wnioskowanej kwoty (%(requested)s).",
                    requested=money_pl(row.requested_grant),
                ),
            )
        if amount is not None:
            amounts[offer_id] = amount
    reasons: dict[int, str | None] = {}
    not_funded_raw = raw.get("not_funded") if raw.get("not_funded") is not None else []
    if not isinstance(not_funded_raw, list):
        errors.add("not_funded", _("Podaj listę [{offer_id, reason}]."))
        not_funded_raw = []
    for index, item in enumerate(not_funded_raw):
        path = f"not_funded.{index}"
        if not isinstance(item, dict):
            errors.add(path, _("Podaj {offer_id, reason}."))
            continue
        offer_id = _int(errors, f"{path}.offer_id", item.get("offer_id"))
        reason = _text(errors, f"{path}.reason", item.get("reason"), limit=MAX_TEXT)
        if offer_id is None:
            continue
        if offer_id not in ranking.offers:
            errors.add(f"{path}.offer_id", _("Ta oferta nie przeszła oceny formalnej w tym naborze."))
        elif offer_id in amounts:
            errors.add(f"{path}.offer_id", _("Ta oferta jest na liście dotacji."))
        elif offer_id in reasons:
            errors.add(f"{path}.offer_id", _("Każdą ofertę podaj raz."))
        else:
            reasons[offer_id] = reason
    errors.raise_if_any()
    total = sum(amounts.values(), Decimal("0.00"))
    if total > call.budget_total:
        raise Conflict(
            _(
                "Suma dotacji (%(total)s) przekracza środki przeznaczone na zadanie (%(budget)s).",
                total=money_pl(total),
                budget=money_pl(call.budget_total),
            ),
            code="over_budget",
        )
    latest = queries.latest_decision(call)
    decision = Decision(
        call_id=call.id,
        version=(latest.version + 1) if latest else 1,
        created_at=now,
        created_by_id=actor.id,
        total=total,
    )
    for offer_id in sorted(ranking.offers):
        item = ranking.result.item(offer_id)
        decision.awards.append(
            Award(
                offer_id=offer_id,
                funded=offer_id in amounts,
                amount=amounts.get(offer_id, Decimal("0.00")),
                requested=ranking.offers[offer_id].requested_grant,
                score=item.score,
                reason=reasons.get(offer_id),
            )
        )
    db.session.add(decision)
    db.session.flush()
    record(
        "decision.create",
        "call",
        call.id,
        actor=actor,
        office_id=call.office_id,
        summary=_("Decyzja o wyborze ofert, wersja %(v)d", v=decision.version),
        before={"version": latest.version} if latest else None,
        after={
            "version": decision.version,
            "total": total,
            "awards": {str(offer_id): amount for offer_id, amount in amounts.items()},
            "not_funded": {str(offer_id): reason for offer_id, reason in reasons.items()},
        },
    )
    return decision


# ---------------------------------------------------------------- results


def _parse_channels(raw, now: datetime) -> dict:
    from grants.calls.models import Channel

    errors = FieldErrors()
    if raw is None:
        return dict.fromkeys(Channel, now)
    publications = parse_publications(raw, errors) or {}
    for moment in publications.values():
        if moment is not None and moment > now:
            errors.add("publications", _("Publikacja nie może mieć daty z przyszłości."))
            break
    errors.raise_if_any()
    return publications


def publish_results(*, actor, call: Call, raw: dict, now: datetime | None = None) -> ResultsPublication:
    """Publish the latest decision's results in BIP, on the noticeboard and the website at once (art. 15
    ust. 2h: the organisation, the task, the amount — and the points), resolve the call and tell every
    offeror its outcome by e-mail."""
    now = now or now_utc()
    require_officer(actor, call.office_id)
    if queries.results_publication(call.id) is not None:
        raise Conflict(_("Wyniki tego naboru zostały już ogłoszone."), code="results_published")
    _require_under_review(call)
    decision = queries.latest_decision(call)
    if decision is None:
        raise Conflict(_("Najpierw zapisz decyzję o wyborze ofert."), code="no_decision")
    channels = _parse_channels(raw.get("publications"), now)
    ranking = queries.ranking(call)
    decided = {award.offer_id: award for award in decision.awards}
    if set(decided) != set(ranking.offers) or any(
        award.score != ranking.result.item(offer_id).score
        or (award.funded and not ranking.result.item(offer_id).passes_threshold)
        for offer_id, award in decided.items()
    ):
        raise Conflict(
            _("Od zapisania decyzji zmieniły się oferty przyjęte formalnie albo ich oceny; zapisz decyzję ponownie."),
            code="decision_stale",
        )
    if not call.can_move_to(CallStatus.resolved):
        raise _not_under_review(call)
    items = serialize.results_items(decision)
    publication = ResultsPublication(
        call_id=call.id,
        decision_id=decision.id,
        published_at=max(channels.values()),
        channels={c.value: iso_warsaw(m) for c, m in channels.items()},
        recorded_at=now,
        published_by_id=actor.id,
        items=items,
    )
    db.session.add(publication)
    changed = db.session.execute(
        sa.update(Call)
        .where(Call.id == call.id, Call.status == CallStatus.under_review)
        .values(status=CallStatus.resolved)
        .execution_options(synchronize_session=False)
    )
    if changed.rowcount != 1:
        raise _not_under_review(call)
    db.session.flush()
    db.session.refresh(call, ["status"])
    _mail_results(call, decision, publication)
    record(
        "results.publish",
        "call",
        call.id,
        actor=actor,
        office_id=call.office_id,
        summary=call.title,
        before={"status": "under_review"},
        after={
            "status": "resolved",
            "decision_version": decision.version,
            "channels": publication.channels,
            "funded": sum(1 for a in decision.awards if a.funded),
            "total": decision.total,
        },
    )
    return publication


def _mail_results(call: Call, decision: Decision, publication: ResultsPublication) -> None:
    from grants.review.rules import justification_deadline

    awards = {award.offer_id: award for award in decision.awards}
    reviews = queries.formal_reviews_of_call(call)
    until = _deadline_text(justification_deadline(publication.published_at))
    for offer in queries.offers_in_competition(call):
        award = awards.get(offer.id)
        if award is not None and award.funded:
            outcome = _(
                "Oferta została wybrana. Przyznano dotację w wysokości %(amount)s.", amount=money_pl(award.amount)
            )
        elif award is not None:
            outcome = _("Oferta nie otrzymała dotacji.")
            if award.reason:
                outcome += " " + _("Powód: %(reason)s", reason=award.reason)
        else:
            review = reviews.get(offer.id)
            outcome = _("Oferta nie przeszła oceny formalnej.")
            if review is not None and review.reason:
                outcome += " " + _("Powód: %(reason)s", reason=review.reason)
        score = ""
        if award is not None and award.score is not None:
            score = _("Liczba punktów: %(score)s.", score=money_pl(award.score, currency=False)) + "\n"
        subject = _("Wyniki naboru „%(call)s”", call=call.title[:150])
        body = _(
            "Ogłoszono wyniki otwartego konkursu ofert „%(call)s” (art. 15 ust. 2h ustawy).\n\n"
            "Oferta: „%(title)s” (%(organization)s)\n%(outcome)s\n%(score)s\n"
            "Każdy może w terminie 30 dni od ogłoszenia wyników (%(until)s) zażądać uzasadnienia wyboru lub "
            "odrzucenia oferty (art. 15 ust. 2i ustawy).\n",
            call=call.title,
            title=offer.title,
            organization=offer.organization.name,
            outcome=outcome,
            score=score,
            until=until,
        )
        for recipient in _recipients(offer):
            queue_mail(recipient, subject, body)


def cancel_for_no_valid_offers(*, actor, call: Call, reason, now: datetime | None = None) -> Call:
    """Art. 18a: cancel the call when no offer was submitted or none meets the announcement's requirements
    (formally accepted and reaching the threshold); refused (409 `valid_offers_exist`) while an offer is
    valid or still waits for the committee's scores. Every offeror is told by e-mail."""
    now = now or now_utc()
    require_officer(actor, call.office_id)
    if queries.results_publication(call.id) is not None:
        raise Conflict(_("Wyniki tego naboru zostały już ogłoszone."), code="results_published")
    if call.status == CallStatus.published and not call.deadline_passed(now):
        raise Conflict(_("Termin składania ofert jeszcze trwa."), code="call_open")
    reviews = queries.formal_reviews_of_call(call)
    offers = queries.offers_in_competition(call)
    undecided = [
        o.id
        for o in offers
        if o.id not in reviews or reviews[o.id].state(now) in ("pending", "correction_open", "corrected")
    ]
    if undecided:
        raise Conflict(_("Nie zakończono oceny formalnej wszystkich ofert."), code="valid_offers_exist")
    ranking = queries.ranking(call)
    if any(item.passes_threshold or item.n_scores == 0 for item in ranking.result.items):
        raise Conflict(
            _(
                "W naborze są oferty spełniające wymogi ogłoszenia albo czekające na ocenę komisji; "
                "unieważnienie (art. 18a ustawy) nie jest możliwe."
            ),
            code="valid_offers_exist",
        )
    cancel_call(actor=actor, call=call, reason=reason, now=now)
    for offer in offers:
        subject = _("Unieważnienie naboru „%(call)s”", call=call.title[:150])
        body = _(
            "Otwarty konkurs ofert „%(call)s” został unieważniony (art. 18a ustawy), ponieważ żadna oferta "
            "nie spełniła wymogów ogłoszenia.\nUzasadnienie: %(reason)s\n",
            call=call.title,
            reason=call.cancel_reason,
        )
        for recipient in _recipients(offer):
            queue_mail(recipient, subject, body)
    return call


# ---------------------------------------------------------------- justification (art. 15 ust. 2i)


def request_justification(*, call: Call, raw: dict, now: datetime | None = None) -> JustificationRequest:
    """Anyone, within 30 days of the results (art. 15 ust. 2i), asks for the reasons of the choice or the
    rejection of an offer; later it is refused (409 `justification_closed`)."""
    now = now or now_utc()
    publication = queries.results_publication(call.id)
    if publication is None or call.status != CallStatus.resolved:
        raise Conflict(_("Wyniki tego naboru nie zostały jeszcze ogłoszone."), code="results_not_published")
    if not publication.justification_open(now):
        raise Conflict(
            _(
                "Termin 30 dni od ogłoszenia wyników na żądanie uzasadnienia minął %(deadline)s (art. 15 "
                "ust. 2i ustawy).",
                deadline=datetime_pl(rules.justification_deadline(publication.published_at)),
            ),
            code="justification_closed",
        )
    errors = FieldErrors()
    requester = _text(errors, "requester", raw.get("requester"), required=True, limit=200)
    email = normalise_email(raw.get("email"))
    if email is None:
        errors.add("email", _("Podaj poprawny adres e-mail, na który wyślemy uzasadnienie."))
    text = _text(errors, "text", raw.get("text"), required=True, limit=10000)
    offer_id = None
    if raw.get("offer_id") is not None:
        offer_id = _int(errors, "offer_id", raw.get("offer_id"))
        if (
            offer_id is not None
            and offer_id not in {item.get("offer_id") for item in publication.items}
            and offer_id not in {o.id for o in queries.offers_in_competition(call)}
        ):
            errors.add("offer_id", _("W tym naborze nie ma takiej oferty."))
    errors.raise_if_any()
    request = JustificationRequest(
        call_id=call.id,
        offer_id=offer_id,
        requester=requester,
        email=email,
        text=text,
        received_at=now,
        status=JustificationStatus.open,
    )
    db.session.add(request)
    db.session.flush()
    record(
        "justification.request",
        "call",
        call.id,
        actor=None,
        office_id=call.office_id,
        summary=requester,
        after={"request_id": request.id, "offer_id": offer_id, "received_at": now},
    )
    queue_mail(
        email,
        _("Otrzymaliśmy żądanie uzasadnienia — nabór „%(call)s”", call=call.title[:150]),
        _(
            "Urząd otrzymał %(at)s Twoje żądanie uzasadnienia wyboru lub odrzucenia oferty w naborze "
            "„%(call)s” (art. 15 ust. 2i ustawy). Odpowiedź otrzymasz na ten adres.\n",
            at=datetime_pl(now),
            call=call.title,
        ),
    )
    return request


def answer_justification(
    *, actor, request: JustificationRequest, raw: dict, now: datetime | None = None
) -> JustificationRequest:
    now = now or now_utc()
    call = db.session.get(Call, request.call_id)
    require_officer(actor, call.office_id)
    errors = FieldErrors()
    answer = _text(errors, "answer", raw.get("answer"), required=True, limit=20000)
    errors.raise_if_any()
    if not request.can_move_to(JustificationStatus.answered):
        raise Conflict(_("Na ten wniosek już odpowiedziano."), code="already_answered")
    request.status, request.answer = JustificationStatus.answered, answer
    request.answered_at, request.answered_by_id = now, actor.id
    db.session.flush()
    queue_mail(request.email, _("Uzasadnienie — nabór „%(call)s”", call=call.title[:150]), answer)
    record(
        "justification.answer",
        "call",
        call.id,
        actor=actor,
        office_id=call.office_id,
        summary=request.requester,
        before={"request_id": request.id, "status": "open"},
        after={"request_id": request.id, "status": "answered"},
    )
    return request
