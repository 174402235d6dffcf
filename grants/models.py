"""Imports every model module so SQLAlchemy's metadata (and Alembic) sees all tables."""

from grants.audit.models import AuditEntry  # noqa: F401
from grants.auth.models import ApiToken, User, UserRole  # noqa: F401
from grants.calls.models import (
    Programme,  # noqa: F401
)
from grants.documents.models import Document  # noqa: F401
from grants.jobs.models import Job  # noqa: F401
from grants.mail import OutboundMail  # noqa: F401
from grants.offers.models import Attachment, Confirmation, Offer, OfferPartner, OfferVersion  # noqa: F401
from grants.offices.models import Office  # noqa: F401
from grants.organizations.models import Invitation, Membership, Organization  # noqa: F401
from grants.review import models as review_models  # noqa: F401  the review tables
