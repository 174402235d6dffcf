"""The organisation is told by e-mail when the office publishes its small-grant offer and when it decides:
each member with a confirmed address in their own language, and the organisation's own address (in Polish)
when no member has it — as the contract reminders do."""

from flask_babel import force_locale
from flask_babel import gettext as _

from grants.clock import to_warsaw
from grants.formatting import money_pl
from grants.languages import LANGUAGES
from grants.mail import queue_mails
from grants.smallgrants.models import SmallGrant, SmallGrantStatus


def recipients(small_grant: SmallGrant) -> list[tuple[str, str]]:
    organization = small_grant.organization
    found: list[tuple[str, str]] = []
    for membership in organization.memberships:
        user = membership.user
        if user is None or not user.active or user.email_verified_at is None:
            continue
        found.append((user.email, user.locale if user.locale in LANGUAGES else "pl"))
    emails = {email.lower() for email, _lang in found}
    if organization.email and organization.email.lower() not in emails:
        found.append((organization.email, "pl"))
    return found


def _published(small_grant: SmallGrant) -> tuple[str, str]:
    subject = _("Oferta „%(title)s” została opublikowana (art. 19a)", title=small_grant.title)
    body = _(
        "Urząd %(office)s opublikował Waszą ofertę „%(title)s” (dotacja %(grant)s) w trybie art. 19a ustawy o "
        "działalności pożytku publicznego i o wolontariacie. Każdy może zgłaszać do niej uwagi do %(until)s. "
        "Po tym terminie urząd zdecyduje o zawarciu umowy.",
        office=small_grant.office.name,
        title=small_grant.title,
        grant=money_pl(small_grant.requested_grant),
        until=f"{to_warsaw(small_grant.comments_until):%d.%m.%Y %H:%M}",  # read alike in every language
    )
    return subject, body + "\n"


def _decided(small_grant: SmallGrant) -> tuple[str, str]:
    if small_grant.status == SmallGrantStatus.accepted:
        subject = _("Oferta „%(title)s” przyjęta — urząd przygotuje umowę", title=small_grant.title)
        body = _(
            "Urząd %(office)s zdecydował o zawarciu umowy na realizację zadania „%(title)s” (dotacja %(grant)s, "
            "art. 19a ust. 5 ustawy). Urząd skontaktuje się z Wami w sprawie podpisania umowy.",
            office=small_grant.office.name,
            title=small_grant.title,
            grant=money_pl(small_grant.requested_grant),
        )
    else:
        subject = _("Oferta „%(title)s” nie została przyjęta", title=small_grant.title)
        body = _(
            "Urząd %(office)s nie przyjął oferty „%(title)s” złożonej w trybie art. 19a ustawy. "
            "Uzasadnienie: %(reason)s",
            office=small_grant.office.name,
            title=small_grant.title,
            reason=small_grant.decision_reason or "—",
        )
    return subject, body + "\n"


def _send(small_grant: SmallGrant, message) -> None:
    messages = []
    for email, language in recipients(small_grant):
        with force_locale(language):
            messages.append((email, *message(small_grant)))
    queue_mails(messages, office_id=small_grant.office_id)


def tell_published(small_grant: SmallGrant) -> None:
    _send(small_grant, _published)


def tell_decided(small_grant: SmallGrant) -> None:
    _send(small_grant, _decided)
