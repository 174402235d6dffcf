"""What every writer of an offer checks first, and the one conditional UPDATE they all write with
(see grants.offers.operations): who may write, whether the call or the correction is open, and the
refusals that name what changed under the writer."""

from datetime import datetime
from functools import cache

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm.attributes import set_committed_value

from grants.calls.models import Call, CallStatus
from grants.errors import Conflict, Forbidden, NotFound, ValidationFailed
from grants.extensions import db
from grants.formatting import datetime_pl
from grants.offers.models import EDITABLE, Offer, OfferStatus
from grants.offers.queries import is_member


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


def require_acting_profile(organization) -> None:
    """A profile awaiting an officer's confirmation (its NIP or KRS is another profile's), or refused, does not
    act: no new offers, no submissions (409)."""
    if organization.may_act:
        return
    if organization.status.value == "refused":
        raise Conflict(
            _(
                "Urząd nie potwierdził profilu organizacji %(name)s (ten sam NIP lub KRS ma inny profil w OKO), "
                "więc nie można w jej imieniu przygotowywać ani składać ofert.",
                name=organization.name,
            ),
            code="organization_refused",
        )
    raise Conflict(
        _(
            "Profil organizacji %(name)s czeka na potwierdzenie przez urząd, bo ten sam NIP lub KRS ma już inny "
            "profil w OKO. Do tego czasu nie można w jej imieniu przygotowywać ani składać ofert.",
            name=organization.name,
        ),
        code="organization_awaiting_confirmation",
    )


def require_open_call(call: Call, moment: datetime) -> None:
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


def correction_closed(offer: Offer) -> Conflict:
    return Conflict(
        _(
            "Termin na uzupełnienie braków formalnych minął %(deadline)s (liczy się czas serwera). "
            "Po tym terminie urząd nie przyjmuje poprawek.",
            deadline=datetime_pl(offer.correction_deadline),
        ),
        code="correction_closed",
    )


def require_correction_open(offer: Offer, moment: datetime) -> None:
    if offer.call.status not in (CallStatus.published, CallStatus.under_review):
        raise Conflict(_("Ten nabór nie przyjmuje już poprawek ofert."), code="call_not_open")
    if not offer.correction_open(moment):
        raise correction_closed(offer)


def correction_call_clause():
    """A correction is taken while the call is still being reviewed (not resolved, not cancelled)."""
    return (
        sa.select(Call.id)
        .where(Call.id == Offer.call_id, Call.status.in_((CallStatus.published, CallStatus.under_review)))
        .exists()
    )


def not_draft() -> Conflict:
    return Conflict(
        _(
            "Ofertę można zmieniać tylko jako wersję roboczą. Złożoną ofertę najpierw wycofaj "
            "(przed terminem składania ofert)."
        ),
        code="not_draft",
    )


def edit_conflict(offer: Offer) -> Conflict:
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


def open_call_clause(receipt: datetime):
    """The deadline, judged by the database in the same statement as the write."""
    return (
        sa.select(Call.id)
        .where(Call.id == Offer.call_id, Call.status == CallStatus.published, Call.submission_deadline > receipt)
        .exists()
    )


def conditional_update(offer: Offer, where: list, values: dict, *, related: bool = True) -> bool:
    """The UPDATE, then the offer as it is now: ours, or the other writer's. `related=False` takes the row's own
    columns from the UPDATE's RETURNING — for a write that reads nothing else under the lock (an autosave of
    the content; a submission, which reads the attachments and versions after it): its partners, versions and
    attachments are three SELECTs more, the row one, and a rush brings an autosave every few seconds per person
    typing. A refused UPDATE returns no row: the offer is read again, the other writer's."""
    statement = sa.update(Offer).where(Offer.id == offer.id, *where).values(**values)
    if related:
        changed = db.session.execute(statement.execution_options(synchronize_session=False)).rowcount == 1
        db.session.refresh(offer)
        return changed
    columns = _row_columns()
    row = db.session.execute(
        statement.returning(*(column for _key, column in columns)).execution_options(synchronize_session=False)
    ).first()
    if row is None:
        db.session.refresh(offer, [key for key, _column in columns])
        return False
    for (key, _column), value in zip(columns, row, strict=True):
        set_committed_value(offer, key, value)
    return True


@cache
def _row_columns() -> list:
    """(attribute, column) of each of the offer's own columns (built on first use: the mappers are configured)."""
    return [(attr.key, attr.columns[0]) for attr in sa.inspect(Offer).column_attrs]


def touch(actor, offer: Offer, now: datetime) -> None:
    """Lock the row for a change beside the content (attachments), while it is still editable."""
    if not conditional_update(
        offer,
        [Offer.status.in_(EDITABLE), sa.or_(Offer.status != OfferStatus.correction, Offer.correction_deadline > now)],
        {"updated_at": now, "updated_by_id": actor.id},
    ):
        raise not_draft()
