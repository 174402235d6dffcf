"""What the office types to find a submitted offer in a long list, and the condition it becomes: the same on
every office list of offers (the call's offers, the formal desk)."""

import re

import sqlalchemy as sa

from grants.offers.control import normalise_code
from grants.offers.models import Offer, OfferVersion
from grants.organizations.models import Organization


def search_offers(query: sa.Select, words: str) -> sa.Select:
    """`query` narrowed to the offers `words` name. A control code (typed any way) finds its offer; ten digits
    are a NIP; other words are looked for in the offer's title and the organisation's name. `query` must
    join OfferVersion as the offer's current version (the control code is the version's)."""
    code = normalise_code(words)
    if code:
        return query.where(OfferVersion.control_code == code)
    digits = re.sub(r"[\s-]", "", words)
    if digits.isdigit() and len(digits) == 10:
        return query.where(Offer.organization.has(Organization.nip == digits))
    pattern = "%" + words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return query.where(
        sa.or_(
            Offer.title.ilike(pattern, escape="\\"),
            Offer.organization.has(Organization.name.ilike(pattern, escape="\\")),
        )
    )
