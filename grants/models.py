"""Imports every model module so SQLAlchemy's metadata (and Alembic) sees all tables."""

# Imported for their side effect (each module's tables join the metadata), not for names.
from grants import mail  # noqa: F401  the outbound mail table
from grants.audit import models as audit_models  # noqa: F401
from grants.auth import models as auth_models  # noqa: F401
from grants.calls import models as calls_models  # noqa: F401
from grants.contracts import models as contracts_models  # noqa: F401
from grants.documents import models as documents_models  # noqa: F401
from grants.jobs import models as jobs_models  # noqa: F401
from grants.offers import models as offers_models  # noqa: F401
from grants.offices import models as offices_models  # noqa: F401
from grants.organizations import models as organizations_models  # noqa: F401
from grants.programmes import models as programmes_models  # noqa: F401
from grants.review import models as review_models  # noqa: F401
from grants.smallgrants import models as smallgrants_models  # noqa: F401
