"""Who may do what: the access rules every feature checks before it reads or writes.

Operations call these with the acting user; page and API handlers reach them through the
operations and the feature loaders, so one rule has one home.
"""

from flask_babel import gettext as _

from grants.errors import Forbidden, NotFound


def in_own_office(actor, office_id: int | None) -> bool:
    """An officer acts in their own office only; an admin acts in every office."""
    return actor.is_admin or actor.office_id == office_id


def own_office_only(query, office_column, actor):
    """`query` narrowed to the rows of the actor's office (`in_own_office` as a filter): an admin's is whole."""
    return query if actor.is_admin else query.where(office_column == actor.office_id)


def require_officer(actor, office_id: int | None = None) -> None:
    """Office staff only; with `office_id`, only that office's staff (an admin acts in any office).

    Another office's object is answered as missing (404), never as forbidden, so that its existence does not leak.
    """
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise Forbidden(_("Zaloguj się jako pracownik urzędu."))
    if not actor.is_officer:
        raise Forbidden(_("Ta czynność należy do pracownika urzędu."))
    if office_id is not None and not in_own_office(actor, office_id):
        raise NotFound(_("Nie ma takiego naboru."))


def require_evaluator(actor) -> None:
    """Committee work: an evaluator account (whether it sits on this call's committee is the review's rule)."""
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_evaluator:
        raise Forbidden(_("Tę czynność wykonują członkowie komisji konkursowej."))


def require_verified_email(actor) -> None:
    """An account acts for an organisation only once it has shown that it owns its e-mail address (issue
    10: an invitation or a profile must not go to whoever registered an address first). The membership
    lookups (`Organization.has_member`, `grants.offers.queries.member_organization_ids`), the creation of
    a profile and the acceptance of an invitation ask this; the refusal is 403 `email_unverified`."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return
    if getattr(actor, "email_verified_at", None) is None:
        raise Forbidden(
            _(
                "Najpierw potwierdź swój adres e-mail: kliknij link z wiadomości, którą wysłaliśmy na %(email)s. "
                "Jeśli jej nie ma, wyślij link ponownie ze strony „Moje konto”.",
                email=actor.email,
            ),
            code="email_unverified",
        )
