"""The office records the signed confirmation (paper or ePUAP) of a submitted offer's version."""

from datetime import datetime, time

from flask_babel import gettext as _

from grants.audit.log import record
from grants.auth.permissions import require_officer
from grants.calls.models import Call
from grants.clock import WARSAW, now_utc, warsaw_date
from grants.errors import Conflict, FieldErrors, ValidationFailed
from grants.extensions import db
from grants.formatting import datetime_pl
from grants.offers import control
from grants.offers.models import Confirmation, ConfirmationChannel, OfferVersion
from grants.offers.queries import version_by_code
from grants.parsing import is_blank, parse_date, parse_datetime, parse_enum


def _parse_received_at(errors: FieldErrors, value) -> datetime | None:
    if is_blank(value):
        errors.add("received_at", _("Podaj datę wpływu potwierdzenia."))
        return None
    if isinstance(value, str) and len(value.strip()) == 10:
        day = parse_date(errors, "received_at", value)
        return datetime.combine(day, time(0, 0), tzinfo=WARSAW) if day else None
    return parse_datetime(errors, "received_at", value)


def _parse_confirmation(raw: dict, now: datetime) -> tuple[str, datetime, ConfirmationChannel]:
    """(control code, moment of receipt, channel) of the office's entry, or 422 per field."""
    errors = FieldErrors()
    code = control.normalise_code(raw.get("control_code"))
    if code is None:
        errors.add("control_code", _("Podaj kod kontrolny z potwierdzenia: 12 znaków 0–9 i A–F, np. A1B2-C3D4-E5F6."))
    received_at = _parse_received_at(errors, raw.get("received_at"))
    channel = None
    if is_blank(raw.get("channel")):
        errors.add("channel", _("Wskaż, jak wpłynęło potwierdzenie: paper (papier) albo epuap."))
    else:
        channel = parse_enum(
            errors,
            "channel",
            raw.get("channel"),
            ConfirmationChannel,
            _("Wskaż, jak wpłynęło potwierdzenie: paper (papier) albo epuap."),
        )
    if received_at is not None and received_at > now:
        errors.add("received_at", _("Data wpływu nie może być z przyszłości."))
    errors.raise_if_any()
    return code, received_at, channel


def _confirmable_version(call: Call, code: str, received_at: datetime) -> OfferVersion:
    """The version the code names, if it is the offer's current one and has no confirmation yet."""
    version = version_by_code(call.id, code)
    if version is None:
        raise ValidationFailed.one(
            "control_code",
            _("W tym naborze nie złożono oferty o kodzie %(code)s. Sprawdź kod na potwierdzeniu.", code=code),
        )
    offer = version.offer
    if version.withdrawn_at is not None:
        raise Conflict(
            _(
                "Ta wersja oferty została wycofana %(at)s; potwierdzenie jej nie dotyczy.",
                at=datetime_pl(version.withdrawn_at),
            ),
            code="version_withdrawn",
        )
    if offer.current_version_id != version.id:
        raise Conflict(
            _(
                "To potwierdzenie dotyczy wcześniejszej wersji oferty (%(number)d). Aktualna wersja ma "
                "kod %(current)s.",
                number=version.number,
                current=offer.current_version.control_code,
            ),
            code="superseded",
        )
    if version.confirmation is not None:
        raise Conflict(_("Potwierdzenie tej wersji oferty zostało już zarejestrowane."), code="already_confirmed")
    if warsaw_date(received_at) < warsaw_date(version.submitted_at):
        raise ValidationFailed.one(
            "received_at",
            _("Potwierdzenie nie mogło wpłynąć przed złożeniem oferty (%(at)s).", at=datetime_pl(version.submitted_at)),
        )
    return version


def record_confirmation(*, actor, call: Call, raw: dict, now: datetime | None = None) -> Confirmation:
    """The office records the signed confirmation (paper or ePUAP) of a submitted version, found by the
    short control code printed on it. Only the offer's current, not withdrawn version can be confirmed."""
    now = now or now_utc()
    require_officer(actor, call.office_id)
    code, received_at, channel = _parse_confirmation(raw, now)
    version = _confirmable_version(call, code, received_at)
    confirmation = Confirmation(
        offer_version_id=version.id, received_at=received_at, channel=channel, recorded_at=now, recorded_by_id=actor.id
    )
    db.session.add(confirmation)
    db.session.flush()
    db.session.refresh(version, ["confirmation"])
    record(
        "offer.confirm",
        "offer",
        version.offer_id,
        actor=actor,
        office_id=call.office_id,
        summary=code,
        after={"version": version.number, "control_code": code, "channel": channel.value, "received_at": received_at},
    )
    return confirmation
