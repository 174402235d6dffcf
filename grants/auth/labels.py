"""Account roles in words (no database): the staff list and anywhere a role is shown to a person."""

from grants.i18n import lazy_gettext as _l

ROLE_LABELS = {
    "admin": _l("Administrator systemu"),
    "officer": _l("Pracownik urzędu"),
    "evaluator": _l("Członek komisji konkursowej"),
}


def role_label(role: str) -> str:
    return str(ROLE_LABELS.get(role, role))


def roles_label(roles) -> str:
    return ", ".join(role_label(role) for role in roles)
