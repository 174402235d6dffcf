"""Submitting an offer (a frozen version with its control sum, and the confirmation e-mail) and
withdrawing it before the deadline."""

from datetime import datetime

from flask_babel import force_locale
from flask_babel import gettext as _

from grants.audit.log import record
from grants.errors import Conflict, ValidationFailed
from grants.extensions import db
from grants.formatting import datetime_pl, money_str
from grants.mail import member_recipients, queue_mails
from grants.offers import control, schema
from grants.offers.figures import offer_estimate, submission_errors
from grants.offers.models import EDITABLE_UNTIL_DEADLINE, Offer, OfferStatus, OfferVersion
from grants.offers.operations.guards import (
    conditional_update,
    correction_call_clause,
    edit_conflict,
    open_call_clause,
    require_acting_profile,
    require_correction_open,
    require_member,
    require_open_call,
)
from grants.offers.receipt import receipt_time


def _diagnose(offer: Offer, receipt: datetime, *, editable_expected: bool, correcting: bool = False):
    """Why a conditional UPDATE touched no row: the answer for the refused request."""
    db.session.refresh(offer.call)
    if correcting:
        if offer.status == OfferStatus.correction:
            require_correction_open(offer, receipt)
            raise edit_conflict(offer)
        raise Conflict(_("Ta oferta jest już złożona."), code="not_draft")
    require_open_call(offer.call, receipt)
    if editable_expected and not offer.is_editable:
        raise Conflict(_("Ta oferta jest już złożona."), code="not_draft")
    if not editable_expected and offer.status != OfferStatus.submitted:
        raise Conflict(_("Wycofać można tylko złożoną ofertę."), code="not_submitted")
    raise edit_conflict(offer)


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


def _check_submittable(offer: Offer, receipt: datetime, lock_version: int | None, correcting: bool) -> None:
    if correcting:
        require_correction_open(offer, receipt)
    else:
        require_open_call(offer.call, receipt)
    if not offer.is_editable:
        raise Conflict(_("Ta oferta jest już złożona. Aby złożyć ją ponownie, najpierw ją wycofaj."), code="not_draft")
    require_acting_profile(offer.organization)
    if lock_version is not None and lock_version != offer.lock_version:
        raise edit_conflict(offer)
    errors = submission_errors(offer)
    if errors:
        raise ValidationFailed(
            errors.fields, _("Oferta jest niekompletna lub niespójna — popraw wskazane pola i złóż ją ponownie.")
        )


def _mark_submitted(actor, offer: Offer, receipt: datetime, correcting: bool) -> None:
    """The one conditional UPDATE that decides the submission (see grants.offers.operations)."""
    seen = offer.lock_version
    if correcting:
        where = [Offer.status == OfferStatus.correction, Offer.correction_deadline > receipt, correction_call_clause()]
        extra = {"correction_deadline": None, "correction_fields": None}
    else:
        where, extra = [Offer.status.in_(EDITABLE_UNTIL_DEADLINE), open_call_clause(receipt)], {}
    changed = conditional_update(
        offer,
        [*where, Offer.lock_version == seen],
        {"status": OfferStatus.submitted, "lock_version": Offer.lock_version + 1, "updated_by_id": actor.id, **extra},
        related=False,
    )
    if not changed:
        _diagnose(offer, receipt, editable_expected=True, correcting=correcting)


def freeze_version(actor, offer: Offer, content: dict, receipt: datetime, *, extra: dict | None = None) -> OfferVersion:
    """A new frozen version of `content` with its control sum, made the offer's current version. `extra`
    adds keys to the document before it is hashed (the update's award and note: `operations.update`)."""
    _typed, result, _problems = offer_estimate(offer, content)
    # Both callers hold the offer's row (their conditional UPDATE): no other version can appear before the
    # commit, so the versions read now are all there are (and (offer_id, number) is unique all the same). An
    # offer without a current version never froze one (each freeze sets it, nothing clears it): its first
    # needs no read of the versions.
    number = 1
    if offer.current_version_id is not None:
        number = max((v.number for v in offer.versions), default=0) + 1
    document = {**build_document(offer, content, result, number), **(extra or {})}
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
    return version


def submit_offer(
    *, actor, offer: Offer, receipt: datetime | None = None, lock_version: int | None = None
) -> OfferVersion:
    """Freeze the draft as a new version with its control sum, if it arrived before the deadline.

    `receipt` is when the request arrived (`grants.offers.receipt`), never the moment of the write; the
    deadline check and the state change are one conditional UPDATE (see grants.offers.operations). An
    offer in correction is judged against its correction deadline instead of the call's (409
    `correction_closed`).
    """
    receipt = receipt or receipt_time()
    require_member(actor, offer)
    correcting = offer.status == OfferStatus.correction
    _check_submittable(offer, receipt, lock_version, correcting)
    content = schema.normalised(offer.content)  # validated above; the lock_version guard keeps it so
    was = offer.status
    _mark_submitted(actor, offer, receipt, correcting)
    # We hold the row now: nobody can change the offer until this request commits. Its columns came back with
    # the UPDATE; the attachments and versions are read from here on, under the lock. The partners were read
    # before it: the lead's change of them moves lock_version (the UPDATE would have refused), and a partner's
    # own answer takes no lock of the row, so no re-read would order it against this submission.
    version = freeze_version(actor, offer, content, receipt)
    mail_confirmation(offer, version)
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
            "version": version.number,
            "control_sum": version.control_sum,
            "control_code": version.control_code,
            "submitted_at": receipt,
            "correction": correcting,
        },
    )
    return version


def _organizations(offer: Offer) -> list:
    """The offer's offerors: the representing organisation and the partners that confirmed (art. 14 ust. 2)."""
    return [offer.organization] + [p.organization for p in offer.partners if p.is_confirmed]


def _mail_members(offer: Offer, message, queue=None) -> None:
    """`message()` → (subject, body) drawn in each recipient's language, queued (sent after the commit).
    `queue`, one message at a time, is the scale build's bulk writer, which queues many offers' mail at once."""
    messages = []
    for email, language in member_recipients(*_organizations(offer)):
        with force_locale(language):
            subject, body = message(language)
        messages.append((email, subject, body))
    if queue is None:
        queue_mails(messages, office_id=offer.call.office_id)
        return
    for email, subject, body in messages:
        queue(email, subject, body, office_id=offer.call.office_id)


def mail_confirmation(offer: Offer, version: OfferVersion, queue=None) -> None:
    def message(language: str) -> tuple[str, str]:
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
            at=datetime_pl(version.submitted_at, language),
            version=version.number,
            sum=version.control_sum,
            code=version.control_code,
        )
        return subject, body

    _mail_members(offer, message, queue)


def _mail_withdrawal(actor, offer: Offer, version: OfferVersion) -> None:
    def message(language: str) -> tuple[str, str]:
        subject = _(
            "Wycofano ofertę „%(title)s” (kod kontrolny %(code)s)", title=offer.title[:120], code=version.control_code
        )
        body = _(
            "Oferta „%(title)s” organizacji %(organization)s w naborze „%(call)s” została wycofana %(at)s "
            "przez: %(who)s (wersja %(version)d, kod kontrolny %(code)s).\n\n"
            "Urząd nie rozpatrzy tej oferty, dopóki nie zostanie złożona ponownie. Można ją poprawić i złożyć "
            "przed terminem składania ofert (%(deadline)s) — powstanie nowa wersja z nowym kodem kontrolnym. "
            "Potwierdzenie z kodem %(code)s dotyczy wersji wycofanej.\n",
            title=offer.title,
            organization=offer.organization.name,
            call=offer.call.title,
            at=datetime_pl(version.withdrawn_at, language),
            who=getattr(actor, "full_name", None) or getattr(actor, "email", ""),
            version=version.number,
            code=version.control_code,
            deadline=datetime_pl(offer.call.submission_deadline, language),
        )
        return subject, body

    _mail_members(offer, message)


def withdraw_offer(*, actor, offer: Offer, receipt: datetime | None = None) -> OfferVersion:
    """Withdraw a submitted offer before the deadline; the version is kept, marked withdrawn, and the
    offer is the organisation's again (editing makes it a draft; submitting makes a new version)."""
    receipt = receipt or receipt_time()
    require_member(actor, offer)
    require_open_call(offer.call, receipt)
    if offer.status != OfferStatus.submitted:
        raise Conflict(_("Wycofać można tylko złożoną ofertę."), code="not_submitted")
    changed = conditional_update(
        offer,
        [Offer.status == OfferStatus.submitted, open_call_clause(receipt)],
        {"status": OfferStatus.withdrawn, "lock_version": Offer.lock_version + 1, "updated_by_id": actor.id},
    )
    if not changed:
        _diagnose(offer, receipt, editable_expected=False)
    version = offer.current_version
    version.withdrawn_at = receipt
    version.withdrawn_by_id = actor.id
    db.session.flush()
    _mail_withdrawal(actor, offer, version)
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
