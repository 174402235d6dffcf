"""Turning what a person or a machine sent into the offer's content, with an error per field.

The draft is stored as a normalised JSON document (money as "12345.67", dates as "YYYY-MM-DD"), so
the stored form is exact, and the same content always serialises the same way (the control sum
depends on it). `parse_offer_patch` judges raw values (strings from a form, JSON values from the API)
the way `grants.calls.schema` does for calls; `typed_content` turns the stored form into Decimals and
dates for `grants.offers.estimate`; `submission_problems` lists what a complete offer still lacks.
"""

import copy
import re
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _

from grants.errors import FieldErrors
from grants.formatting import money_str
from grants.parsing import is_blank, money, parse_date, parse_decimal

NOT_APPLICABLE = "nie dotyczy"  # Annex 1, "Pouczenie": a field that does not apply says so

# Section → fields of Annex 1. Text fields with their length limits (the regulation sets none; these
# only stop abuse — an announcement may set stricter ones).
TEXT_FIELDS = {
    # II.1 "adres do korespondencji" of the representing offeror, when it is not the seat's (the seat comes
    # from the organisation's profile; the correspondence address is the offer's: one office may write
    # elsewhere than another).
    "correspondence_address": 500,
    "title": 300,  # III.1
    "place": 2000,  # III.3 (miejsce realizacji)
    "target_group": 5000,  # III.3 (grupa docelowa)
    "summary": 20000,  # III.3 synthetic description
    "expected_effects": 20000,  # III.5
    "experience": 20000,  # IV.1
    "resources": 20000,  # IV.2
    "partners_actions": 20000,  # VI.2 (joint offers)
    "other_information": 20000,  # VI.3
}
REQUIRED_TEXT = ("title", "place", "target_group", "summary", "expected_effects", "resources")
# Where the form's "nie dotyczy" is a complete answer; left blank, these print as "nie dotyczy".
NOT_APPLICABLE_ALLOWED = ("experience", "partners_actions", "other_information")
ACTION_FIELDS = {"name": 300, "description": 5000, "target_group": 2000, "period": 300, "subcontractor": 2000}
RESULT_FIELDS = {"name": 500, "target_value": 300, "monitoring": 2000}
MONEY_FIELDS = ("own_financial", "own_non_financial_personal", "own_non_financial_in_kind")
MAX_ACTIONS, MAX_RESULTS, MAX_COST_ITEMS, MAX_PARTNERS = 100, 100, 500, 20
MAX_QUANTITY = Decimal("1000000000")
KIND_RE = re.compile(r"^[a-z0-9_]{1,32}$")
ADMIN = "admin"
TRUE = (True, "true", "1", "on", "yes", "tak", 1)
FALSE = (False, "false", "0", "off", "no", "nie", 0)


def empty_content(title: str = "") -> dict:
    return {
        "title": title,
        "correspondence_address": "",
        "task_start": None,
        "task_end": None,
        "place": "",
        "target_group": "",
        "summary": "",
        "actions": [],
        "results": [],
        "expected_effects": "",
        "experience": "",
        "resources": "",
        "cost_items": [],
        "own_financial": "0.00",
        "own_non_financial_personal": "0.00",
        "own_non_financial_in_kind": "0.00",
        "beneficiary_fees": None,
        "paid_activity": None,
        "partners_actions": "",
        "other_information": "",
        "contact": {"name": "", "phone": "", "email": ""},
        "statements": {"tax_arrears": None, "social_insurance_arrears": None, "register": None, "confirmed": False},
        "lead_cost_share": None,
        # V.C by year for a task over several calendar years (Annex 1: "Rok 1 / Rok 2 / Rok 3"):
        # {organization id: {year: amount}}, each offeror's part split like the cost lines of V.A.
        "cost_split_years": {},
    }


# What a draft's JSON holds besides dicts and lists: immutable, so a copy may share it.
_ATOMIC = frozenset({str, int, float, bool, type(None), Decimal, date})


def _copied(value):
    """A deep copy of a draft's JSON: dicts and lists rebuilt, immutable values shared. A page of the form
    normalises the draft about ten times, and `copy.deepcopy` (its memo, its dispatch per value) cost 0.25 ms
    a time for 20 cost lines against 0.07 here; anything else (not JSON) still goes through it."""
    if type(value) is dict:
        return {key: _copied(item) for key, item in value.items()}
    if type(value) is list:
        return [_copied(item) for item in value]
    if type(value) in _ATOMIC:
        return value
    return copy.deepcopy(value)


def normalised(content: dict | None) -> dict:
    """The stored content with every key present (older drafts gain new keys with their defaults)."""
    result = empty_content()
    for key, value in (content or {}).items():
        if key in result:
            result[key] = _copied(value)
    return result


def is_not_applicable(value) -> bool:
    return isinstance(value, str) and value.strip().rstrip(".").lower() == NOT_APPLICABLE


# ---------------------------------------------------------------- parsing a PATCH


def _text(errors: FieldErrors, path: str, value, limit: int) -> str | None:
    if value is None:
        return ""
    if not isinstance(value, str):
        errors.add(path, _("Podaj tekst."))
        return None
    text = value.strip()
    if len(text) > limit:
        errors.add(path, _("Najwyżej %(n)d znaków.", n=limit))
        return None
    return text


def json_list(errors: FieldErrors, path: str, value, limit: int) -> list | None:
    """A JSON list of at most `limit` items; None (nothing sent) is an empty list."""
    if value is None:
        return []
    if not isinstance(value, list):
        errors.add(path, _("Podaj listę."))
        return None
    if len(value) > limit:
        errors.add(path, _("Najwyżej %(n)d pozycji.", n=limit))
        return None
    return value


def _row_texts(errors: FieldErrors, prefix: str, item, fields: dict) -> dict | None:
    if not isinstance(item, dict):
        errors.add(prefix, _("Podaj obiekt z polami: %(fields)s.", fields=", ".join(fields)))
        return None
    row = {}
    for name, limit in fields.items():
        text = _text(errors, f"{prefix}.{name}", item.get(name), limit)
        row[name] = text if text is not None else ""
    return row


def parse_bool(errors: FieldErrors, path: str, value) -> bool | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    normal = value.strip().lower() if isinstance(value, str) else value
    if isinstance(normal, (list, dict)):
        normal = None
    if normal in TRUE:
        return True
    if normal in FALSE:
        return False
    errors.add(path, _("Podaj tak (true) albo nie (false)."))
    return None


def parse_action_ref(errors: FieldErrors, path: str, value):
    """A cost line's action: the index of an action of III.4 (0, 1, ...), or "admin"."""
    if isinstance(value, str) and value.strip().lower() == ADMIN:
        return ADMIN
    if isinstance(value, bool) or value is None or (isinstance(value, str) and not value.strip()):
        errors.add(
            path, _("Wskaż działanie z harmonogramu (jego numer, od 0) albo „admin” dla kosztów administracyjnych.")
        )
        return None
    try:
        number = int(value.strip()) if isinstance(value, str) else value
        if not isinstance(number, int) or number < 0:
            raise ValueError
    except ValueError:
        errors.add(
            path, _("Wskaż działanie z harmonogramu (jego numer, od 0) albo „admin” dla kosztów administracyjnych.")
        )
        return None
    return number


def parse_quantity(errors: FieldErrors, path: str, value) -> Decimal | None:
    try:
        number = parse_decimal(value)
    except (ValueError, ArithmeticError):
        errors.add(path, _("Podaj liczbę jednostek, np. 12 lub 12,5 (najwyżej dwa miejsca po przecinku)."))
        return None
    if number <= 0 or number > MAX_QUANTITY:
        errors.add(path, _("Liczba jednostek musi być większa od zera."))
        return None
    return number


def _optional_money(errors, path, value):
    return None if is_blank(value) else money(errors, path, value)


def _year_values(errors: FieldErrors, path: str, value) -> dict | None:
    if value is None or value == {}:
        return None
    if not isinstance(value, dict):
        errors.add(path, _('Podaj kwoty w poszczególnych latach, np. {"2027": "1000.00", "2028": "500.00"}.'))
        return None
    result = {}
    for key, amount in value.items():
        try:
            year = int(str(key).strip())
            if not 2000 <= year <= 2100:
                raise ValueError
        except ValueError:
            errors.add(path, _("Rok %(year)s jest nieprawidłowy; podaj rok, np. 2027.", year=key))
            continue
        parsed = money(errors, f"{path}.{year}", amount)
        if parsed is not None:
            result[str(year)] = money_str(parsed)
    return dict(sorted(result.items()))


def parse_cost_item(errors: FieldErrors, prefix: str, item) -> dict | None:
    if not isinstance(item, dict):
        errors.add(
            prefix,
            _("Pozycja kosztorysu ma działanie, nazwę, miarę, liczbę jednostek, koszt jednostkowy i część z dotacji."),
        )
        return None
    row = {"action": parse_action_ref(errors, f"{prefix}.action", item.get("action"))}
    for name, limit in (("name", 300), ("unit", 100)):
        text = _text(errors, f"{prefix}.{name}", item.get(name), limit)
        row[name] = text if text is not None else ""
    quantity = (
        None if is_blank(item.get("quantity")) else parse_quantity(errors, f"{prefix}.quantity", item.get("quantity"))
    )
    row["quantity"] = money_str(quantity)
    row["unit_cost"] = money_str(_optional_money(errors, f"{prefix}.unit_cost", item.get("unit_cost")))
    # A line without a grant part is paid wholly from other sources.
    grant_part = (
        money(errors, f"{prefix}.grant_part", item["grant_part"])
        if not is_blank(item.get("grant_part"))
        else Decimal(0)
    )
    row["grant_part"] = money_str(grant_part)
    row["year_values"] = _year_values(errors, f"{prefix}.year_values", item.get("year_values"))
    return row


def parse_partner_refs(errors: FieldErrors, value) -> list[dict] | None:
    """`partners: [organization_id]` (or `[{organization_id, cost_share}]`) → [{organization_id, cost_share?}]."""
    items = json_list(errors, "partners", value, MAX_PARTNERS)
    if items is None:
        return None
    result, seen = [], set()
    for index, item in enumerate(items):
        path = f"partners.{index}"
        entry = {}
        raw_id = item.get("organization_id") if isinstance(item, dict) else item
        if isinstance(item, dict) and "cost_share" in item:
            entry["cost_share"] = _optional_money(errors, f"{path}.cost_share", item.get("cost_share"))
        try:
            if isinstance(raw_id, bool):
                raise ValueError
            org_id = int(raw_id.strip()) if isinstance(raw_id, str) else int(raw_id)
        except (TypeError, ValueError):
            errors.add(path, _("Podaj identyfikator organizacji partnerskiej (liczbę)."))
            continue
        if org_id in seen:
            errors.add(path, _("Każdą organizację partnerską podaj raz."))
            continue
        seen.add(org_id)
        entry["organization_id"] = org_id
        result.append(entry)
    return result


def parse_cost_split(errors: FieldErrors, value) -> list[dict] | None:
    """V.C: `[{organization_id, amount}]` — each offeror's part of the costs."""
    items = json_list(errors, "cost_split", value, MAX_PARTNERS + 1)
    if items is None:
        return None
    result = []
    for index, item in enumerate(items):
        path = f"cost_split.{index}"
        if not isinstance(item, dict):
            errors.add(path, _("Podaj organizację i kwotę."))
            continue
        try:
            raw_id = item.get("organization_id")
            if isinstance(raw_id, bool):
                raise ValueError
            org_id = int(raw_id)
        except (TypeError, ValueError):
            errors.add(f"{path}.organization_id", _("Podaj identyfikator organizacji (liczbę)."))
            continue
        row = {"organization_id": org_id, "amount": _optional_money(errors, f"{path}.amount", item.get("amount"))}
        if "year_values" in item:
            row["year_values"] = _year_values(errors, f"{path}.year_values", item.get("year_values"))
        result.append(row)
    return result


def _parse_texts(errors: FieldErrors, raw: dict, updates: dict) -> None:
    for name, limit in TEXT_FIELDS.items():
        if name in raw:
            text = _text(errors, name, raw[name], limit)
            if text is not None:
                if name == "title" and not text:
                    errors.add(name, _("Podaj tytuł zadania publicznego."))
                else:
                    updates[name] = text


def _parse_dates(errors: FieldErrors, raw: dict, updates: dict) -> None:
    for name in ("task_start", "task_end"):
        if name in raw:
            if is_blank(raw[name]):
                updates[name] = None
            else:
                day = parse_date(errors, name, raw[name])
                if day is not None:
                    updates[name] = day.isoformat()


def _parse_rows(errors: FieldErrors, raw: dict, updates: dict) -> None:
    """III.4, III.6 and V.A: each list replaced whole, a row kept when it parses."""
    for name, limit, parse_row in (
        ("actions", MAX_ACTIONS, lambda path, item: _row_texts(errors, path, item, ACTION_FIELDS)),
        ("results", MAX_RESULTS, lambda path, item: _row_texts(errors, path, item, RESULT_FIELDS)),
        ("cost_items", MAX_COST_ITEMS, lambda path, item: parse_cost_item(errors, path, item)),
    ):
        if name in raw:
            items = json_list(errors, name, raw[name], limit)
            if items is not None:
                updates[name] = [
                    row for i, item in enumerate(items) if (row := parse_row(f"{name}.{i}", item)) is not None
                ]


def _parse_sources(errors: FieldErrors, raw: dict, updates: dict) -> None:
    for name in MONEY_FIELDS:
        if name in raw:
            amount = Decimal(0) if is_blank(raw[name]) else money(errors, name, raw[name])
            if amount is not None:
                updates[name] = money_str(amount)
    if "beneficiary_fees" in raw:
        if is_blank(raw["beneficiary_fees"]) or is_not_applicable(raw["beneficiary_fees"]):
            updates["beneficiary_fees"] = None
        else:
            fees = money(errors, "beneficiary_fees", raw["beneficiary_fees"])
            if fees is not None:
                updates["beneficiary_fees"] = money_str(fees)


def _parse_other(errors: FieldErrors, raw: dict, updates: dict) -> None:
    """VI.1, the contact person of II.2 and the statements of VII."""
    if "paid_activity" in raw:
        value = parse_bool(errors, "paid_activity", raw["paid_activity"])
        if value is not None or is_blank(raw["paid_activity"]):
            updates["paid_activity"] = value
    if "contact" in raw:
        row = _row_texts(errors, "contact", raw["contact"] or {}, {"name": 200, "phone": 40, "email": 254})
        if row is not None:
            updates["contact"] = row
    if "statements" in raw:
        parsed = _statements(errors, raw["statements"])
        if parsed is not None:
            updates["statements"] = parsed


def parse_offer_patch(raw: dict) -> tuple[dict, dict, FieldErrors]:
    """(content updates in stored form, relations {partners, cost_split}, errors) for the keys present.

    Lists (actions, results, cost_items) are replaced whole, so a client sends what it shows. Keys the
    API only reads (total_cost, status, ...) and unknown keys are ignored, so GET → edit → PATCH works.
    """
    errors = FieldErrors()
    updates: dict = {}
    relations: dict = {}
    for parse in (_parse_texts, _parse_dates, _parse_rows, _parse_sources, _parse_other):
        parse(errors, raw, updates)
    if "partners" in raw:
        relations["partners"] = parse_partner_refs(errors, raw["partners"])
    if "cost_split" in raw:
        relations["cost_split"] = parse_cost_split(errors, raw["cost_split"])
    return updates, relations, errors


def _statements(errors: FieldErrors, value) -> dict | None:
    """Section VII: 3) and 4) are choices (zalega / nie zalega), 5) KRS or another register; 1), 2), 6), 7)
    are fixed text the offeror confirms as a whole."""
    if value is None:
        value = {}
    if not isinstance(value, dict):
        errors.add("statements", _("Podaj oświadczenia z części VII oferty."))
        return None
    register = value.get("register")
    if not is_blank(register) and register not in ("krs", "other"):
        errors.add("statements.register", _("Wybierz: krs (Krajowy Rejestr Sądowy) albo other (inna ewidencja)."))
        register = None
    return {
        "tax_arrears": parse_bool(errors, "statements.tax_arrears", value.get("tax_arrears")),
        "social_insurance_arrears": parse_bool(
            errors, "statements.social_insurance_arrears", value.get("social_insurance_arrears")
        ),
        "register": None if is_blank(register) else register,
        "confirmed": parse_bool(errors, "statements.confirmed", value.get("confirmed")) or False,
    }


def parse_kind(errors: FieldErrors, value) -> str:
    kind = "other" if is_blank(value) else str(value).strip().lower()
    if not KIND_RE.match(kind):
        errors.add("kind", _("Rodzaj załącznika: małe litery, cyfry i podkreślenia, do 32 znaków, np. statut."))
    return kind


# ---------------------------------------------------------------- typed view and completeness


def _dec(value) -> Decimal | None:
    return None if value is None else Decimal(value)


def typed_content(content: dict, cost_split: list[dict] | None = None) -> dict:
    """Stored (strings) → typed (Decimal, date) for `grants.offers.estimate`."""
    c = normalised(content)
    return {
        "task_start": date.fromisoformat(c["task_start"]) if c["task_start"] else None,
        "task_end": date.fromisoformat(c["task_end"]) if c["task_end"] else None,
        "actions": c["actions"],
        "cost_items": [
            {
                "action": item.get("action"),
                "quantity": _dec(item.get("quantity")),
                "unit_cost": _dec(item.get("unit_cost")),
                "grant_part": _dec(item.get("grant_part")),
                "year_values": {int(y): Decimal(v) for y, v in (item.get("year_values") or {}).items()} or None,
            }
            for item in c["cost_items"]
        ],
        "own_financial": Decimal(c["own_financial"]),
        "own_non_financial_personal": Decimal(c["own_non_financial_personal"]),
        "own_non_financial_in_kind": Decimal(c["own_non_financial_in_kind"]),
        "beneficiary_fees": _dec(c["beneficiary_fees"]),
        "paid_activity": c["paid_activity"],
        "cost_split": [
            {
                "organization_id": row["organization_id"],
                "amount": _dec(row.get("amount")),
                "year_values": {int(y): Decimal(v) for y, v in (row.get("year_values") or {}).items()} or None,
            }
            for row in cost_split or []
        ],
    }


def submission_problems(content: dict, *, joint: bool, results_required: bool = True) -> FieldErrors:
    """What a complete offer (Annex 1, I–VII) still lacks — the 422 of a submission, per field.

    `results_required`: the call's `results_table_required` — III.6 may be waived by the announcement
    (Annex 1, footnote 3); rows given anyway must still be whole."""
    c = normalised(content)
    errors = FieldErrors()
    required = _("To pole jest wymagane do złożenia oferty.")
    not_na = _("Tu nie można wpisać „nie dotyczy” — to pole opisuje samo zadanie.")
    for name in REQUIRED_TEXT:
        if not c[name]:
            errors.add(name, required)
        elif is_not_applicable(c[name]):
            errors.add(name, not_na)
    if not c["experience"]:
        errors.add("experience", _("Opisz wcześniejszą działalność organizacji albo wpisz „nie dotyczy”."))
    for name in ("task_start", "task_end"):
        if not c[name]:
            errors.add(name, required)
    if not c["actions"]:
        errors.add("actions", _("Dodaj co najmniej jedno działanie do planu i harmonogramu (III.4)."))
    for index, action in enumerate(c["actions"]):
        for name in ("name", "description", "target_group", "period"):
            if not action.get(name):
                errors.add(f"actions.{index}.{name}", required)
    if not c["results"] and results_required:
        errors.add(
            "results", _("Podaj co najmniej jeden rezultat z wartością docelową i sposobem monitorowania (III.6).")
        )
    for index, result in enumerate(c["results"]):
        for name in RESULT_FIELDS:
            if not result.get(name):
                errors.add(f"results.{index}.{name}", required)
    if not c["cost_items"]:
        errors.add("cost_items", _("Kosztorys (V.A) musi mieć co najmniej jedną pozycję."))
    for index, item in enumerate(c["cost_items"]):
        for name in ("name", "unit", "quantity", "unit_cost"):
            if item.get(name) in (None, ""):
                errors.add(f"cost_items.{index}.{name}", required)
    if c["paid_activity"] is None:
        errors.add("paid_activity", _("Zadeklaruj odpłatne albo nieodpłatne wykonanie zadania (VI.1)."))
    if joint and (not c["partners_actions"] or is_not_applicable(c["partners_actions"])):
        errors.add("partners_actions", _("W ofercie wspólnej opisz, co robi każdy z oferentów (VI.2)."))
    contact = c["contact"] or {}
    if not contact.get("name"):
        errors.add("contact.name", _("Podaj osobę upoważnioną do składania wyjaśnień dotyczących oferty (II.2)."))
    if not contact.get("phone") and not contact.get("email"):
        errors.add("contact.email", _("Podaj telefon albo e-mail osoby do kontaktu (II.2)."))
    statements = c["statements"] or {}
    for name in ("tax_arrears", "social_insurance_arrears"):
        if statements.get(name) is None:
            errors.add(f"statements.{name}", _("Wybierz: zalega albo nie zalega (VII)."))
    if statements.get("register") is None:
        errors.add("statements.register", _("Wskaż, z którym rejestrem zgodne są dane z części II (VII.5)."))
    if statements.get("confirmed") is not True:
        errors.add("statements.confirmed", _("Potwierdź oświadczenia z części VII oferty."))
    return errors


def frozen_content(content: dict) -> dict:
    """The content as it is frozen: blank fields the form lets say so read "nie dotyczy"."""
    c = normalised(content)
    for name in NOT_APPLICABLE_ALLOWED:
        if not c[name]:
            c[name] = NOT_APPLICABLE
    for action in c["actions"]:
        if not action.get("subcontractor"):
            action["subcontractor"] = NOT_APPLICABLE
    return c


# ---------------------------------------------------------------- correction of formal defects

# What a correction request (grants.review) may open: the content fields, the joint offer's relations and
# the attachments. A field name opens the whole field; a dotted path opens that part only
# (`cost_items.2.unit_cost`, `contact.email`).
CORRECTABLE_FIELDS = frozenset(
    (
        *TEXT_FIELDS,
        "task_start",
        "task_end",
        "actions",
        "results",
        "cost_items",
        *MONEY_FIELDS,
        "beneficiary_fees",
        "paid_activity",
        "contact",
        "statements",
        "partners",
        "cost_split",
        "attachments",
    )
)
FIELD_PATH_RE = re.compile(r"^[a-z_]+(\.[a-z0-9_]+)*$")


def is_correctable_path(path) -> bool:
    return isinstance(path, str) and bool(FIELD_PATH_RE.match(path)) and path.split(".")[0] in CORRECTABLE_FIELDS


def path_opened(path: str, opened) -> bool:
    """Whether `path` lies inside one of the `opened` dotted paths."""
    return any(path == field or path.startswith(field + ".") for field in opened or ())


def changed_paths(before, after, prefix: str = "") -> set[str]:
    """The dotted paths where two stored contents differ; an added or removed list element or key is one
    path (`cost_items.4`), so only an opened parent covers it."""
    if isinstance(before, dict) and isinstance(after, dict):
        paths: set[str] = set()
        for key in set(before) | set(after):
            path = f"{prefix}.{key}" if prefix else str(key)
            if key not in before or key not in after:
                paths.add(path)
            else:
                paths |= changed_paths(before[key], after[key], path)
        return paths
    if isinstance(before, list) and isinstance(after, list):
        paths = set()
        for index in range(max(len(before), len(after))):
            path = f"{prefix}.{index}"
            if index >= len(before) or index >= len(after):
                paths.add(path)
            else:
                paths |= changed_paths(before[index], after[index], path)
        return paths
    return set() if before == after else {prefix}
