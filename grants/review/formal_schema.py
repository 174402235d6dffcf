"""The formal check's input (the office's checklist of a call and its verdict on an offer), with an error per
field — split from `grants.review.schema`, whose conventions it shares: the pages turn their forms into the
raw dicts the API receives and both pass them through these functions."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _

from grants.calls.schema import CODE_RE
from grants.clock import warsaw_midnight
from grants.errors import FieldErrors
from grants.offers import schema as offer_schema
from grants.parsing import boolean, is_blank, parse_date, parse_datetime, text
from grants.review import rules
from grants.review.models import FormalStatus
from grants.review.schema import MAX_ITEMS, MAX_TEXT


def parse_checklist_items(raw: dict) -> list[dict]:
    """`{items: [{code, label, correctable}]}`: a call's own formal checklist."""
    errors = FieldErrors()
    items = raw.get("items")
    parsed = []
    if not isinstance(items, list) or not items or len(items) > MAX_ITEMS:
        errors.add("items", _("Podaj od 1 do %(n)d punktów listy kontrolnej.", n=MAX_ITEMS))
        items = []
    seen = set()
    for index, item in enumerate(items):
        path = f"items.{index}"
        if not isinstance(item, dict):
            errors.add(path, _("Punkt listy ma kod, opis i informację, czy brak można uzupełnić."))
            continue
        code = item.get("code")
        if not isinstance(code, str) or not CODE_RE.match(code):
            errors.add(f"{path}.code", _("Kod: małe litery, cyfry i podkreślenia, do 32 znaków."))
        elif code in seen:
            errors.add(f"{path}.code", _("Kody punktów muszą być różne."))
        seen.add(code)
        label = text(errors, f"{path}.label", item.get("label"), required=True, limit=300)
        correctable = boolean(errors, f"{path}.correctable", item.get("correctable"), default=False)
        parsed.append({"code": code, "label": label, "correctable": correctable})
    errors.raise_if_any()
    return parsed


# ---------------------------------------------------------------- formal check


@dataclass(frozen=True)
class FormalInput:
    target: FormalStatus
    checklist: dict[str, bool]
    reason: str | None
    defects: list[str]
    fields: list[str]
    deadline: datetime | None  # only for a correction request


def _parse_checklist(errors: FieldErrors, raw, codes: list[str]) -> dict[str, bool]:
    if not isinstance(raw, dict):
        errors.add("checklist", _("Podaj wynik każdego punktu listy kontrolnej: {kod: true albo false}."))
        return {}
    result: dict[str, bool] = {}
    for code in codes:
        value = raw.get(code)
        if not isinstance(value, bool):
            errors.add(f"checklist.{code}", _("Zaznacz: spełnione (true) albo niespełnione (false)."))
        else:
            result[code] = value
    for code in raw:
        if code not in codes:
            errors.add(f"checklist.{code}", _("Nie ma takiego punktu na liście kontrolnej tego naboru."))
    return result


def _parse_texts(errors: FieldErrors, field: str, raw, *, required: bool, limit: int = 2000) -> list[str]:
    if raw is None:
        raw = []
    if not isinstance(raw, list) or len(raw) > MAX_ITEMS:
        errors.add(field, _("Podaj listę (najwyżej %(n)d pozycji).", n=MAX_ITEMS))
        return []
    texts = []
    for index, value in enumerate(raw):
        line = text(errors, f"{field}.{index}", value, required=True, limit=limit)
        if line is not None:
            texts.append(line)
    if required and not raw:
        errors.add(field, _("To pole jest wymagane."))
    return texts


def _parse_fields(errors: FieldErrors, raw) -> list[str]:
    if not isinstance(raw, list) or not raw or len(raw) > MAX_ITEMS:
        errors.add(
            "fields",
            _('Wskaż pola oferty, które oferent może poprawić, np. ["cost_items", "contact.email", "attachments"].'),
        )
        return []
    fields: list[str] = []
    for index, value in enumerate(raw):
        if not offer_schema.is_correctable_path(value):
            errors.add(f"fields.{index}", _("Nie ma takiego pola oferty: %(field)s.", field=str(value)[:100]))
        elif value not in fields:
            fields.append(value)
    return fields


def _parse_correction_deadline(errors: FieldErrors, raw, correction_days: int, now: datetime) -> datetime | None:
    if is_blank(raw):
        return rules.correction_deadline(now, correction_days)
    if isinstance(raw, str) and len(raw.strip()) == 10:
        day = parse_date(errors, "correction_deadline", raw)
        deadline = warsaw_midnight(day + timedelta(days=1)) if day else None  # to the end of that day
    else:
        deadline = parse_datetime(errors, "correction_deadline", raw)
    if deadline is not None and deadline <= now:
        errors.add("correction_deadline", _("Termin na uzupełnienie braków musi przypadać w przyszłości."))
        return None
    return deadline


def _check_outcome(errors: FieldErrors, target, checklist: dict[str, bool], items: dict) -> None:
    """An accepted offer meets every item; a correction names a failed item, and only correctable ones."""
    if target == FormalStatus.accepted:
        for code, met in checklist.items():
            if not met:
                errors.add(f"checklist.{code}", _("Oferta z brakiem formalnym nie może zostać przyjęta."))
    if target == FormalStatus.correction_requested and len(checklist) == len(items):
        failed = [code for code, met in checklist.items() if not met]
        if not failed:
            errors.add("checklist", _("Wezwanie do uzupełnienia wymaga wskazania co najmniej jednego braku."))
        for code in failed:
            if not items[code].correctable:
                errors.add(f"checklist.{code}", _("Tego braku nie można uzupełnić — ofertę należy odrzucić."))


def parse_formal_review(raw: dict, *, items: list, correction_days: int, now: datetime) -> FormalInput:
    """`{outcome, checklist: {code: bool}, reason, defects, fields, correction_deadline}` against the call's
    checklist `items`; a correction's deadline defaults to `correction_days` working days from `now`."""
    errors = FieldErrors()
    outcome = raw.get("outcome")
    target = None
    if outcome not in ("accepted", "rejected", "correction_requested"):
        errors.add(
            "outcome",
            _(
                "Wynik: accepted (przyjęta), rejected (odrzucona) albo correction_requested "
                "(wezwanie do uzupełnienia braków)."
            ),
        )
    else:
        target = FormalStatus(outcome)
    checklist = _parse_checklist(errors, raw.get("checklist"), [item.code for item in items])
    reason = text(errors, "reason", raw.get("reason"), required=target == FormalStatus.rejected, limit=MAX_TEXT)
    defects, fields, deadline = [], [], None
    if target == FormalStatus.correction_requested:
        defects = _parse_texts(errors, "defects", raw.get("defects"), required=True)
        fields = _parse_fields(errors, raw.get("fields"))
        deadline = _parse_correction_deadline(errors, raw.get("correction_deadline"), correction_days, now)
    _check_outcome(errors, target, checklist, {item.code: item for item in items})
    errors.raise_if_any()
    return FormalInput(target, checklist, reason, defects, fields, deadline)
