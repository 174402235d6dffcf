"""The committee member is told by e-mail when the office appoints them (issue 11): the call, their role,
the link to the one declaration towards the offerors and the date by which the offers are to be chosen —
in the member's own language, queued with the appointment (sent by the job after the commit)."""

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from grants.calls.models import Call
from grants.formatting import date_pl
from grants.languages import LANGUAGES
from grants.mail import queue_mail
from grants.review.labels import review_label
from grants.review.models import CommitteeMember


def _link(endpoint: str, **values) -> str:
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return current_app.config.get("PUBLIC_BASE_URL", "").rstrip("/") + path


def _appointed(call: Call, member: CommitteeMember, language: str) -> tuple[str, str]:
    subject = _("Powołanie do komisji konkursowej: %(call)s", call=call.title)
    body = _(
        "Zostałeś(-aś) powołany(-a) do komisji konkursowej naboru „%(call)s”, który ogłosił %(office)s "
        "(art. 15 ust. 2a ustawy o działalności pożytku publicznego i o wolontariacie). Twoja rola: %(role)s.\n\n"
        "Zanim zapoznasz się z ofertami, złóż oświadczenie o bezstronności wobec oferentów (art. 15 ust. 2f "
        "ustawy w zw. z art. 24 KPA) — jednym formularzem dla całego naboru:\n%(link)s\n\n"
        "Termin dokonania wyboru ofert: %(deadline)s\n",
        office=call.office.name,
        call=call.title,
        role=review_label("role", member.role),
        link=_link("review_pages.call_declaration", call_id=call.id),
        deadline=date_pl(call.selection_deadline, language),
    )
    return subject, body


def tell_appointed(call: Call, members: list[CommitteeMember]) -> None:
    for member in members:
        user = member.user
        if user is None or not user.email:
            continue
        language = user.locale if user.locale in LANGUAGES else "pl"
        with force_locale(language):
            subject, body = _appointed(call, member, language)
        queue_mail(user.email, subject, body, office_id=call.office_id)
