"""Contract values → words for the pages (no database)."""

from grants.i18n import lazy_gettext as _l

STATUS = {
    "draft": _l("projekt"),
    "signed": _l("podpisana"),
    "performed": _l("wykonana"),
    "terminated": _l("rozwiązana"),
    "cancelled": _l("anulowana"),
}
DUE = {
    "final_report": _l("sprawozdanie końcowe"),
    "partial_report": _l("sprawozdanie częściowe"),
    "tranche": _l("wypłata transzy"),
    "return": _l("zwrot dotacji"),
}
FORMS = {"wspieranie": _l("wspieranie"), "powierzanie": _l("powierzanie")}


def contract_status_label(status) -> str:
    value = getattr(status, "value", status)
    return str(STATUS.get(value, value))


def due_label(what: str) -> str:
    return str(DUE.get(what, what))


def contract_form_label(form) -> str:
    value = getattr(form, "value", form)
    return str(FORMS.get(value, value))
