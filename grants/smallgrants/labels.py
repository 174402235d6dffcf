"""Small grants' values in words (the NGO's and the office's pages): statuses. Reads no database."""

from flask_babel import gettext as _

from grants.formatting import datetime_pl
from grants.smallgrants.models import SmallGrantStatus


def status_label(status: SmallGrantStatus) -> str:
    return {
        SmallGrantStatus.draft: _("wersja robocza"),
        SmallGrantStatus.submitted: _("złożona — czeka na publikację"),
        SmallGrantStatus.published: _("opublikowana — uwagi"),
        SmallGrantStatus.accepted: _("przyjęta"),
        SmallGrantStatus.refused: _("odrzucona"),
        SmallGrantStatus.withdrawn: _("wycofana"),
    }[status]


def status_detail(small_grant) -> str:
    """The status with what the organisation needs to know next (the date of the comments' end, the reason)."""
    status = small_grant.status
    if status == SmallGrantStatus.published and small_grant.comments_until is not None:
        return _("opublikowana — uwagi do %(until)s", until=datetime_pl(small_grant.comments_until))
    if status == SmallGrantStatus.refused and small_grant.decision_reason:
        return _("odrzucona: %(reason)s", reason=small_grant.decision_reason)
    return status_label(status)
