"""The only writers of offers. Each takes the actor and the time (`now`, or for deadline-bound steps the
request's `receipt`), checks the transition table and the rules, changes rows, writes the audit entry
and queues jobs; none commits (the request does).

Concurrency. Every change of an offer's row is one conditional UPDATE that states what the writer saw:
    UPDATE offers SET ... WHERE id = :id AND status IN (...) AND lock_version = :seen
                            [AND EXISTS (call published AND :receipt < submission_deadline)]
If it touches no row, someone else got there first (or the deadline was earlier than the receipt),
and the operation says which, instead of overwriting. On PostgreSQL the UPDATE waits for a concurrent
writer's commit and re-checks its WHERE on the new row, so of two simultaneous submissions exactly one
wins. The row lock taken by the UPDATE is then held until the request commits, so what the winner
freezes next (partners, organisations, attachments) cannot change under it.
"""

from datetime import datetime, time
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import gettext as _

from grants.audit.log import record
from grants.auth.permissions import require_officer
from grants.calls.models import Call, CallStatus
from grants.clock import WARSAW, now_utc, warsaw_date
from grants.errors import Conflict, FieldErrors, Forbidden, NotFound, ValidationFailed
from grants.extensions import db
from grants.formatting import datetime_pl, money_str
from grants.mail import queue_mail
from grants.offers import control, schema, storage
from grants.offers.figures import offer_estimate, submission_errors
from grants.offers.models import (
    EDITABLE,
    EDITABLE_UNTIL_DEADLINE,
    Attachment,
    Confirmation,
    ConfirmationChannel,
    Offer,
    OfferPartner,
    OfferStatus,
    OfferVersion,
)
from grants.offers.queries import is_member, version_by_code
from grants.offers.receipt import receipt_time
from grants.organizations.models import Organization
from grants.parsing import is_blank, parse_date, parse_datetime, parse_enum

MAX_EDIT_RETRIES = 3


# ---------------------------------------------------------------- access


def require_ngo_actor(actor) -> None:
    """Offers are written by organisation members; staff accounts never write them (403, a role matter)."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise Forbidden(_("Zaloguj się jako członek organizacji."))
    if actor.is_officer or actor.is_evaluator:
        raise Forbidden(_("Oferty składają organizacje pozarządowe, nie pracownicy urzędu ani członkowie komisji."))


def require_member(actor, offer: Offer) -> None:
    require_ngo_actor(actor)
    if not is_member(actor, offer):
        raise NotFound(_("Nie ma takiej oferty."))


def _require_open_call(call: Call, moment: datetime) -> None:
    if call.status != CallStatus.published:
        raise Conflict(_("Ten nabór nie przyjmuje ofert."), code="call_not_open")
    if call.deadline_passed(moment):
        raise Conflict(
            _(
                "Termin składania ofert minął %(deadline)s (liczy się czas serwera).",
                deadline=datetime_pl(call.submission_deadline),
            ),
            code="deadline_passed",
        )


def _correction_closed(offer: Offer) -> Conflict:
    return Conflict(
        _(
            "Termin na uzupełnienie braków formalnych minął %(deadline)s (liczy się czas serwera). "
            "Po tym terminie urząd nie przyjmuje poprawek.",
            deadline=datetime_pl(offer.correction_deadline),
        ),
        code="correction_closed",
    )


def _require_correction_open(offer: Offer, moment: datetime) -> None:
    if offer.call.status not in (CallStatus.published, CallStatus.under_review):
        raise Conflict(_("Ten nabór nie przyjmuje już poprawek ofert."), code="call_not_open")
    if not offer.correction_open(moment):
        raise _correction_closed(offer)


def _correction_call_clause():
    """A correction is taken while the call is still being reviewed (not resolved, not cancelled)."""
    return (
        sa.select(Call.id)
        .where(Call.id == Offer.call_id, Call.status.in_((CallStatus.published, CallStatus.under_review)))
        .exists()
    )


def _check_opened(offer: Offer, updates: dict, relations: dict) -> None:
    """In correction the NGO may change only what the office's request named (dotted paths); every other
    change is refused per field, so a client may still send back what it read."""
    opened = offer.correction_fields or []
    current = schema.normalised(offer.content)
    errors = FieldErrors()
    message = _(
        "Tego pola nie wskazano w wezwaniu do uzupełnienia braków formalnych. Można poprawić tylko: %(fields)s.",
        fields=", ".join(opened),
    )
    for path in sorted(schema.changed_paths(current, {**current, **updates})):
        if not schema.path_opened(path, opened):
            errors.add(path, message)
    if relations.get("partners") is not None and not schema.path_opened("partners", opened):
        now_partners = [(p.organization_id, p.cost_share) for p in offer.partners]
        asked = [
            (ref["organization_id"], ref.get("cost_share", dict(now_partners).get(ref["organization_id"])))
            for ref in relations["partners"]
        ]
        if asked != now_partners:
            errors.add("partners", message)
    if relations.get("cost_split") is not None and not schema.path_opened("cost_split", opened):
        shares = {p.organization_id: p.cost_share for p in offer.partners}
        lead = current.get("lead_cost_share")
        shares[offer.organization_id] = None if lead is None else Decimal(lead)
        if any(shares.get(row["organization_id"], "missing") != row["amount"] for row in relations["cost_split"]):
            errors.add("cost_split", message)
    errors.raise_if_any()


def _require_attachments_open(offer: Offer, now: datetime) -> None:
    if offer.status != OfferStatus.correction:
        return
    _require_correction_open(offer, now)
    if not any(field == "attachments" or field.startswith("attachments.") for field in offer.correction_fields or ()):
        raise ValidationFailed.one(
            "attachments",
            _(
                "Załączników nie wskazano w wezwaniu do uzupełnienia braków "
                "formalnych; w tej ofercie nie można ich teraz zmieniać."
            ),
        )


def _not_draft() -> Conflict:
    return Conflict(
        _(
            "Ofertę można zmieniać tylko jako wersję roboczą. Złożoną ofertę najpierw wycofaj "
            "(przed terminem składania ofert)."
        ),
        code="not_draft",
    )


def _edit_conflict(offer: Offer) -> Conflict:
    return Conflict(
        _(
            "Ktoś inny zapisał tę ofertę w międzyczasie (wersja %(version)d). Twoje zmiany nie zostały "
            "zapisane, aby nie nadpisać cudzych. Odśwież ofertę, sprawdź zmiany i wprowadź swoje "
            "ponownie.",
            version=offer.lock_version,
        ),
        code="edit_conflict",
    )


def parse_lock_version(raw) -> int | None:
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, (int, str)):
        raise ValidationFailed.one("lock_version", _("Podaj numer wersji roboczej (lock_version) z odczytu oferty."))
    try:
        value = int(raw)
    except ValueError:
        raise ValidationFailed.one(
            "lock_version", _("Podaj numer wersji roboczej (lock_version) z odczytu oferty.")
        ) from None
    if value < 0:
        raise ValidationFailed.one("lock_version", _("Podaj numer wersji roboczej (lock_version) z odczytu oferty."))
    return value


def _open_call_clause(receipt: datetime):
    """The deadline, judged by the database in the same statement as the write."""
    return (
        sa.select(Call.id)
        .where(Call.id == Offer.call_id, Call.status == CallStatus.published, Call.submission_deadline > receipt)
        .exists()
    )


def _conditional_update(offer: Offer, where: list, values: dict) -> bool:
    result = db.session.execute(
        sa.update(Offer)
        .where(Offer.id == offer.id, *where)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    changed = result.rowcount == 1
    db.session.refresh(offer)  # what is in the row now: ours, or the other writer's
    return changed


def _touch(actor, offer: Offer, now: datetime) -> None:
    """Lock the row for a change beside the content (attachments), while it is still editable."""
    if not _conditional_update(
        offer,
        [Offer.status.in_(EDITABLE), sa.or_(Offer.status != OfferStatus.correction, Offer.correction_deadline > now)],
        {"updated_at": now, "updated_by_id": actor.id},
    ):
        raise _not_draft()


# ---------------------------------------------------------------- create, edit, clone


def _parse_organization(raw, actor) -> Organization:
    value = raw.get("organization_id") if isinstance(raw, dict) else None
    try:
        if isinstance(value, bool):
            raise ValueError
        org_id = int(value)
    except (TypeError, ValueError):
        raise ValidationFailed.one(
            "organization_id", _("Wskaż organizację, w imieniu której składasz ofertę.")
        ) from None
    organization = db.session.get(Organization, org_id)
    if organization is None:
        raise ValidationFailed.one("organization_id", _("Nie ma takiej organizacji."))
    if not organization.has_member(actor):
        raise Forbidden(_("Ofertę może przygotować tylko członek tej organizacji."))
    return organization


def create_offer(*, actor, call: Call, raw: dict, now: datetime | None = None) -> Offer:
    """A new draft for `call` on behalf of `raw["organization_id"]` (the representing organisation)."""
    now = now or receipt_time()
    require_ngo_actor(actor)
    organization = _parse_organization(raw, actor)
    _require_open_call(call, now)
    title = raw.get("title")
    if not isinstance(title, str) or not title.strip():
        raise ValidationFailed.one("title", _("Podaj tytuł zadania publicznego."))
    if len(title.strip()) > schema.TEXT_FIELDS["title"]:
        raise ValidationFailed.one("title", _("Najwyżej %(n)d znaków.", n=schema.TEXT_FIELDS["title"]))
    title = title.strip()
    offer = Offer(
        call_id=call.id,
        organization_id=organization.id,
        status=OfferStatus.draft,
        title=title,
        content=schema.empty_content(title),
        lock_version=0,
        created_at=now,
        created_by_id=actor.id,
        updated_at=now,
        updated_by_id=actor.id,
    )
    db.session.add(offer)
    db.session.flush()
    record(
        "offer.create",
        "offer",
        offer.id,
        actor=actor,
        office_id=call.office_id,
        summary=title,
        after={"call_id": call.id, "organization_id": organization.id, "status": "draft"},
    )
    return offer


def _check_partners(offer: Offer, refs: list[dict], errors: FieldErrors) -> list[dict]:
    for index, ref in enumerate(refs):
        org_id = ref["organization_id"]
        if org_id == offer.organization_id:
            errors.add(
                f"partners.{index}",
                _(
                    "Organizacja składająca ofertę nie jest swoim partnerem; podaj "
                    "tylko pozostałe organizacje oferty wspólnej."
                ),
            )
        elif db.session.get(Organization, org_id) is None:
            errors.add(f"partners.{index}", _("Nie ma organizacji o identyfikatorze %(id)d.", id=org_id))
    return refs


def _check_split_ids(offerors: list[int], split: list[dict], errors: FieldErrors) -> None:
    seen = set()
    for index, row in enumerate(split):
        if row["organization_id"] not in offerors:
            errors.add(
                f"cost_split.{index}.organization_id",
                _("Ta organizacja nie jest oferentem tej oferty; dodaj ją najpierw do partnerów."),
            )
        elif row["organization_id"] in seen:
            errors.add(f"cost_split.{index}.organization_id", _("Każdego oferenta podaj raz."))
        seen.add(row["organization_id"])


def _apply_relations(offer: Offer, relations: dict, content: dict) -> None:
    """Partners (art. 14 ust. 2) and their shares of V.C; the representing organisation's share is content."""
    if relations.get("partners") is not None:
        existing = {p.organization_id: p for p in offer.partners}
        kept = []
        for position, ref in enumerate(relations["partners"]):
            row = existing.get(ref["organization_id"]) or OfferPartner(organization_id=ref["organization_id"])
            row.position = position
            if "cost_share" in ref:
                row.cost_share = ref["cost_share"]
            kept.append(row)
        offer.partners = kept
    if relations.get("cost_split") is not None:
        shares = {row["organization_id"]: row["amount"] for row in relations["cost_split"]}
        for partner in offer.partners:
            if partner.organization_id in shares:
                partner.cost_share = shares[partner.organization_id]
        if offer.organization_id in shares:
            content["lead_cost_share"] = money_str(shares[offer.organization_id])
    if not offer.partners:
        content["lead_cost_share"] = None  # V.C is for joint offers only


def update_offer(*, actor, offer: Offer, raw: dict, now: datetime | None = None) -> Offer:
    """PATCH a draft. `raw["lock_version"]`, when given, must be the version the editor read (else 409
    `edit_conflict`); without it the change applies to the draft as it is now. Editing a withdrawn offer
    makes it a draft again. An offer in correction stays in correction and may change only the fields the
    office's request named (422 per other field), and only before the correction deadline (409
    `correction_closed`)."""
    now = now or receipt_time()
    require_member(actor, offer)
    expected = parse_lock_version(raw.get("lock_version"))
    if not offer.is_editable:
        raise _not_draft()
    correcting = offer.status == OfferStatus.correction
    if correcting:
        _require_correction_open(offer, now)
    if expected is not None and expected != offer.lock_version:
        raise _edit_conflict(offer)
    updates, relations, errors = schema.parse_offer_patch(raw)
    if relations.get("partners") is not None:
        _check_partners(offer, relations["partners"], errors)
    if relations.get("cost_split") is not None and not errors.fields.get("partners"):
        offerors = (
            [offer.organization_id] + [p["organization_id"] for p in relations["partners"]]
            if relations.get("partners") is not None
            else offer.organization_ids
        )
        _check_split_ids(offerors, relations["cost_split"], errors)
    errors.raise_if_any()
    if correcting:
        _check_opened(offer, updates, relations)

    for _attempt in range(MAX_EDIT_RETRIES):
        seen = offer.lock_version
        was = offer.status
        content = {**schema.normalised(offer.content), **updates}
        values = {
            "content": content,
            "title": content["title"] or offer.title,
            "status": OfferStatus.correction if correcting else OfferStatus.draft,
            "lock_version": Offer.lock_version + 1,
            "updated_at": now,
            "updated_by_id": actor.id,
        }
        where = (
            [Offer.status == OfferStatus.correction, Offer.correction_deadline > now]
            if correcting
            else [Offer.status.in_(EDITABLE_UNTIL_DEADLINE)]
        )
        if _conditional_update(offer, [*where, Offer.lock_version == seen], values):
            break
        if not offer.is_editable or (offer.status == OfferStatus.correction) != correcting:
            raise _not_draft()
        if correcting and not offer.correction_open(now):
            raise _correction_closed(offer)
        if expected is not None:
            raise _edit_conflict(offer)
        if correcting:
            _check_opened(offer, updates, relations)
        # No version was named: someone saved in between; apply the change to what they saved.
    else:
        raise _edit_conflict(offer)

    if relations:
        content = schema.normalised(offer.content)
        _apply_relations(offer, relations, content)
        offer.content = content
        db.session.flush()
    if was == OfferStatus.withdrawn:
        record(
            "offer.reopen",
            "offer",
            offer.id,
            actor=actor,
            office_id=offer.call.office_id,
            summary=offer.title,
            before={"status": "withdrawn"},
            after={"status": "draft"},
        )
    record(
        "offer.update",
        "offer",
        offer.id,
        actor=actor,
        office_id=offer.call.office_id,
        summary=offer.title,
        after={"fields": sorted(set(updates) | set(relations)), "lock_version": offer.lock_version},
    )
    return offer


def clone_offer(*, actor, offer: Offer, call: Call, now: datetime | None = None) -> Offer:
    """A new draft in `call` from an earlier offer of the same organisation. The task dates (they belong to
    the earlier call's window), the V.C split and the section VII statements (they speak of the moment of
    submission) are left for the NGO to fill in again; attachments are not copied."""
    now = now or receipt_time()
    require_member(actor, offer)
    if not offer.organization.has_member(actor):
        # the copy is made on behalf of the representing organisation, so only its members may make it
        raise Forbidden(_("Ofertę może skopiować tylko członek organizacji, która ją składa."))
    _require_open_call(call, now)
    content = schema.normalised(offer.content)
    fresh = schema.empty_content()
    content.update(task_start=None, task_end=None, statements=fresh["statements"], lead_cost_share=None)
    copy = Offer(
        call_id=call.id,
        organization_id=offer.organization_id,
        status=OfferStatus.draft,
        title=offer.title,
        content=content,
        lock_version=0,
        cloned_from_id=offer.id,
        created_at=now,
        created_by_id=actor.id,
        updated_at=now,
        updated_by_id=actor.id,
        partners=[OfferPartner(organization_id=p.organization_id, position=p.position) for p in offer.partners],
    )
    db.session.add(copy)
    db.session.flush()
    record(
        "offer.clone",
        "offer",
        copy.id,
        actor=actor,
        office_id=call.office_id,
        summary=copy.title,
        after={"cloned_from": offer.id, "call_id": call.id, "organization_id": copy.organization_id},
    )
    return copy


# ---------------------------------------------------------------- submit and withdraw


def _diagnose(offer: Offer, receipt: datetime, *, editable_expected: bool, correcting: bool = False):
    """Why a conditional UPDATE touched no row: the answer for the refused request."""
    db.session.refresh(offer.call)
    if correcting:
        if offer.status == OfferStatus.correction:
            _require_correction_open(offer, receipt)
            raise _edit_conflict(offer)
        raise Conflict(_("Ta oferta jest już złożona."), code="not_draft")
    _require_open_call(offer.call, receipt)
    if editable_expected and not offer.is_editable:
        raise Conflict(_("Ta oferta jest już złożona."), code="not_draft")
    if not editable_expected and offer.status != OfferStatus.submitted:
        raise Conflict(_("Wycofać można tylko złożoną ofertę."), code="not_submitted")
    raise _edit_conflict(offer)


def build_document(offer: Offer, content: dict, result, number: int) -> dict:
    partners = {p.organization_id: p for p in offer.partners}
    organizations = [
        control.organization_snapshot(
            offer.organization,
            representing=True,
            cost_share=schema.normalised(content).get("lead_cost_share") if partners else None,
        )
    ]
    organizations += [
        control.organization_snapshot(p.organization, representing=False, cost_share=money_str(p.cost_share))
        for p in offer.partners
    ]
    call = offer.call
    return {
        "format": control.FORMAT,
        "offer_id": offer.id,
        "version": number,
        # Section I: the organ the offer is addressed to and the kind of public task.
        "call": {
            "id": call.id,
            "title": call.title,
            "task_type": call.task_type,
            "form": call.form.value,
            "office": call.office.name if call.office else None,
        },
        "organizations": organizations,
        "content": schema.frozen_content(content),
        "computed": result.as_strings(),
        "attachments": [control.attachment_entry(a) for a in offer.active_attachments],
    }


def submit_offer(
    *, actor, offer: Offer, receipt: datetime | None = None, lock_version: int | None = None
) -> OfferVersion:
    """Freeze the draft as a new version with its control sum, if it arrived before the deadline.

    `receipt` is when the request arrived (`grants.offers.receipt`), never the moment of the write; the
    deadline check and the state change are one conditional UPDATE (see the module docstring). An offer in
    correction is judged against its correction deadline instead of the call's (409 `correction_closed`).
    """
    receipt = receipt or receipt_time()
    require_member(actor, offer)
    correcting = offer.status == OfferStatus.correction
    if correcting:
        _require_correction_open(offer, receipt)
    else:
        _require_open_call(offer.call, receipt)
    if not offer.is_editable:
        raise Conflict(_("Ta oferta jest już złożona. Aby złożyć ją ponownie, najpierw ją wycofaj."), code="not_draft")
    if lock_version is not None and lock_version != offer.lock_version:
        raise _edit_conflict(offer)
    errors = submission_errors(offer)
    if errors:
        raise ValidationFailed(
            errors.fields, _("Oferta jest niekompletna lub niespójna — popraw wskazane pola i złóż ją ponownie.")
        )
    seen = offer.lock_version
    content = schema.normalised(offer.content)  # validated above; the lock_version guard keeps it so
    was = offer.status
    if correcting:
        where = [Offer.status == OfferStatus.correction, Offer.correction_deadline > receipt, _correction_call_clause()]
        extra = {"correction_deadline": None, "correction_fields": None}
    else:
        where, extra = [Offer.status.in_(EDITABLE_UNTIL_DEADLINE), _open_call_clause(receipt)], {}
    changed = _conditional_update(
        offer,
        [*where, Offer.lock_version == seen],
        {"status": OfferStatus.submitted, "lock_version": Offer.lock_version + 1, "updated_by_id": actor.id, **extra},
    )
    if not changed:
        _diagnose(offer, receipt, editable_expected=True, correcting=correcting)

    # We hold the row now: nobody can change the offer until this request commits. `_conditional_update`
    # refreshed the whole offer after its UPDATE took the lock, partners and attachments included.
    _typed, result, _problems = offer_estimate(offer, content)
    number = (
        db.session.scalar(db.select(db.func.max(OfferVersion.number)).where(OfferVersion.offer_id == offer.id)) or 0
    ) + 1
    document = build_document(offer, content, result, number)
    sum_hex = control.control_sum(document)
    version = OfferVersion(
        offer_id=offer.id,
        call_id=offer.call_id,
        number=number,
        document=document,
        control_sum=sum_hex,
        control_code=control.control_code(sum_hex),
        total_cost=result.total_cost,
        requested_grant=result.requested_grant,
        submitted_at=receipt,
        submitted_by_id=actor.id,
    )
    db.session.add(version)
    db.session.flush()
    offer.current_version = version
    db.session.flush()
    _mail_confirmation(actor, offer, version)
    record(
        "offer.submit",
        "offer",
        offer.id,
        actor=actor,
        office_id=offer.call.office_id,
        summary=offer.title,
        before={"status": was.value},
        after={
            "status": "submitted",
            "version": number,
            "control_sum": sum_hex,
            "control_code": version.control_code,
            "submitted_at": receipt,
            "correction": correcting,
        },
    )
    return version


def _mail_confirmation(actor, offer: Offer, version: OfferVersion) -> None:
    subject = _(
        "Złożono ofertę „%(title)s” — kod kontrolny %(code)s", title=offer.title[:120], code=version.control_code
    )
    body = _(
        "Oferta „%(title)s” organizacji %(organization)s w naborze „%(call)s” została złożona %(at)s "
        "(wersja %(version)d).\n\n"
        "Suma kontrolna (SHA-256):\n%(sum)s\n\n"
        "Kod kontrolny: %(code)s\n\n"
        "Wydrukuj potwierdzenie złożenia oferty, podpisz je przez osoby upoważnione i dostarcz do urzędu albo "
        "prześlij przez ePUAP. Urząd rozpozna ofertę po kodzie kontrolnym — sprawdź, czy na potwierdzeniu jest "
        "ten sam kod.\n",
        title=offer.title,
        organization=offer.organization.name,
        call=offer.call.title,
        at=datetime_pl(version.submitted_at),
        version=version.number,
        sum=version.control_sum,
        code=version.control_code,
    )
    recipients = []
    for email in (offer.organization.email, getattr(actor, "email", None)):
        if email and email.lower() not in [r.lower() for r in recipients]:
            recipients.append(email)
    for recipient in recipients:
        queue_mail(recipient, subject, body)


def withdraw_offer(*, actor, offer: Offer, receipt: datetime | None = None) -> OfferVersion:
    """Withdraw a submitted offer before the deadline; the version is kept, marked withdrawn, and the
    offer is the organisation's again (editing makes it a draft; submitting makes a new version)."""
    receipt = receipt or receipt_time()
    require_member(actor, offer)
    _require_open_call(offer.call, receipt)
    if offer.status != OfferStatus.submitted:
        raise Conflict(_("Wycofać można tylko złożoną ofertę."), code="not_submitted")
    changed = _conditional_update(
        offer,
        [Offer.status == OfferStatus.submitted, _open_call_clause(receipt)],
        {"status": OfferStatus.withdrawn, "lock_version": Offer.lock_version + 1, "updated_by_id": actor.id},
    )
    if not changed:
        _diagnose(offer, receipt, editable_expected=False)
    version = offer.current_version
    version.withdrawn_at = receipt
    version.withdrawn_by_id = actor.id
    db.session.flush()
    record(
        "offer.withdraw",
        "offer",
        offer.id,
        actor=actor,
        office_id=offer.call.office_id,
        summary=offer.title,
        before={"status": "submitted"},
        after={"status": "withdrawn", "version": version.number, "withdrawn_at": receipt},
    )
    return version


def open_correction(*, actor, offer: Offer, deadline: datetime, fields: list[str], now: datetime | None = None) -> None:
    """The office's request to correct formal defects (made by `grants.review.operations`): the submitted
    offer goes into correction, editable in `fields` (dotted paths) until `deadline`, exclusive. One
    conditional UPDATE on the version the office reviewed, like every other change of the offer."""
    now = now or now_utc()
    require_officer(actor, offer.call.office_id)
    seen = offer.current_version_id
    changed = _conditional_update(
        offer,
        [Offer.status == OfferStatus.submitted, Offer.current_version_id == seen],
        {
            "status": OfferStatus.correction,
            "correction_deadline": deadline,
            "correction_fields": list(fields),
            "lock_version": Offer.lock_version + 1,
        },
    )
    if not changed:
        raise Conflict(_("Oferta zmieniła się w międzyczasie albo nie jest złożona; odśwież ją."), code="not_submitted")
    record(
        "offer.correction_open",
        "offer",
        offer.id,
        actor=actor,
        office_id=offer.call.office_id,
        summary=offer.title,
        before={"status": "submitted"},
        after={
            "status": "correction",
            "correction_deadline": deadline,
            "fields": list(fields),
            "version": offer.current_version.number if offer.current_version else None,
        },
    )


# ---------------------------------------------------------------- attachments


def add_attachment(
    *, actor, offer: Offer, stream, filename: str | None, kind=None, now: datetime | None = None
) -> Attachment:
    """Store a file for the draft: PDF, PNG/JPEG, ODT/DOCX by content; ≤ 10 MB each, ≤ 50 MB per offer."""
    now = now or receipt_time()
    require_member(actor, offer)
    if not offer.is_editable:
        raise _not_draft()
    _require_attachments_open(offer, now)
    errors = FieldErrors()
    kind = schema.parse_kind(errors, kind)
    if stream is None:
        errors.add("file", _("Wybierz plik do dodania."))
    errors.raise_if_any()
    _touch(actor, offer, now)  # locks the row: a concurrent submission freezes with or without this file
    used = sum(a.size for a in offer.active_attachments)
    room = storage.MAX_OFFER_BYTES - used
    if room <= 0:
        raise storage.TooLarge(
            _("Załączniki tej oferty zajmują już 50 MB, najwięcej ile można. Usuń któryś, zanim dodasz kolejny.")
        )
    if room < storage.MAX_FILE_BYTES:
        limit, message = (
            room,
            _(
                "Ten plik nie zmieści się: wszystkie załączniki oferty mogą mieć razem najwyżej "
                "50 MB, zostało %(mb).1f MB. Zmniejsz plik albo usuń inny załącznik.",
                mb=room / 1024 / 1024,
            ),
        )
    else:
        limit, message = (
            storage.MAX_FILE_BYTES,
            _(
                "Plik może mieć najwyżej 10 MB. Zmniejsz go (np. zapisz skan "
                "w niższej rozdzielczości) albo podziel na części."
            ),
        )
    stored = storage.store_upload(stream, max_bytes=limit, too_large_message=message)
    attachment = Attachment(
        offer_id=offer.id,
        kind=kind,
        original_filename=storage.clean_filename(filename),
        stored_name=stored.stored_name,
        size=stored.size,
        sha256=stored.sha256,
        content_type=stored.content_type,
        uploaded_at=now,
        uploaded_by_id=actor.id,
    )
    db.session.add(attachment)
    db.session.flush()
    db.session.refresh(offer, ["attachments"])
    record(
        "offer.attachment_add",
        "offer",
        offer.id,
        actor=actor,
        office_id=offer.call.office_id,
        summary=attachment.original_filename,
        after={
            "attachment_id": attachment.id,
            "kind": kind,
            "size": stored.size,
            "sha256": stored.sha256,
            "content_type": stored.content_type,
        },
    )
    return attachment


def remove_attachment(*, actor, offer: Offer, attachment: Attachment, now: datetime | None = None) -> None:
    now = now or receipt_time()
    require_member(actor, offer)
    if attachment.offer_id != offer.id or attachment.removed_at is not None:
        raise NotFound(_("Nie ma takiego załącznika."))
    _require_attachments_open(offer, now)
    _touch(actor, offer, now)
    attachment.removed_at = now
    attachment.removed_by_id = actor.id
    db.session.flush()
    record(
        "offer.attachment_remove",
        "offer",
        offer.id,
        actor=actor,
        office_id=offer.call.office_id,
        summary=attachment.original_filename,
        before={"attachment_id": attachment.id},
    )


# ---------------------------------------------------------------- confirmations (the office)


def _parse_received_at(errors: FieldErrors, value) -> datetime | None:
    if is_blank(value):
        errors.add("received_at", _("Podaj datę wpływu potwierdzenia."))
        return None
    if isinstance(value, str) and len(value.strip()) == 10:
        day = parse_date(errors, "received_at", value)
        return datetime.combine(day, time(0, 0), tzinfo=WARSAW) if day else None
    return parse_datetime(errors, "received_at", value)


def record_confirmation(*, actor, call: Call, raw: dict, now: datetime | None = None) -> Confirmation:
    """The office records the signed confirmation (paper or ePUAP) of a submitted version, found by the
    short control code printed on it. Only the offer's current, not withdrawn version can be confirmed."""
    now = now or now_utc()
    require_officer(actor, call.office_id)
    errors = FieldErrors()
    code = control.normalise_code(raw.get("control_code"))
    if code is None:
        errors.add("control_code", _("Podaj kod kontrolny z potwierdzenia: 12 znaków 0–9 i A–F, np. A1B2-C3D4-E5F6."))
    received_at = _parse_received_at(errors, raw.get("received_at"))
    channel = None
    if is_blank(raw.get("channel")):
        errors.add("channel", _("Wskaż, jak wpłynęło potwierdzenie: paper (papier) albo epuap."))
    else:
        channel = parse_enum(
            errors,
            "channel",
            raw.get("channel"),
            ConfirmationChannel,
            _("Wskaż, jak wpłynęło potwierdzenie: paper (papier) albo epuap."),
        )
    if received_at is not None and received_at > now:
        errors.add("received_at", _("Data wpływu nie może być z przyszłości."))
    errors.raise_if_any()
    version = version_by_code(call.id, code)
    if version is None:
        raise ValidationFailed.one(
            "control_code",
            _("W tym naborze nie złożono oferty o kodzie %(code)s. Sprawdź kod na potwierdzeniu.", code=code),
        )
    offer = version.offer
    if version.withdrawn_at is not None:
        raise Conflict(
            _(
                "Ta wersja oferty została wycofana %(at)s; potwierdzenie jej nie dotyczy.",
                at=datetime_pl(version.withdrawn_at),
            ),
            code="version_withdrawn",
        )
    if offer.current_version_id != version.id:
        raise Conflict(
            _(
                "To potwierdzenie dotyczy wcześniejszej wersji oferty (%(number)d). Aktualna wersja ma "
                "kod %(current)s.",
                number=version.number,
                current=offer.current_version.control_code,
            ),
            code="superseded",
        )
    if version.confirmation is not None:
        raise Conflict(_("Potwierdzenie tej wersji oferty zostało już zarejestrowane."), code="already_confirmed")
    if warsaw_date(received_at) < warsaw_date(version.submitted_at):
        raise ValidationFailed.one(
            "received_at",
            _("Potwierdzenie nie mogło wpłynąć przed złożeniem oferty (%(at)s).", at=datetime_pl(version.submitted_at)),
        )
    confirmation = Confirmation(
        offer_version_id=version.id, received_at=received_at, channel=channel, recorded_at=now, recorded_by_id=actor.id
    )
    db.session.add(confirmation)
    db.session.flush()
    db.session.refresh(version, ["confirmation"])
    record(
        "offer.confirm",
        "offer",
        offer.id,
        actor=actor,
        office_id=call.office_id,
        summary=code,
        after={"version": version.number, "control_code": code, "channel": channel.value, "received_at": received_at},
    )
    return confirmation
