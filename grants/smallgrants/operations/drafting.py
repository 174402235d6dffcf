"""The NGO's small-grant offer (art. 19a; the simplified form of Dz.U. 2018 poz. 2055): create, update the
draft, submit, withdraw.

A small grant is two rows with one id (grants/smallgrants/models.py): the `Offer` (call_id NULL) holds the
draft and its frozen versions, the `SmallGrant` the office, the status and the mirrors the lists and the
yearly sums read. Every write changes both in the same transaction; the Offer row is written first with one
conditional UPDATE (status and lock_version as the writer saw them — grants.offers.operations), so of two
simultaneous submissions (a double click) exactly one wins and the other is told the offer is no longer a
draft.
"""

from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from grants.audit.log import record
from grants.boundary import MAX_ID
from grants.clock import warsaw_date
from grants.errors import Conflict, Forbidden, ValidationFailed
from grants.extensions import db
from grants.formatting import iso_warsaw, money_pl
from grants.offers import control
from grants.offers.models import Offer, OfferStatus, OfferVersion
from grants.offers.operations.guards import parse_lock_version, require_acting_profile, require_ngo_actor
from grants.offers.receipt import receipt_time
from grants.organizations.models import Organization
from grants.smallgrants import queries, rules, schema
from grants.smallgrants.models import SmallGrant, SmallGrantStatus

MAX_EDIT_RETRIES = 3


def _parse_organization(raw: dict, actor) -> Organization:
    value = raw.get("organization_id")
    try:
        if isinstance(value, bool):
            raise ValueError
        org_id = int(value)
        if not 1 <= org_id <= MAX_ID:
            raise ValueError
    except (TypeError, ValueError):
        raise ValidationFailed.one(
            "organization_id", _("Wskaż organizację, w imieniu której składasz ofertę.")
        ) from None
    organization = db.session.get(Organization, org_id)
    if organization is None:
        raise ValidationFailed.one("organization_id", _("Nie ma takiej organizacji."))
    if not organization.has_member(actor):
        raise Forbidden(_("Ofertę może przygotować tylko członek tej organizacji."))
    require_acting_profile(organization)
    return organization


def not_draft() -> Conflict:
    return Conflict(
        _("Ofertę małego grantu można zmieniać tylko jako wersję roboczą; złożonej oferty się nie zmienia."),
        code="not_draft",
    )


def edit_conflict(offer: Offer) -> Conflict:
    return Conflict(
        _(
            "Ktoś inny zapisał tę ofertę w międzyczasie (wersja %(version)d). Twoje zmiany nie zostały zapisane, "
            "aby nie nadpisać cudzych. Odśwież ofertę, sprawdź zmiany i wprowadź swoje ponownie.",
            version=offer.lock_version,
        ),
        code="edit_conflict",
    )


def _budget_year(content: dict, now: datetime) -> int:
    """The year the task starts in (art. 19a ust. 6–7 count grants per budget year); until it is known, now's."""
    start, _end = schema.task_dates(content)
    return start.year if start else warsaw_date(now).year


def _mirror(small_grant: SmallGrant, content: dict, now: datetime) -> None:
    start, end = schema.task_dates(content)
    small_grant.title = content["title"][:300]
    small_grant.requested_grant = schema.figures(content)["requested_grant"]
    small_grant.task_start, small_grant.task_end = start, end
    small_grant.budget_year = _budget_year(content, now)
    small_grant.updated_at = now


def create_small_grant(*, actor, office, raw: dict, now: datetime | None = None) -> SmallGrant:
    """A new draft for `office` on behalf of `raw["organization_id"]`; the rest of `raw` is the content (a
    malformed value is refused, 422; a limit broken is saved and reported by `problems`)."""
    now = now or receipt_time()
    require_ngo_actor(actor)
    if not isinstance(raw, dict):
        raw = {}
    organization = _parse_organization(raw, actor)
    updates, errors = schema.parse_patch(raw)
    if not errors.fields.get("title") and not (updates.get("title") or "").strip():
        errors.add("title", _("Podaj tytuł zadania publicznego."))
    errors.raise_if_any()
    content = {**schema.empty_content(), **updates}
    offer = Offer(
        call_id=None,
        organization_id=organization.id,
        status=OfferStatus.draft,
        title=content["title"],
        content=content,
        lock_version=0,
        created_at=now,
        created_by_id=actor.id,
        updated_at=now,
        updated_by_id=actor.id,
    )
    db.session.add(offer)
    db.session.flush()
    small_grant = SmallGrant(
        id=offer.id,
        office_id=office.id,
        organization_id=organization.id,
        status=SmallGrantStatus.draft,
        lock_version=0,
        created_at=now,
    )
    _mirror(small_grant, content, now)
    db.session.add(small_grant)
    db.session.flush()
    record(
        "small_grant.create",
        "small_grant",
        small_grant.id,
        actor=actor,
        office_id=office.id,
        summary=small_grant.title,
        after={"office_id": office.id, "organization_id": organization.id, "status": "draft"},
    )
    return small_grant


def _conditional_update(model, row_id: int, where: list, values: dict) -> bool:
    result = db.session.execute(
        sa.update(model).where(model.id == row_id, *where).values(**values).execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def _require_member(actor, small_grant: SmallGrant) -> None:
    require_ngo_actor(actor)
    if not queries.is_member(actor, small_grant):
        raise queries.not_found()


def update_small_grant(*, actor, small_grant: SmallGrant, raw: dict, now: datetime | None = None) -> SmallGrant:
    """PATCH the draft (409 `not_draft` once submitted). `raw["lock_version"]`, when given, must be the version
    the editor read (409 `edit_conflict`); without it the change applies to the draft as it is now."""
    now = now or receipt_time()
    _require_member(actor, small_grant)
    if not isinstance(raw, dict):
        raw = {}
    offer = small_grant.offer
    expected = parse_lock_version(raw.get("lock_version"))
    if small_grant.status != SmallGrantStatus.draft:
        raise not_draft()
    if expected is not None and expected != offer.lock_version:
        raise edit_conflict(offer)
    updates, errors = schema.parse_patch(raw)
    errors.raise_if_any()
    for _attempt in range(MAX_EDIT_RETRIES):
        seen = offer.lock_version
        content = {**schema.normalised(offer.content), **updates}
        written = _conditional_update(
            Offer,
            offer.id,
            [Offer.status == OfferStatus.draft, Offer.lock_version == seen],
            {
                "content": content,
                "title": content["title"] or offer.title,
                "lock_version": Offer.lock_version + 1,
                "updated_at": now,
                "updated_by_id": actor.id,
            },
        )
        db.session.refresh(offer)
        if written:
            break
        if offer.status != OfferStatus.draft:
            raise not_draft()
        if expected is not None:
            raise edit_conflict(offer)
        # No version was named: someone saved in between; apply the change to what they saved.
    else:
        raise edit_conflict(offer)
    _mirror(small_grant, schema.normalised(offer.content), now)
    small_grant.lock_version = (small_grant.lock_version or 0) + 1
    db.session.flush()
    record(
        "small_grant.update",
        "small_grant",
        small_grant.id,
        actor=actor,
        office_id=small_grant.office_id,
        summary=small_grant.title,
        after={"fields": sorted(updates), "lock_version": offer.lock_version},
    )
    return small_grant


def build_document(small_grant: SmallGrant, content: dict, receipt: datetime) -> dict:
    """The frozen version's document (sg_shape.md): what the control sum is computed over."""
    office = small_grant.office
    return {
        "form": schema.FORM,
        "content": content,
        "figures": schema.figures_as_strings(content),
        "organization": control.organization_snapshot(small_grant.organization, representing=True),
        "office": {"id": office.id, "name": office.name},
        "received_at": iso_warsaw(receipt),
    }


def _freeze_version(actor, small_grant: SmallGrant, content: dict, receipt: datetime) -> OfferVersion:
    offer = small_grant.offer
    number = (
        db.session.scalar(db.select(db.func.max(OfferVersion.number)).where(OfferVersion.offer_id == offer.id)) or 0
    ) + 1
    document = build_document(small_grant, content, receipt)
    sum_hex = control.control_sum(document)
    sums = schema.figures(content)
    version = OfferVersion(
        offer_id=offer.id,
        call_id=None,
        number=number,
        document=document,
        control_sum=sum_hex,
        control_code=control.control_code(sum_hex),
        total_cost=sums["total_cost"],
        requested_grant=sums["requested_grant"],
        submitted_at=receipt,
        submitted_by_id=actor.id,
    )
    db.session.add(version)
    db.session.flush()
    offer.current_version = version
    db.session.flush()
    return version


def year_limit_warnings(small_grant: SmallGrant) -> list[dict]:
    """A warning (never a refusal at submission: the office decides, art. 19a ust. 6 binds the grants it
    transfers) when the organisation's small grants from this office in the budget year, this one included,
    would pass ORGANIZATION_YEAR_LIMIT."""
    already = queries.organization_year_total(small_grant)
    if not rules.over_organization_limit(already, small_grant.requested_grant):
        return []
    return [
        {
            "code": "organization_year_limit",
            "field": "requested_grant",
            "message": _(
                "Małe granty organizacji z tego urzędu w %(year)d r. wyniosłyby razem %(total)s, więcej niż "
                "%(limit)s, które urząd może przekazać jednej organizacji w tym trybie w roku (art. 19a ust. 6 "
                "ustawy). Urząd może odmówić przyjęcia tej oferty.",
                year=small_grant.budget_year,
                total=money_pl(already + small_grant.requested_grant),
                limit=money_pl(rules.ORGANIZATION_YEAR_LIMIT),
            ),
        }
    ]


def submit_small_grant(
    *, actor, small_grant: SmallGrant, receipt: datetime | None = None, lock_version: int | None = None
) -> tuple[OfferVersion, list[dict]]:
    """Freeze the draft into a version with its control sum; the small grant is submitted, received at the
    request's receipt time (the 7 working days of art. 19a ust. 3 run from it). 422 names each field a
    submission refuses (more than 10 000 zł on `requested_grant`, more than 90 days on `task_end`, …).
    Returns the version and the warnings (the organisation's year, art. 19a ust. 6)."""
    receipt = receipt or receipt_time()
    _require_member(actor, small_grant)
    offer = small_grant.offer
    if small_grant.status != SmallGrantStatus.draft:
        raise not_draft()
    require_acting_profile(small_grant.organization)
    if lock_version is not None and lock_version != offer.lock_version:
        raise edit_conflict(offer)
    content = schema.normalised(offer.content)
    problems = schema.submission_problems(content)
    if problems:
        raise ValidationFailed(
            problems.fields, _("Oferta jest niekompletna albo przekracza limity małego grantu — popraw wskazane pola.")
        )
    seen = offer.lock_version
    # The one conditional UPDATE that decides the submission: a second click finds no draft.
    if not _conditional_update(
        Offer,
        offer.id,
        [Offer.status == OfferStatus.draft, Offer.lock_version == seen],
        {"status": OfferStatus.submitted, "lock_version": Offer.lock_version + 1, "updated_by_id": actor.id},
    ):
        db.session.refresh(offer)
        if offer.status != OfferStatus.draft:
            raise not_draft()
        raise edit_conflict(offer)
    db.session.refresh(offer)
    version = _freeze_version(actor, small_grant, content, receipt)
    _mirror(small_grant, content, receipt)
    small_grant.status = SmallGrantStatus.submitted
    small_grant.received_at = receipt
    small_grant.lock_version = (small_grant.lock_version or 0) + 1
    db.session.flush()
    warnings = year_limit_warnings(small_grant)
    record(
        "small_grant.submit",
        "small_grant",
        small_grant.id,
        actor=actor,
        office_id=small_grant.office_id,
        summary=small_grant.title,
        before={"status": "draft"},
        after={
            "status": "submitted",
            "received_at": receipt,
            "version": version.number,
            "control_sum": version.control_sum,
            "control_code": version.control_code,
            "requested_grant": f"{small_grant.requested_grant}",
            "warnings": [w["code"] for w in warnings],
        },
    )
    return version, warnings


WITHDRAWABLE = (SmallGrantStatus.submitted, SmallGrantStatus.published)


def withdraw_small_grant(*, actor, small_grant: SmallGrant, now: datetime | None = None) -> SmallGrant:
    """The organisation withdraws its offer before the office decides (409 `not_submitted` for a draft,
    `already_decided` once accepted or refused, `not_submitted` once withdrawn). The version stays, marked."""
    now = now or receipt_time()
    _require_member(actor, small_grant)
    was = small_grant.status
    if was not in WITHDRAWABLE or not small_grant.can_move_to(SmallGrantStatus.withdrawn):
        raise _withdraw_refusal(was)
    if not _conditional_update(
        SmallGrant,
        small_grant.id,
        [SmallGrant.status.in_(WITHDRAWABLE)],
        {"status": SmallGrantStatus.withdrawn, "lock_version": SmallGrant.lock_version + 1, "updated_at": now},
    ):
        db.session.refresh(small_grant)
        raise _withdraw_refusal(small_grant.status)
    db.session.refresh(small_grant)
    offer = small_grant.offer
    _conditional_update(
        Offer,
        offer.id,
        [Offer.status == OfferStatus.submitted],
        {"status": OfferStatus.withdrawn, "lock_version": Offer.lock_version + 1, "updated_by_id": actor.id},
    )
    db.session.refresh(offer)
    version = offer.current_version
    if version is not None:
        version.withdrawn_at = now
        version.withdrawn_by_id = actor.id
    db.session.flush()
    record(
        "small_grant.withdraw",
        "small_grant",
        small_grant.id,
        actor=actor,
        office_id=small_grant.office_id,
        summary=small_grant.title,
        before={"status": was.value},
        after={"status": "withdrawn", "withdrawn_at": now},
    )
    return small_grant


def _withdraw_refusal(status: SmallGrantStatus) -> Conflict:
    if status in (SmallGrantStatus.accepted, SmallGrantStatus.refused):
        return Conflict(_("Urząd już rozstrzygnął tę ofertę; nie można jej wycofać."), code="already_decided")
    if status == SmallGrantStatus.withdrawn:
        return Conflict(_("Ta oferta została już wycofana."), code="not_submitted")
    return Conflict(_("Wycofać można tylko złożoną ofertę."), code="not_submitted")
