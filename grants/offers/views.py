"""The offer pages (blueprint `offer_pages`): the NGO's multi-step offer form (Annex 1 of Dz.U. 2018
poz. 2057), submission and its confirmation, attachments, cloning; the office's list of submitted offers,
the frozen offer, recorded confirmations; and the development outbox.

Views stay thin, like the organisation and call pages: load the object (404 for anyone who may not know
it), check the role, turn the HTML form into the raw dict the API would send, call ONE operation, then
flash and redirect. The form's input names are the API's dotted paths (`cost_items.2.grant_part`,
`contact.email`), so an error of the schema or of the estimate lands at its input. Rows the page shows
keep their own numbers (a blank row left out, a row ticked for removal), so each step's reader returns,
with the raw dict, the map from a list position in the raw dict back to the row number on the page.

Every step works without JavaScript (a plain POST per step). static/js/offer.js adds the autosave and the
live estimate through two JSON endpoints that read the very same form: `.../autosave` (one
`update_offer`) and `.../preview` (`figures.preview`, nothing written). No money or deadline rule lives
here: sums and problems come from grants.offers.figures/estimate, refusals from grants.offers.operations.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import wraps

from flask import Blueprint, Response, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from grants.calls import queries as call_queries
from grants.clock import to_warsaw
from grants.errors import Conflict, DomainError, NotFound, ValidationFailed
from grants.formatting import datetime_pl, money_pl
from grants.offers import control, estimate, figures, operations, queries, schema, storage
from grants.offers.serialize import call_offers_to_api, member_view, office_view
from grants.organizations.queries import organizations_of
from grants.pages import office_call, officer_page

bp = Blueprint("offer_pages", __name__)


# ---------------------------------------------------------------- the steps of the form


@dataclass(frozen=True)
class Step:
    key: str
    number: str  # where it is in Annex 1
    title: object  # lazy string
    editable: bool = True  # has fields that save the draft
    figures: bool = False  # shows the live estimate


STEPS = (
    Step("call", "I", _l("Podstawowe informacje"), editable=False),
    Step("offerors", "II", _l("Dane oferentów")),
    Step("task", "III.1–3", _l("Opis zadania")),
    Step("plan", "III.4", _l("Plan i harmonogram działań")),
    Step("results", "III.5–6", _l("Rezultaty")),
    Step("offeror", "IV", _l("Charakterystyka oferenta")),
    Step("costs", "V.A", _l("Kosztorys"), figures=True),
    Step("sources", "V.B", _l("Źródła finansowania"), figures=True),
    Step("other", "VI", _l("Inne informacje")),
    Step("statements", "VII", _l("Oświadczenia")),
)
STEP_BY_KEY = {step.key: step for step in STEPS}
# Pages of the offer that are not steps of the form but sit in the same navigation.
EXTRA_PAGES = (("attachments", _l("Załączniki")), ("summary", _l("Podsumowanie i złożenie")))

# Which step shows a field (the first part of an error's path), so a problem links to where it is fixed.
FIELD_STEPS = {
    "contact": "offerors",
    "partners": "offerors",
    "partner": "offerors",
    "cost_split": "offerors",
    "title": "task",
    "task_start": "task",
    "task_end": "task",
    "place": "task",
    "target_group": "task",
    "summary": "task",
    "actions": "plan",
    "results": "results",
    "expected_effects": "results",
    "experience": "offeror",
    "resources": "offeror",
    "cost_items": "costs",
    "requested_grant": "costs",
    "admin_costs": "costs",
    "own_financial": "sources",
    "own_non_financial_personal": "sources",
    "own_non_financial_in_kind": "sources",
    "beneficiary_fees": "sources",
    "own_contribution": "sources",
    "paid_activity": "other",
    "partners_actions": "other",
    "other_information": "other",
    "statements": "statements",
    "file": "attachments",
    "kind": "attachments",
}
STEP_ORDER = [step.key for step in STEPS] + [key for key, _label in EXTRA_PAGES]

TASK_FIELDS = ("title", "task_start", "task_end", "place", "target_group", "summary")
ACTION_FIELDS = tuple(schema.ACTION_FIELDS)
RESULT_FIELDS = tuple(schema.RESULT_FIELDS)
COST_TEXT_FIELDS = ("name", "unit", "quantity", "unit_cost", "grant_part")
SOURCE_FIELDS = ("own_financial", "own_non_financial_personal", "own_non_financial_in_kind", "beneficiary_fees")
CONTACT_FIELDS = ("name", "phone", "email")
ROW_KEY = re.compile(r"^(actions|results|cost_items|cost_split)\.(\d{1,3})\.([a-z_]+)(?:\.(\d{4}))?$")
MAX_FORM_ROWS = schema.MAX_COST_ITEMS + 50

ATTACHMENT_KINDS = (
    ("statut", _l("Statut organizacji")),
    ("odpis_rejestru", _l("Odpis z KRS lub innego rejestru")),
    ("pelnomocnictwo", _l("Pełnomocnictwo")),
    ("umowa_partnerska", _l("Umowa partnerska (oferta wspólna)")),
    ("oswiadczenie", _l("Oświadczenie")),
    ("kosztorys", _l("Kosztorys lub harmonogram (załącznik)")),
    ("other", _l("Inny dokument")),
)
CONTENT_TYPE_LABELS = {
    storage.PDF: "PDF",
    storage.PNG: "PNG",
    storage.JPEG: "JPEG",
    storage.ODT: "ODT",
    storage.DOCX: "DOCX",
}
STATUS_LABELS = {"draft": _l("wersja robocza"), "submitted": _l("złożona"), "withdrawn": _l("wycofana")}
CHANNEL_LABELS = {"paper": _l("papier (podpisany wydruk)"), "epuap": _l("ePUAP")}

FIELD_LABELS = {
    "title": _l("Tytuł zadania publicznego (III.1)"),
    "task_start": _l("Data rozpoczęcia (III.2)"),
    "task_end": _l("Data zakończenia (III.2)"),
    "place": _l("Miejsce realizacji (III.3)"),
    "target_group": _l("Grupa docelowa (III.3)"),
    "summary": _l("Syntetyczny opis zadania (III.3)"),
    "actions": _l("Plan i harmonogram działań (III.4)"),
    "expected_effects": _l("Opis zakładanych rezultatów (III.5)"),
    "results": _l("Rezultaty (III.6)"),
    "experience": _l("Wcześniejsza działalność (IV.1)"),
    "resources": _l("Zasoby kadrowe, rzeczowe i finansowe (IV.2)"),
    "cost_items": _l("Kosztorys (V.A)"),
    "requested_grant": _l("Wnioskowana dotacja (V.B)"),
    "admin_costs": _l("Koszty administracyjne (V.A)"),
    "own_contribution": _l("Wkład własny (V.B)"),
    "own_financial": _l("Wkład finansowy (V.B 3.1)"),
    "own_non_financial_personal": _l("Wkład niefinansowy osobowy (V.B 3.2)"),
    "own_non_financial_in_kind": _l("Wkład niefinansowy rzeczowy (V.B 3.2)"),
    "beneficiary_fees": _l("Świadczenia pieniężne od odbiorców zadania"),
    "paid_activity": _l("Odpłatne lub nieodpłatne wykonanie zadania (VI.1)"),
    "partners_actions": _l("Działania poszczególnych oferentów (VI.2)"),
    "other_information": _l("Inne informacje (VI.3)"),
    "contact.name": _l("Osoba do kontaktu: imię i nazwisko (II.2)"),
    "contact.phone": _l("Osoba do kontaktu: telefon (II.2)"),
    "contact.email": _l("Osoba do kontaktu: e-mail (II.2)"),
    "contact": _l("Osoba do kontaktu (II.2)"),
    "statements": _l("Oświadczenia (VII)"),
    "statements.tax_arrears": _l("Oświadczenie 3: zobowiązania podatkowe (VII)"),
    "statements.social_insurance_arrears": _l("Oświadczenie 4: składki na ubezpieczenia społeczne (VII)"),
    "statements.register": _l("Oświadczenie 5: rejestr (VII)"),
    "statements.confirmed": _l("Potwierdzenie oświadczeń (VII)"),
    "cost_split": _l("Podział kosztów między oferentów (V.C)"),
    "partners": _l("Partnerzy oferty wspólnej"),
    "partner": _l("Organizacja partnerska"),
    "file": _l("Plik"),
    "kind": _l("Rodzaj załącznika"),
    "lock_version": _l("Wersja robocza"),
    "organization_id": _l("Organizacja"),
    "call_id": _l("Nabór"),
    "control_code": _l("Kod kontrolny"),
    "received_at": _l("Data wpływu potwierdzenia"),
    "channel": _l("Sposób doręczenia"),
}
ROW_LABELS = {
    "actions": (
        _l("Działanie %(n)d"),
        {
            "name": _l("nazwa"),
            "description": _l("opis"),
            "target_group": _l("grupa docelowa"),
            "period": _l("planowany termin"),
            "subcontractor": _l("zakres realizowany przez podmiot niebędący stroną umowy"),
            "remove": _l("usunięcie"),
        },
    ),
    "results": (
        _l("Rezultat %(n)d"),
        {"name": _l("nazwa"), "target_value": _l("wartość docelowa"), "monitoring": _l("sposób monitorowania")},
    ),
    "cost_items": (
        _l("Pozycja kosztorysu %(n)d"),
        {
            "action": _l("działanie"),
            "name": _l("rodzaj kosztu"),
            "unit": _l("rodzaj miary"),
            "quantity": _l("liczba jednostek"),
            "unit_cost": _l("koszt jednostkowy"),
            "grant_part": _l("z dotacji"),
            "year_values": _l("podział na lata"),
        },
    ),
    "cost_split": (
        _l("Podział kosztów (V.C), oferent %(n)d"),
        {"amount": _l("kwota"), "organization_id": _l("organizacja")},
    ),
    "partners": (_l("Partner %(n)d"), {}),
}


def field_label(path: str) -> str:
    if path in FIELD_LABELS:
        return str(FIELD_LABELS[path])
    parts = path.split(".")
    if parts[0] in ROW_LABELS and len(parts) > 1 and parts[1].isdigit():
        row, names = ROW_LABELS[parts[0]]
        label = str(row) % {"n": int(parts[1]) + 1}
        if len(parts) > 2:
            label += " — " + str(names.get(parts[2], parts[2]))
        return label
    return str(FIELD_LABELS.get(parts[0], path))


def step_of(path: str) -> str:
    return FIELD_STEPS.get(path.split(".")[0], "summary")


# The live estimate's box on V.A and V.B also carries the sums whose problems belong to the other step.
ESTIMATE_BOX = {
    "costs": ("requested_grant", "own_contribution", "admin_costs"),
    "sources": ("requested_grant", "own_contribution"),
}


def shown_on(path: str, step: str) -> bool:
    return step_of(path) == step or path in ESTIMATE_BOX.get(step, ())


def labelled(messages: dict) -> dict:
    """The error summary's items say which field each message is about."""
    return {path: [f"{field_label(path)}: {m}" for m in items] for path, items in messages.items()}


def _step_order(path: str) -> int:
    return STEP_ORDER.index(step_of(path))


# ---------------------------------------------------------------- access


def ngo_page(view):
    """An NGO member's page: anonymous → login, office staff and evaluators → 403 (a role matter)."""

    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        operations.require_ngo_actor(current_user)
        return view(*args, **kwargs)

    return wrapped


def ngo_json(view):
    """The same, for the endpoints offer.js calls: every answer is JSON, an expired session a 401 (a
    fetch would otherwise follow the redirect to the login page and read HTML)."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return jsonify(
                {
                    "error": "unauthorized",
                    "message": _(
                        "Sesja wygasła. Zaloguj się ponownie — to, co wpisałeś(-aś), jest "
                        "zapamiętane w tej przeglądarce."
                    ),
                }
            ), 401
        try:
            operations.require_ngo_actor(current_user)
            return view(*args, **kwargs)
        except DomainError as error:
            return jsonify({"error": error.code, "message": error.message}), error.status

    return wrapped


@bp.after_request
def private_pages(response):
    # Drafts and submitted offers are private: no shared caches, and no back-button copy of a step page
    # whose lock_version would be stale (it would only end in an edit conflict).
    response.headers.setdefault("Cache-Control", "no-store")
    return response


# ---------------------------------------------------------------- template helpers


@bp.app_template_global("offer_field_label")
def _field_label_global(path: str) -> str:
    return field_label(path)


@bp.app_template_global("offer_status_label")
def _status_label(value) -> str:
    value = getattr(value, "value", value)
    return str(STATUS_LABELS.get(value, value))


@bp.app_template_global("attachment_kind_label")
def _kind_label(kind: str) -> str:
    return str(dict(ATTACHMENT_KINDS).get(kind, kind))


@bp.app_template_global("content_type_label")
def _content_type_label(content_type: str) -> str:
    return CONTENT_TYPE_LABELS.get(content_type, content_type)


@bp.app_template_filter("filesize")
def _filesize(size) -> str:
    size = int(size or 0)
    if size < 1024 * 1024:
        return f"{size / 1024:.1f}\u00a0kB".replace(".", ",")
    return f"{size / 1024 / 1024:.1f}\u00a0MB".replace(".", ",")


@bp.app_template_filter("day_pl")
def _day_pl(value) -> str:
    """An ISO date of the offer's JSON content ("2027-02-01") as "1 lutego 2027 r."."""
    from datetime import date

    from grants.formatting import date_pl

    if not value:
        return "—"
    try:
        return date_pl(date.fromisoformat(str(value)[:10]))
    except ValueError:
        return str(value)


@bp.app_template_filter("moment_pl")
def _moment_pl(value) -> str:
    """An ISO datetime of the API-shaped data ("2027-01-20T15:59:58+01:00") as the pages print moments."""
    from datetime import datetime

    try:
        return datetime_pl(datetime.fromisoformat(str(value)))
    except ValueError:
        return str(value or "—")


@bp.app_template_global("confirmation_channel_label")
def _channel_label(value) -> str:
    return str(CHANNEL_LABELS.get(value, value))


@bp.app_template_global("offer_cost_groups")
def cost_groups_view(data: dict) -> list[dict]:
    """V.A of an offer as the form numbers it (I.1 … I.n, II), from the API-shaped data of a draft or a
    frozen version; the sums are the estimate's own (`estimate.action_totals`, `admin_total`)."""
    actions = data.get("actions") or []
    items = list(enumerate(data.get("cost_items") or []))
    totals = (data.get("estimate") or {}).get("action_totals") or []
    groups = []
    for index, action in enumerate(actions):
        groups.append(
            {
                "lp": f"I.{index + 1}",
                "name": action.get("name"),
                "lines": [(n, item) for n, item in items if item.get("action") == index],
                "total": totals[index] if index < len(totals) else None,
            }
        )
    known = set(range(len(actions))) | {schema.ADMIN}
    orphans = [(n, item) for n, item in items if item.get("action") not in known]
    if orphans:
        groups.append(
            {
                "lp": f"I.{len(actions) + 1}",
                "name": _("Pozycje bez wskazanego działania"),
                "lines": orphans,
                "total": None,
            }
        )
    admin = [(n, item) for n, item in items if item.get("action") == schema.ADMIN]
    return groups + [
        {
            "lp": "II",
            "name": _("Koszty administracyjne"),
            "lines": admin,
            "admin": True,
            "total": (data.get("estimate") or {}).get("admin_total"),
        }
    ]


# ---------------------------------------------------------------- form ⇄ values


def _text(value) -> str:
    # Browsers send textarea line breaks as CRLF; stored texts use LF.
    return (value or "").replace("\r\n", "\n")


def _money_input(value) -> str:
    """A stored amount ("1234.50") as a person types it ("1234,50")."""
    return "" if value in (None, "") else str(value).replace(".", ",")


def _quantity_input(value) -> str:
    if value in (None, ""):
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    text = f"{number.normalize():f}" if number == number.to_integral_value() else f"{number:f}".rstrip("0")
    return text.replace(".", ",")


def _bool_input(value) -> str:
    return {True: "true", False: "false"}.get(value, "")


def _form_rows(form, group: str) -> list[tuple[int, dict]]:
    """Repeated rows `group.N.field` (and `cost_items.N.year_values.YYYY`) by their number on the page."""
    found: dict[int, dict] = {}
    for key in form:
        match = ROW_KEY.match(key)
        if not match or match.group(1) != group or int(match.group(2)) >= MAX_FORM_ROWS:
            continue
        cells = found.setdefault(int(match.group(2)), {})
        if match.group(4):
            cells.setdefault(match.group(3), {})[match.group(4)] = _text(form.get(key)).strip()
        else:
            cells[match.group(3)] = _text(form.get(key)).strip()
    return sorted(found.items())


def _to_form_paths(fields: dict, maps: dict) -> dict:
    """Error paths index the lists sent to the operation; the page numbers its rows its own way."""
    result: dict[str, list[str]] = {}
    for path, messages in fields.items():
        parts = path.split(".")
        mapping = maps.get(parts[0])
        if mapping is not None and len(parts) > 1 and parts[1].isdigit() and int(parts[1]) < len(mapping):
            parts[1] = str(mapping[int(parts[1])])
        result.setdefault(".".join(parts), []).extend(messages)
    return result


@dataclass
class Reading:
    values: dict  # what to show again in the form
    raw: dict  # what the API would send (PATCH body)
    maps: dict  # list name → [row number on the page for each position in raw]
    refusals: dict  # what the page itself cannot turn into a PATCH, by field


def _stored_values(offer, key: str) -> dict:
    """A step's fields as the form shows them, from the stored draft."""
    c = schema.normalised(offer.content)
    if key == "offerors":
        names = {offer.organization_id: offer.organization.name}
        names.update({p.organization_id: p.organization.name for p in offer.partners})
        return {
            "contact": {name: c["contact"].get(name, "") for name in CONTACT_FIELDS},
            "cost_split": [
                {
                    "index": i,
                    "organization_id": str(row["organization_id"]),
                    "name": names.get(row["organization_id"], ""),
                    "amount": _money_input(row["amount"]),
                }
                for i, row in enumerate(figures.cost_split_rows(offer))
            ],
        }
    if key == "task":
        return {name: c[name] or "" for name in TASK_FIELDS}
    if key == "plan":
        return {
            "actions": [
                {
                    "index": i,
                    "origin": str(i),
                    "remove": False,
                    **{name: action.get(name, "") for name in ACTION_FIELDS},
                }
                for i, action in enumerate(c["actions"])
            ]
        }
    if key == "results":
        return {
            "expected_effects": c["expected_effects"],
            "results": [
                {"index": i, "remove": False, **{name: r.get(name, "") for name in RESULT_FIELDS}}
                for i, r in enumerate(c["results"])
            ],
        }
    if key == "offeror":
        return {"experience": c["experience"], "resources": c["resources"]}
    if key == "costs":
        return {
            "cost_items": [
                {
                    "index": i,
                    "remove": False,
                    "action": "" if item.get("action") is None else str(item["action"]),
                    "name": item.get("name", ""),
                    "unit": item.get("unit", ""),
                    "quantity": _quantity_input(item.get("quantity")),
                    "unit_cost": _money_input(item.get("unit_cost")),
                    "grant_part": _money_input(item.get("grant_part")),
                    "year_values": {str(y): _money_input(v) for y, v in (item.get("year_values") or {}).items()},
                }
                for i, item in enumerate(c["cost_items"])
            ]
        }
    if key == "sources":
        return {name: _money_input(c[name]) for name in SOURCE_FIELDS}
    if key == "other":
        return {
            "paid_activity": _bool_input(c["paid_activity"]),
            "partners_actions": c["partners_actions"],
            "other_information": c["other_information"],
        }
    if key == "statements":
        s = c["statements"] or {}
        return {
            "tax_arrears": _bool_input(s.get("tax_arrears")),
            "social_insurance_arrears": _bool_input(s.get("social_insurance_arrears")),
            "register": s.get("register") or "",
            "confirmed": bool(s.get("confirmed")),
        }
    return {}


def _read_step(offer, key: str, form) -> Reading:
    """(values to show again, raw PATCH body, row maps, refusals) from a step's submitted form. Only the
    fields the form carries are sent, so a step never blanks another step's fields."""
    values, raw, maps, refusals = {}, {}, {}, {}
    if key == "offerors":
        if any(f"contact.{name}" in form for name in CONTACT_FIELDS):
            values["contact"] = {name: _text(form.get(f"contact.{name}")) for name in CONTACT_FIELDS}
            raw["contact"] = dict(values["contact"])
        rows = _form_rows(form, "cost_split")
        stored = {row["organization_id"]: row["name"] for row in _stored_values(offer, "offerors")["cost_split"]}
        values["cost_split"] = [
            {
                "index": i,
                "organization_id": cells.get("organization_id", ""),
                "name": stored.get(cells.get("organization_id", ""), ""),
                "amount": cells.get("amount", ""),
            }
            for i, cells in rows
        ]
        if rows:
            raw["cost_split"] = [
                {"organization_id": row["organization_id"], "amount": row["amount"]} for row in values["cost_split"]
            ]
            maps["cost_split"] = [row["index"] for row in values["cost_split"]]
    elif key in ("task", "offeror"):
        names = TASK_FIELDS if key == "task" else ("experience", "resources")
        for name in names:
            values[name] = _text(form.get(name))
            if name in form:
                raw[name] = values[name]
    elif key == "plan":
        return _read_plan(offer, form)
    elif key == "results":
        values["expected_effects"] = _text(form.get("expected_effects"))
        if "expected_effects" in form:
            raw["expected_effects"] = values["expected_effects"]
        rows, kept, positions = [], [], []
        for index, cells in _form_rows(form, "results"):
            row = {"index": index, "remove": "remove" in cells, **{n: cells.get(n, "") for n in RESULT_FIELDS}}
            rows.append(row)
            if not row["remove"] and any(row[n] for n in RESULT_FIELDS):  # a blank row is not a result
                kept.append({n: row[n] for n in RESULT_FIELDS})
                positions.append(index)
        values["results"] = rows
        if rows:
            raw["results"], maps["results"] = kept, positions
    elif key == "costs":
        rows, kept, positions = [], [], []
        for index, cells in _form_rows(form, "cost_items"):
            years = cells.get("year_values") if isinstance(cells.get("year_values"), dict) else {}
            row = {
                "index": index,
                "remove": "remove" in cells,
                "action": cells.get("action", ""),
                "year_values": years,
                **{n: cells.get(n, "") for n in COST_TEXT_FIELDS},
            }
            rows.append(row)
            if row["remove"] or not (any(row[n] for n in COST_TEXT_FIELDS) or any(years.values())):
                continue  # ticked for removal, or a blank row (its action select alone is not a cost)
            item = {"action": row["action"], **{n: row[n] for n in COST_TEXT_FIELDS}}
            split = {year: amount for year, amount in years.items() if amount}
            item["year_values"] = split or None
            kept.append(item)
            positions.append(index)
        values["cost_items"] = rows
        if rows:
            raw["cost_items"], maps["cost_items"] = kept, positions
    elif key == "sources":
        for name in SOURCE_FIELDS:
            values[name] = _text(form.get(name)).strip()
            if name in form:
                raw[name] = values[name]
    elif key == "other":
        values["paid_activity"] = form.get("paid_activity", "")
        if "paid_activity" in form:
            raw["paid_activity"] = values["paid_activity"]
        for name in ("partners_actions", "other_information"):
            values[name] = _text(form.get(name))
            if name in form:
                raw[name] = values[name]
    elif key == "statements":
        values = {
            "tax_arrears": form.get("statements.tax_arrears", ""),
            "social_insurance_arrears": form.get("statements.social_insurance_arrears", ""),
            "register": form.get("statements.register", ""),
            "confirmed": form.get("statements.confirmed") in ("on", "true", "1"),
        }
        # Section VII is one whole: an unticked box or an unchosen option is sent as "not given".
        raw["statements"] = {
            "tax_arrears": values["tax_arrears"],
            "social_insurance_arrears": values["social_insurance_arrears"],
            "register": values["register"],
            "confirmed": "true" if values["confirmed"] else "false",
        }
    return Reading(values, raw, maps, refusals)


def _read_plan(offer, form) -> Reading:
    """III.4. A cost line of V.A names its action by position, so when actions are removed or new ones
    added the lines follow their action to its new position (sent in the same PATCH). Each row carries
    `origin`, the position its action had when the page was drawn; offer.js updates it after an autosave."""
    stored = schema.normalised(offer.content)
    n_stored = len(stored["actions"])
    rows, kept, positions, origins = [], [], [], []
    for index, cells in _form_rows(form, "actions"):
        row = {
            "index": index,
            "remove": "remove" in cells,
            "origin": cells.get("origin", ""),
            **{name: cells.get(name, "") for name in ACTION_FIELDS},
        }
        rows.append(row)
        origin = int(row["origin"]) if row["origin"].isdigit() and int(row["origin"]) < n_stored else None
        if row["remove"] or (origin is None and not any(row[name] for name in ACTION_FIELDS)):
            continue
        kept.append({name: row[name] for name in ACTION_FIELDS})
        positions.append(index)
        origins.append(origin)
    values = {"actions": rows}
    if not rows:
        return Reading(values, {}, {}, {})
    raw = {"actions": kept}
    moved_to = {origin: position for position, origin in enumerate(origins) if origin is not None}
    row_of_origin = {int(r["origin"]): r["index"] for r in rows if r["origin"].isdigit()}
    refusals: dict[str, list[str]] = {}
    lines, moved = [], False
    for item in stored["cost_items"]:
        action = item.get("action")
        if isinstance(action, int) and not isinstance(action, bool) and action < n_stored:
            if action not in moved_to:
                path = f"actions.{row_of_origin[action]}.remove" if action in row_of_origin else "actions"
                message = _(
                    "Do tego działania są przypisane pozycje kosztorysu (V.A). Usuń je albo przypisz "
                    "do innego działania w kroku „Kosztorys”, a dopiero potem usuń działanie."
                )
                if message not in refusals.get(path, []):
                    refusals.setdefault(path, []).append(message)
                continue
            moved = moved or moved_to[action] != action
            lines.append({**item, "action": moved_to[action]})
        else:
            lines.append(item)
    if moved and not refusals:
        raw["cost_items"] = lines
    return Reading(values, raw, {"actions": positions}, refusals)


def _rebase_origins(offer, values: dict) -> dict:
    """After an edit conflict the typed rows' origins name positions of the draft this person had read,
    not of the draft as it is now: match them again by the action's name, so saving again re-applies."""
    current = [a.get("name", "") for a in schema.normalised(offer.content)["actions"]]
    used = set()
    for row in values.get("actions", []):
        match = next((i for i, name in enumerate(current) if name and name == row.get("name") and i not in used), None)
        row["origin"] = "" if match is None else str(match)
        if match is not None:
            used.add(match)
    return values


# ---------------------------------------------------------------- figures for pages and JSON


def _percent(value) -> str:
    return f"{value}".replace(".", ",") + "\u00a0%"


def _figure_texts(result) -> dict:
    """The estimate's numbers as the page prints them (the server adds up; the page only shows)."""
    texts = {
        name: money_pl(getattr(result, name))
        for name in (
            "total_cost",
            "requested_grant",
            "own_contribution",
            "own_financial",
            "own_non_financial",
            "actions_total",
            "admin_total",
            "cost_split_total",
        )
    }
    texts.update(
        {
            name: _percent(getattr(result, name))
            for name in ("own_contribution_percent", "grant_percent", "admin_percent")
        }
    )
    return texts


def _live(offer, reading: Reading, *, check: bool) -> dict:
    """figures.preview of the typed step, with every path turned to the page's row numbers."""
    content, result, problems, parse_errors = figures.preview(offer, reading.raw)
    messages = _to_form_paths(parse_errors.fields, reading.maps)
    estimate_fields = estimate.problems_by_field(problems)
    if check:
        # Arrived from the summary's list: also what a submission would still call missing here.
        for path, items in schema.submission_problems(content, joint=offer.is_joint).fields.items():
            estimate_fields.setdefault(path, []).extend(items)
    for path, items in _to_form_paths(estimate_fields, reading.maps).items():
        messages.setdefault(path, []).extend(m for m in items if m not in messages.get(path, []))
    for path, items in reading.refusals.items():
        messages.setdefault(path, []).extend(items)
    line_map = reading.maps.get("cost_items")
    line_values = {
        str(line_map[i] if line_map is not None else i): money_pl(value)
        for i, value in enumerate(result.line_values)
        if line_map is None or i < len(line_map)
    }
    return {
        "figures": _figure_texts(result),
        "line_values": line_values,
        "action_totals": {str(i): money_pl(v) for i, v in enumerate(result.action_totals)},
        "messages": messages,
    }


# ---------------------------------------------------------------- rendering a step


def _nav(offer, current: str) -> list[dict]:
    items = [
        {
            "key": s.key,
            "label": f"{s.number}. {s.title}",
            "url": url_for(".step", offer_id=offer.id, step=s.key),
            "current": s.key == current,
        }
        for s in STEPS
    ]
    items += [
        {"key": key, "label": str(label), "url": url_for(f".{key}", offer_id=offer.id), "current": key == current}
        for key, label in EXTRA_PAGES
    ]
    return items


def _offerors(offer) -> list[dict]:
    """Section II.1 as the profiles stand now (a submission freezes them)."""
    rows = [control.organization_snapshot(offer.organization, representing=True)]
    rows += [control.organization_snapshot(p.organization, representing=False) for p in offer.partners]
    return rows


def _cost_form_groups(offer, rows: list[dict]) -> tuple[list[dict], int]:
    """The cost lines under their actions (I.1 …, II), with one blank row each for a new line."""
    actions = schema.normalised(offer.content)["actions"]
    groups = [
        {
            "key": str(i),
            "lp": f"I.{i + 1}",
            "label": _("Działanie %(n)d: %(name)s", n=i + 1, name=a.get("name") or "—"),
            "rows": [],
        }
        for i, a in enumerate(actions)
    ]
    groups.append({"key": schema.ADMIN, "lp": "II", "label": _("Koszty administracyjne"), "rows": []})
    by_key = {g["key"]: g for g in groups}
    orphans = {"key": "", "lp": "—", "label": _("Pozycje bez wskazanego działania"), "rows": []}
    for row in rows:
        by_key.get(row["action"], orphans)["rows"].append(row)
    if orphans["rows"]:
        groups.append(orphans)
    next_index = max((row["index"] for row in rows), default=-1) + 1
    for group in groups:
        group["blank"] = next_index
        next_index += 1
    return groups, next_index


def _render_step(
    offer,
    step: Step,
    values: dict,
    *,
    errors=None,
    conflict=None,
    status: int = 200,
    reading: Reading | None = None,
    check: bool = False,
    notice: str | None = None,
    partner_term: str = "",
):
    errors = errors or {}
    live = _live(offer, reading or Reading({}, {}, {}, {}), check=check)
    # The estimate's problems (and, from the summary, what is missing) for the fields of this step.
    problems = {
        path: items for path, items in live["messages"].items() if shown_on(path, step.key) and path not in errors
    }
    messages = {**problems, **errors}
    context = {
        "offer": offer,
        "call": offer.call,
        "step": step,
        "nav": _nav(offer, step.key),
        "values": values,
        "messages": messages,
        "summary": labelled(errors),
        "problem_summary": labelled(problems) if check and not errors else {},
        "live": live,
        "check": check,
        "editable": offer.is_editable,
        "call_open": offer.call.is_open(),
        "lock_version": offer.lock_version,
        "updated_ms": int(offer.updated_at.timestamp() * 1000),
        "conflict": conflict,
        "next_step": _next_step(step.key),
        "previous_step": _previous_step(step.key),
        "notice": notice,
    }
    if conflict is not None:
        context["their"] = member_view(offer)
        context["their_values"] = _stored_values(offer, step.key)
        context["their_author"] = queries.user_name(offer.updated_by_id)
        context["their_is_me"] = offer.updated_by_id == current_user.id
    if step.key == "offerors":
        context["offerors"] = _offerors(offer)
        context["partner_values"] = {"partner": partner_term}
    if step.key == "costs":
        groups, next_index = _cost_form_groups(offer, values.get("cost_items", []))
        years = estimate.task_years(schema.typed_content(offer.content))
        context.update(
            groups=groups,
            js_next_index=next_index,
            years=years if len(years) > 1 else [],
            actions=schema.normalised(offer.content)["actions"],
        )
    if step.key in ("plan", "results"):
        rows = values.get("actions" if step.key == "plan" else "results", [])
        # One blank row to fill in; offer.js numbers the rows it adds from js_next_index on.
        context["blank_index"] = max((row["index"] for row in rows), default=-1) + 1
        context["js_next_index"] = context["blank_index"] + 1
    if step.key == "call":
        context["limits"] = estimate.CallLimits.from_call(offer.call)
    return render_template(f"offers/steps/{step.key}.html", **context), status


def _next_step(key: str) -> str | None:
    index = STEP_ORDER.index(key)
    return STEP_ORDER[index + 1] if index + 1 < len(STEP_ORDER) else None


def _previous_step(key: str) -> str | None:
    index = STEP_ORDER.index(key)
    return STEP_ORDER[index - 1] if index > 0 else None


def _step_url(offer, key: str, **args) -> str:
    if key in STEP_BY_KEY:
        return url_for(".step", offer_id=offer.id, step=key, **args)
    return url_for(f".{key}", offer_id=offer.id, **args)


def _get_step(key: str) -> Step:
    step = STEP_BY_KEY.get(key)
    if step is None:
        raise NotFound(_("Nie ma takiej strony."))
    return step


def _back(url: str):
    # A refused form is drawn under its POST address; a GET there (a reload, the language switch, which
    # links to the current address) goes back to the page the form lives on.
    lang = request.args.get("lang")
    return redirect(url + (f"?lang={lang}" if lang in ("pl", "uk", "en") else ""))


def _lock_from(form, offer):
    # Without a lock_version (a hand-made request) the change is judged against the draft this request read.
    raw = form.get("lock_version")
    return raw if raw not in (None, "") else offer.lock_version


# ---------------------------------------------------------------- NGO: starting an offer, my offers


@bp.route("/ngo/offers/")
@ngo_page
def my_offers():
    organizations = organizations_of(current_user)
    offers = queries.offers_for(current_user)
    by_org = {o.id: [offer for offer in offers if o.id in offer.organization_ids] for o in organizations}
    return render_template("offers/my_offers.html", organizations=organizations, by_org=by_org)


def _render_start(call, values, *, errors=None, message=None, status: int = 200):
    organizations = organizations_of(current_user)
    options = [{"value": str(o.id), "label": o.name} for o in organizations]
    return render_template(
        "offers/start.html",
        call=call,
        organizations=organizations,
        options=options,
        values=values,
        errors=errors or {},
        summary=labelled(errors or {}),
        message=message,
        call_open=call.is_open(),
    ), status


@bp.route("/ngo/calls/<int:call_id>/offers/new", methods=["GET", "POST"])
@ngo_page
def start(call_id: int):
    call = call_queries.get_public_call(call_id)
    if request.method == "GET":
        mine = organizations_of(current_user)
        chosen = str(mine[0].id) if len(mine) == 1 else ""  # the only organisation needs no choosing
        return _render_start(call, {"organization_id": chosen, "title": ""})
    values = {"organization_id": request.form.get("organization_id", ""), "title": _text(request.form.get("title"))}
    try:
        offer = operations.create_offer(actor=current_user, call=call, raw=dict(values))
    except ValidationFailed as error:
        return _render_start(call, values, errors=error.fields, status=422)
    except Conflict as error:
        return _render_start(call, values, message=error.message, status=409)
    flash(
        _(
            "Utworzono wersję roboczą oferty. Wypełnij kolejne części formularza — każdą zapisz przyciskiem "
            "„Zapisz”. Ofertę złożysz w ostatnim kroku."
        ),
        "success",
    )
    return redirect(url_for(".step", offer_id=offer.id, step="call"))


def _render_clone(offer, values, *, errors=None, status: int = 200):
    calls = call_queries.public_calls("open")
    options = [
        {
            "value": str(c.id),
            "label": _(
                "%(title)s (%(office)s), oferty do %(deadline)s",
                title=c.title,
                office=c.office.name,
                deadline=datetime_pl(c.submission_deadline),
            ),
        }
        for c in calls
    ]
    return render_template(
        "offers/clone.html",
        offer=offer,
        calls=calls,
        options=options,
        values=values,
        errors=errors or {},
        summary=labelled(errors or {}),
    ), status


@bp.route("/ngo/offers/<int:offer_id>/clone", methods=["GET", "POST"])
@ngo_page
def clone(offer_id: int):
    offer = queries.get_offer_for_member(current_user, offer_id)
    if request.method == "GET":
        return _render_clone(offer, {"call_id": ""})
    values = {"call_id": request.form.get("call_id", "")}
    call = call_queries.get_call(values["call_id"])
    if call is None or not call.is_public:
        return _render_clone(
            offer,
            values,
            status=422,
            errors={"call_id": [_("Wybierz otwarty nabór, do którego chcesz skopiować ofertę.")]},
        )
    try:
        copy = operations.clone_offer(actor=current_user, offer=offer, call=call)
    except Conflict as error:
        return _render_clone(offer, values, errors={"call_id": [error.message]}, status=409)
    flash(
        _(
            "Skopiowano ofertę do naboru „%(call)s”. Uzupełnij termin realizacji zadania, podział kosztów "
            "(jeśli to oferta wspólna) i oświadczenia — nie są kopiowane. Załączniki dodaj ponownie.",
            call=call.title,
        ),
        "success",
    )
    return redirect(url_for(".step", offer_id=copy.id, step="call"))


# ---------------------------------------------------------------- NGO: the steps


@bp.route("/ngo/offers/<int:offer_id>")
@ngo_page
def offer_home(offer_id: int):
    offer = queries.get_offer_for_member(current_user, offer_id)
    # A draft opens at its first step; a submitted offer at its summary (status, versions, withdrawal).
    if offer.is_editable:
        return redirect(url_for(".step", offer_id=offer.id, step="call"))
    return redirect(url_for(".summary", offer_id=offer.id))


@bp.route("/ngo/offers/<int:offer_id>/steps/<step>", methods=["GET", "POST"])
@ngo_page
def step(offer_id: int, step: str):
    offer = queries.get_offer_for_member(current_user, offer_id)
    spec = _get_step(step)
    check = request.values.get("check") == "1"
    if request.method == "GET" or not spec.editable:
        if request.method == "POST":
            return redirect(_step_url(offer, _next_step(spec.key)))
        return _render_step(offer, spec, _stored_values(offer, spec.key), check=check)
    reading = _read_step(offer, spec.key, request.form)
    if reading.refusals:
        return _render_step(
            offer, spec, reading.values, errors=reading.refusals, reading=reading, check=check, status=422
        )
    try:
        operations.update_offer(
            actor=current_user, offer=offer, raw={**reading.raw, "lock_version": _lock_from(request.form, offer)}
        )
    except ValidationFailed as error:
        return _render_step(
            offer,
            spec,
            reading.values,
            errors=_to_form_paths(error.fields, reading.maps),
            reading=reading,
            check=check,
            status=422,
        )
    except Conflict as error:
        values = _rebase_origins(offer, reading.values) if spec.key == "plan" else reading.values
        is_edit_conflict = error.code == "edit_conflict"
        return _render_step(
            offer,
            spec,
            values,
            conflict=error if is_edit_conflict else None,
            notice=None if is_edit_conflict else error.message,
            reading=reading,
            check=check,
            status=409,
        )
    flash(_("Zapisano."), "success")
    target = request.form.get("go")
    if target == "next" and _next_step(spec.key):
        return redirect(_step_url(offer, _next_step(spec.key)))
    if target == "summary":
        return redirect(url_for(".summary", offer_id=offer.id))
    return redirect(_step_url(offer, spec.key, **({"check": "1"} if check else {})))


@bp.post("/ngo/offers/<int:offer_id>/steps/<step>/autosave")
@ngo_json
def autosave(offer_id: int, step: str):
    offer = queries.get_offer_for_member(current_user, offer_id)
    spec = _get_step(step)
    if not spec.editable:
        raise NotFound(_("Nie ma takiej strony."))
    reading = _read_step(offer, spec.key, request.form)
    if reading.refusals:
        return jsonify(
            {"error": "validation", "message": _("Popraw zaznaczone pola."), "fields": reading.refusals}
        ), 422
    try:
        operations.update_offer(
            actor=current_user, offer=offer, raw={**reading.raw, "lock_version": _lock_from(request.form, offer)}
        )
    except ValidationFailed as error:
        return jsonify(
            {
                "error": "validation",
                "message": _("Nie zapisano: popraw zaznaczone pola."),
                "fields": _to_form_paths(error.fields, reading.maps),
            }
        ), 422
    except Conflict as error:
        return jsonify(
            {
                "error": error.code,
                "message": error.message,
                "lock_version": offer.lock_version,
                "author": queries.user_name(offer.updated_by_id),
            }
        ), 409
    saved = to_warsaw(offer.updated_at)
    return jsonify(
        {
            "ok": True,
            "lock_version": offer.lock_version,
            "saved_at": saved.strftime("%H:%M:%S"),
            "updated_ms": int(offer.updated_at.timestamp() * 1000),
            # Where each row of the page now is in the draft (offer.js keeps the actions' origins right).
            "rows": {
                name: [[row, position] for position, row in enumerate(mapping)]
                for name, mapping in reading.maps.items()
            },
        }
    )


@bp.post("/ngo/offers/<int:offer_id>/steps/<step>/preview")
@ngo_json
def preview(offer_id: int, step: str):
    offer = queries.get_offer_for_member(current_user, offer_id)
    spec = _get_step(step)
    reading = _read_step(offer, spec.key, request.form) if spec.editable else Reading({}, {}, {}, {})
    return jsonify(_live(offer, reading, check=request.form.get("check") == "1"))


# ---------------------------------------------------------------- NGO: partners of a joint offer


def _partner_refusal(offer, message: str, status: int, term: str = ""):
    """The offerors step again, with the refusal at the add-partner field and what was typed kept."""
    return _render_step(
        offer,
        STEP_BY_KEY["offerors"],
        _stored_values(offer, "offerors"),
        errors={"partner": [message]},
        partner_term=term,
        status=status,
    )


@bp.route("/ngo/offers/<int:offer_id>/partners", methods=["GET", "POST"])
@ngo_page
def add_partner(offer_id: int):
    offer = queries.get_offer_for_member(current_user, offer_id)
    if request.method == "GET":
        return _back(url_for(".step", offer_id=offer.id, step="offerors"))
    term = (request.form.get("partner") or "").strip()
    partner = queries.find_organization(term)
    if partner is None:
        message = _(
            "Nie znaleziono organizacji o tym numerze. Podaj 10-cyfrowy numer KRS (razem z zerami "
            "na początku) albo identyfikator organizacji w OKO. Partner musi mieć profil w OKO — "
            "poproś go, aby go założył."
        )
        return _partner_refusal(offer, message, 422, term)
    ids = [p.organization_id for p in offer.partners]
    try:
        operations.update_offer(
            actor=current_user,
            offer=offer,
            raw={"partners": ids + [partner.id], "lock_version": _lock_from(request.form, offer)},
        )
    except ValidationFailed as error:
        messages = " ".join(m for items in error.fields.values() for m in items)
        return _partner_refusal(offer, messages, 422, term)
    except Conflict as error:
        return _partner_refusal(offer, error.message, 409, term)
    flash(
        _(
            "Dodano partnera: %(name)s. Uzupełnij podział kosztów (V.C) i działania oferentów (VI.2).",
            name=partner.name,
        ),
        "success",
    )
    return redirect(url_for(".step", offer_id=offer.id, step="offerors"))


@bp.route("/ngo/offers/<int:offer_id>/partners/<int:organization_id>/remove", methods=["GET", "POST"])
@ngo_page
def remove_partner(offer_id: int, organization_id: int):
    offer = queries.get_offer_for_member(current_user, offer_id)
    if request.method == "GET":
        return _back(url_for(".step", offer_id=offer.id, step="offerors"))
    ids = [p.organization_id for p in offer.partners]
    if organization_id not in ids:
        raise NotFound(_("Ta organizacja nie jest partnerem tej oferty."))
    try:
        operations.update_offer(
            actor=current_user,
            offer=offer,
            raw={"partners": [i for i in ids if i != organization_id], "lock_version": _lock_from(request.form, offer)},
        )
    except Conflict as error:
        return _partner_refusal(offer, error.message, 409)
    flash(_("Usunięto partnera z oferty wspólnej."), "success")
    return redirect(url_for(".step", offer_id=offer.id, step="offerors"))


# ---------------------------------------------------------------- NGO: attachments


def _render_attachments(offer, *, values=None, errors=None, status: int = 200):
    used = sum(a.size for a in offer.active_attachments)
    return render_template(
        "offers/attachments.html",
        offer=offer,
        call=offer.call,
        nav=_nav(offer, "attachments"),
        values=values or {"kind": "other"},
        messages=errors or {},
        summary=labelled(errors or {}),
        kinds=[{"value": kind, "label": str(label)} for kind, label in ATTACHMENT_KINDS],
        used=used,
        max_file=storage.MAX_FILE_BYTES,
        max_offer=storage.MAX_OFFER_BYTES,
        editable=offer.is_editable,
    ), status


@bp.route("/ngo/offers/<int:offer_id>/attachments", methods=["GET", "POST"])
@ngo_page
def attachments(offer_id: int):
    offer = queries.get_offer_for_member(current_user, offer_id)
    if request.method == "GET":
        return _render_attachments(offer)
    upload = request.files.get("file")
    if upload is not None and not upload.filename:
        upload = None  # the browser sends an empty part when no file was chosen
    values = {"kind": request.form.get("kind", "")}
    try:
        attachment = operations.add_attachment(
            actor=current_user,
            offer=offer,
            stream=upload.stream if upload else None,
            filename=upload.filename if upload else None,
            kind=values["kind"],
        )
    except ValidationFailed as error:
        return _render_attachments(offer, values=values, errors=error.fields, status=422)
    except storage.TooLarge as error:
        return _render_attachments(offer, values=values, errors={"file": [error.message]}, status=error.status)
    except Conflict as error:
        return _render_attachments(offer, values=values, errors={"file": [error.message]}, status=409)
    flash(_("Dodano załącznik „%(name)s”.", name=attachment.original_filename), "success")
    return redirect(url_for(".attachments", offer_id=offer.id))


def _download(attachment) -> Response:
    # Files are at most 10 MB: read whole, so no open file handle outlives the request.
    response = Response(storage.path_for(attachment.stored_name).read_bytes(), mimetype=attachment.content_type)
    response.headers["Content-Disposition"] = storage.content_disposition(
        storage.download_name(attachment.original_filename, attachment.content_type)
    )
    return response


@bp.get("/ngo/offers/<int:offer_id>/attachments/<int:attachment_id>")
@ngo_page
def download_attachment(offer_id: int, attachment_id: int):
    offer = queries.get_offer_for_member(current_user, offer_id)
    return _download(queries.get_attachment_for(current_user, offer, attachment_id))


@bp.route("/ngo/offers/<int:offer_id>/attachments/<int:attachment_id>/remove", methods=["GET", "POST"])
@ngo_page
def remove_attachment(offer_id: int, attachment_id: int):
    offer = queries.get_offer_for_member(current_user, offer_id)
    if request.method == "GET":
        return _back(url_for(".attachments", offer_id=offer.id))
    attachment = queries.get_attachment_for(current_user, offer, attachment_id)
    try:
        operations.remove_attachment(actor=current_user, offer=offer, attachment=attachment)
    except Conflict as error:
        return _render_attachments(offer, errors={"file": [error.message]}, status=409)
    flash(_("Usunięto załącznik „%(name)s”.", name=attachment.original_filename), "success")
    return redirect(url_for(".attachments", offer_id=offer.id))


# ---------------------------------------------------------------- NGO: summary, submission, withdrawal


def _problem_links(offer, fields: dict) -> list[dict]:
    items = []
    for path in sorted(fields, key=_step_order):
        anchor = "f-" + path.replace(".", "-")
        for message in fields[path]:
            step = step_of(path)
            check = {"check": "1"} if step in STEP_BY_KEY else {}
            items.append(
                {
                    "path": path,
                    "label": field_label(path),
                    "message": message,
                    "step": step,
                    "url": _step_url(offer, step, **check) + "#" + anchor,
                }
            )
    return items


def _render_summary(offer, *, errors=None, message=None, status: int = 200):
    data = member_view(offer)
    fields = errors if errors is not None else data["problems"]
    return render_template(
        "offers/summary.html",
        offer=offer,
        call=offer.call,
        data=data,
        nav=_nav(offer, "summary"),
        problems=_problem_links(offer, fields),
        message=message,
        refused=errors is not None,
        call_open=offer.call.is_open(),
        offerors=_offerors(offer),
    ), status


@bp.get("/ngo/offers/<int:offer_id>/summary")
@ngo_page
def summary(offer_id: int):
    return _render_summary(queries.get_offer_for_member(current_user, offer_id))


@bp.route("/ngo/offers/<int:offer_id>/submit", methods=["GET", "POST"])
@ngo_page
def submit(offer_id: int):
    offer = queries.get_offer_for_member(current_user, offer_id)
    if request.method == "GET":
        return _back(url_for(".summary", offer_id=offer.id))
    try:
        lock_version = operations.parse_lock_version(request.form.get("lock_version") or None)
        version = operations.submit_offer(actor=current_user, offer=offer, lock_version=lock_version)
    except ValidationFailed as error:
        return _render_summary(offer, errors=error.fields, message=error.message, status=422)
    except Conflict as error:
        return _render_summary(offer, message=error.message, status=409)
    flash(_("Oferta została złożona. Zapisz lub wydrukuj potwierdzenie z kodem kontrolnym."), "success")
    return redirect(url_for(".version", offer_id=offer.id, number=version.number))


@bp.route("/ngo/offers/<int:offer_id>/withdraw", methods=["GET", "POST"])
@ngo_page
def withdraw(offer_id: int):
    offer = queries.get_offer_for_member(current_user, offer_id)
    if request.method == "GET":
        return _back(url_for(".summary", offer_id=offer.id))
    try:
        version = operations.withdraw_offer(actor=current_user, offer=offer)
    except Conflict as error:
        return _render_summary(offer, message=error.message, status=409)
    flash(
        _(
            "Wycofano ofertę (wersja %(n)d). Możesz ją poprawić i złożyć ponownie przed terminem — powstanie "
            "nowa wersja z nowym kodem kontrolnym.",
            n=version.number,
        ),
        "success",
    )
    return redirect(url_for(".summary", offer_id=offer.id))


def _pdf_available(kind_name: str) -> bool:
    """The PDFs come from the documents feature (grants.documents), once it can load the kind's object."""
    from grants.documents.kinds import KINDS

    kind = KINDS.get(kind_name)
    return kind is not None and kind.load is not None


@bp.get("/ngo/offers/<int:offer_id>/versions/<int:number>")
@ngo_page
def version(offer_id: int, number: int):
    offer = queries.get_offer_for_member(current_user, offer_id)
    found = next((v for v in offer.versions if v.number == number), None)
    if found is None:
        raise NotFound(_("Nie ma takiej wersji oferty."))
    return render_template(
        "offers/version.html",
        offer=offer,
        call=offer.call,
        version=found,
        nav=_nav(offer, "summary"),
        pdf_available=_pdf_available("offer_confirmation"),
        is_current=offer.current_version_id == found.id,
    )


# ---------------------------------------------------------------- the office


def _render_office_list(call, *, values=None, errors=None, status: int = 200):
    data = call_offers_to_api(call, queries.submitted_offers_of_call(call), queries.withdrawn_count(call))
    return render_template(
        "offers/office_list.html",
        call=call,
        data=data,
        values=values or {"control_code": "", "received_at": "", "channel": ""},
        messages=errors or {},
        summary=labelled(errors or {}),
    ), status


@bp.get("/office/calls/<int:call_id>/offers")
@officer_page
def office_list(call_id: int):
    return _render_office_list(office_call(call_id))


@bp.route("/office/calls/<int:call_id>/confirmations", methods=["GET", "POST"])
@officer_page
def office_confirm(call_id: int):
    call = office_call(call_id)
    if request.method == "GET":
        return _back(url_for(".office_list", call_id=call.id))
    values = {name: (request.form.get(name) or "").strip() for name in ("control_code", "received_at", "channel")}
    try:
        confirmation = operations.record_confirmation(actor=current_user, call=call, raw=dict(values))
    except ValidationFailed as error:
        return _render_office_list(call, values=values, errors=error.fields, status=422)
    except Conflict as error:
        return _render_office_list(call, values=values, errors={"control_code": [error.message]}, status=409)
    version = confirmation.version
    flash(
        _(
            "Zarejestrowano potwierdzenie oferty „%(title)s” (kod %(code)s, wersja %(n)d).",
            title=version.document["content"]["title"],
            code=version.control_code,
            n=version.number,
        ),
        "success",
    )
    return redirect(url_for(".office_list", call_id=call.id) + f"#offer-{version.offer_id}")


def _office_offer(call, offer_id: int):
    offer = queries.get_offer_for(current_user, offer_id)
    if offer.call_id != call.id or offer.current_version is None:
        raise NotFound(_("Nie ma takiej oferty."))
    return offer


@bp.get("/office/calls/<int:call_id>/offers/<int:offer_id>")
@officer_page
def office_offer(call_id: int, offer_id: int):
    call = office_call(call_id)
    offer = _office_offer(call, offer_id)
    return render_template(
        "offers/office_offer.html",
        call=call,
        offer=offer,
        data=office_view(offer),
        pdf_available=_pdf_available("offer"),
    )


@bp.get("/office/calls/<int:call_id>/offers/<int:offer_id>/attachments/<int:attachment_id>")
@officer_page
def office_attachment(call_id: int, offer_id: int, attachment_id: int):
    call = office_call(call_id)
    offer = _office_offer(call, offer_id)
    return _download(queries.get_attachment_for(current_user, offer, attachment_id))


def _local_outbox():
    # Only the development/test outbox (no MAIL_SERVER: messages stay here as .eml files) is browsable;
    # with a real mail server the messages are people's mail, not something for office staff to read.
    if current_app.config.get("MAIL_SERVER"):
        raise NotFound(_("Nie ma takiej strony."))


@bp.get("/office/outbox")
@officer_page
def outbox():
    _local_outbox()
    return render_template("offers/outbox.html", messages=queries.outbox_messages())


@bp.get("/office/outbox/<int:mail_id>")
@officer_page
def outbox_message(mail_id: int):
    _local_outbox()
    return render_template("offers/outbox_message.html", message=queries.get_outbox_message(mail_id))
