"""The table of the rate of interest on tax arrears (Ordynacja podatkowa art. 56 § 1, art. 56a), which ufp
art. 251 ust. 5 and art. 252 ust. 1 apply to late and undue returns of a grant. Seeded from
`settlement.interest.TAX_ARREARS_RATES`; the admin adds a row when the Minister of Finance announces a new
rate and may correct one. Every change is audited."""

from datetime import date, datetime
from decimal import Decimal

from flask_babel import gettext as _

from grants import parsing
from grants.audit.log import record
from grants.clock import now_utc
from grants.contracts.models import InterestRate
from grants.errors import FieldErrors, Forbidden, NotFound, ValidationFailed
from grants.extensions import db
from settlement import TAX_ARREARS_RATES

NOTE_LIMIT = 300
# OP art. 56 § 1: 200 % of the lombard rate + 2 pp, never below 8 %; a typed rate above 100 % is a typo.
MAX_RATE = Decimal("100")


def require_admin(actor) -> None:
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_admin:
        raise Forbidden(_("Tabelę stóp procentowych prowadzi administrator."))


def all_rates() -> list[InterestRate]:
    return list(db.session.scalars(db.select(InterestRate).order_by(InterestRate.valid_from)))


def get_rate(rate_id: int) -> InterestRate:
    row = db.session.get(InterestRate, rate_id)
    if row is None:
        raise NotFound(_("Nie ma takiej stopy."))
    return row


def rate_to_api(row: InterestRate) -> dict:
    return {
        "id": row.id,
        "valid_from": row.valid_from.isoformat(),
        "rate_percent": f"{Decimal(row.rate_percent).quantize(Decimal('0.01'))}",
        "note": row.note,
    }


def parse_rate(raw: dict, *, partial: bool = False) -> dict:
    errors = FieldErrors()
    data: dict = {}
    if not partial or "valid_from" in raw:
        if parsing.is_blank(raw.get("valid_from")):
            errors.add("valid_from", _("Podaj datę."))
        else:
            data["valid_from"] = parsing.parse_date(errors, "valid_from", raw.get("valid_from"))
    if not partial or "rate_percent" in raw:
        value = raw.get("rate_percent")
        if parsing.is_blank(value):
            errors.add("rate_percent", _("Podaj stopę w procentach, np. 10,50."))
        else:
            rate = parsing.percent(errors, "rate_percent", value)
            if rate is not None and rate <= 0:
                errors.add("rate_percent", _("Stopa musi być większa od zera."))
            elif rate is not None and rate > MAX_RATE:
                errors.add("rate_percent", _("Procent musi być między 0 a 100."))
            else:
                data["rate_percent"] = rate
    if not partial or "note" in raw:
        data["note"] = parsing.text(errors, "note", raw.get("note"), limit=NOTE_LIMIT, blank="") or ""
    errors.raise_if_any()
    return data


def _taken(valid_from: date, except_id: int | None = None) -> bool:
    query = db.select(InterestRate.id).where(InterestRate.valid_from == valid_from)
    if except_id is not None:
        query = query.where(InterestRate.id != except_id)
    return db.session.scalar(query) is not None


def _duplicate() -> ValidationFailed:
    return ValidationFailed.one("valid_from", _("Od tego dnia obowiązuje już inna stopa; popraw tamtą."))


def create_rate(*, actor, raw: dict, now: datetime | None = None) -> InterestRate:
    now = now or now_utc()
    require_admin(actor)
    data = parse_rate(raw)
    if _taken(data["valid_from"]):
        raise _duplicate()
    row = InterestRate(updated_at=now, updated_by_id=actor.id, **data)
    db.session.add(row)
    db.session.flush()
    record("interest_rate.create", "interest_rate", row.id, actor=actor, after=rate_to_api(row))
    return row


def update_rate(*, actor, rate: InterestRate, raw: dict, now: datetime | None = None) -> InterestRate:
    now = now or now_utc()
    require_admin(actor)
    data = parse_rate(raw, partial=True)
    if "valid_from" in data and _taken(data["valid_from"], except_id=rate.id):
        raise _duplicate()
    before = rate_to_api(rate)
    for name, value in data.items():
        setattr(rate, name, value)
    after = rate_to_api(rate)
    changed = [k for k in after if before[k] != after[k]]
    if changed:
        rate.updated_at, rate.updated_by_id = now, actor.id
        db.session.flush()
        record(
            "interest_rate.update",
            "interest_rate",
            rate.id,
            actor=actor,
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
        )
    return rate


def seed_rates(*, actor=None, now: datetime | None = None) -> list[InterestRate]:
    """Add the seed's rates missing from the table (by their first day); rows already there, edited by the
    admin or not, stay as they are. Idempotent: a second run adds nothing."""
    now = now or now_utc()
    known = set(db.session.scalars(db.select(InterestRate.valid_from)))
    added = []
    for period in TAX_ARREARS_RATES:
        if period.valid_from in known:
            continue
        row = InterestRate(
            valid_from=period.valid_from,
            rate_percent=period.rate_percent,
            note="seed: settlement.interest.TAX_ARREARS_RATES",
            updated_at=now,
            updated_by_id=getattr(actor, "id", None),
        )
        db.session.add(row)
        added.append(row)
    if added:
        db.session.flush()
        record(
            "interest_rate.seed",
            "interest_rate",
            None,
            actor=actor,
            after={"added": [rate_to_api(r) for r in added]},
        )
    return added
