"""What a small grant's contract is drawn up on (art. 19a ust. 5 of the Act): not a competition's award but the
office's acceptance of the offer after the 7 days for comments. The contract itself is drawn up by
`contracts.draw_up` exactly as a competition's — the number from the office's pattern, the parties, the
treasurer, the place, the account, the tranches, the reporting dates, the audit entry — from the `Basis`
this module gives it:

- the officer of the small grant's office (another office's: 404; an organisation's member: 403);
- the small grant accepted (409 `not_accepted` while it is submitted or published, or once refused or
  withdrawn; a draft is unknown to the office: 404);
- the grant is the frozen version's requested grant (an accepted offer is signed as it was published:
  art. 19a ust. 5), the cost lines and task dates its content's;
- no call and no award (`call_id`, `award_id` NULL);
- the form of art. 16 ust. 1 from the body (`form`: wspieranie — the default — or powierzanie: the small
  grant's offer says either, poz. 2055);
- the tolerance of Annex 3 § 5 from the body or `DEFAULT_TOLERANCE_PERCENT`.
"""

from dataclasses import dataclass
from decimal import Decimal

from flask_babel import gettext as _

from grants.auth.permissions import in_own_office, require_officer
from grants.calls.models import CallForm
from grants.contracts.queries import contract_for_offer
from grants.errors import Conflict, FieldErrors, NotFound
from grants.extensions import db
from grants.offers.models import Offer, OfferVersion
from grants.parsing import is_blank, parse_enum
from grants.smallgrants.models import SmallGrant, SmallGrantStatus

# OKO's choice, not the statute's: the tolerance of Annex 3 § 5 when the officer names none — the same
# 10 % a competition's call starts with (grants.calls.models.Call.cost_shift_tolerance_percent).
DEFAULT_TOLERANCE_PERCENT = Decimal("10.00")
DEFAULT_FORM = CallForm.wspieranie


@dataclass(frozen=True)
class Basis:
    """What a contract is drawn up on: the office, the call and the award (none for a small grant), the
    frozen version it copies, the grant, the form of art. 16 ust. 1 and the tolerance of Annex 3 § 5."""

    office_id: int
    call_id: int | None
    award_id: int | None
    version: OfferVersion
    grant: Decimal
    form: CallForm
    tolerance: Decimal
    own_financial: Decimal
    own_non_financial: Decimal


def content_money(content: dict, field: str) -> Decimal:
    value = content.get(field)
    return Decimal(str(value)) if not is_blank(value) else Decimal("0.00")


def is_small_grant(offer: Offer) -> bool:
    return offer.call_id is None


def not_accepted() -> Conflict:
    return Conflict(
        _(
            "Umowę zawiera się tylko z organizacją, której ofertę w trybie art. 19a urząd przyjął po upływie "
            "terminu na uwagi."
        ),
        code="not_accepted",
    )


def small_grant_of(actor, offer_id: int) -> SmallGrant:
    """The small grant for its office's officer (an admin: any office's). Another office's, an unknown id
    and a draft (the office never sees the organisation's drafts) are 404; an organisation's member 403."""
    require_officer(actor)
    small_grant = db.session.get(SmallGrant, offer_id)
    if (
        small_grant is None
        or small_grant.status == SmallGrantStatus.draft
        or not in_own_office(actor, small_grant.office_id)
    ):
        raise NotFound(_("Nie ma takiej oferty."))
    return small_grant


def parse_form(errors: FieldErrors, raw) -> CallForm | None:
    if is_blank(raw):
        return DEFAULT_FORM
    return parse_enum(errors, "form", raw, CallForm, _("Wybierz formę: wspieranie albo powierzanie (art. 16 ust. 1)."))


def small_grant_basis(actor, offer: Offer, raw: dict) -> tuple[Basis | None, FieldErrors]:
    """The basis of a small grant's contract, or the refusal (see the module's docstring). The body's `form`
    is judged here, its errors returned with the rest of the terms'."""
    small_grant = small_grant_of(actor, offer.id)
    if small_grant.status != SmallGrantStatus.accepted:
        raise not_accepted()
    if contract_for_offer(offer.id) is not None:
        raise Conflict(_("Ta oferta ma już umowę."), code="contract_exists")
    version = offer.current_version
    if version is None:
        raise not_accepted()
    errors = FieldErrors()
    form = parse_form(errors, raw.get("form"))
    content = version.document["content"]
    basis = Basis(
        office_id=small_grant.office_id,
        call_id=None,
        award_id=None,
        version=version,
        grant=version.requested_grant,
        form=form or DEFAULT_FORM,
        tolerance=DEFAULT_TOLERANCE_PERCENT,
        # Poz. 2055 III: the costs are covered by the grant and "other sources" — the organisation's own
        # money and any other (public or private) funds; Annex 3 § 3 ust. 3 calls the financial part of
        # what is not the grant the own financial contribution, so the other sources are counted in it.
        own_financial=content_money(content, "own_financial") + content_money(content, "other_sources"),
        own_non_financial=content_money(content, "own_non_financial"),
    )
    return basis, errors
