"""Turning what the office, a committee member or the public sent into typed review input, with an error
per field.

The pages turn their forms into the raw dicts the API receives and both pass them through these functions
(single values through `grants.parsing`), so a field is judged the same way in both. What only the
database knows (is this account an evaluator of the office, did this organisation submit an offer) is
asked through the lookups the operation passes in, so the errors keep the order of the fields.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _

from grants.auth.operations import normalise_email
from grants.calls.models import Channel
from grants.calls.schema import parse_publications
from grants.errors import FieldErrors
from grants.formatting import money_pl, points_pl
from grants.parsing import boolean, integer, is_blank, money, parse_date, parse_decimal, text
from grants.review.models import CommitteeRole
from scoring import InvalidPointsError, tie_break_step, validate_points
from scoring.errors import ScoringError

MAX_TEXT = 5000
MAX_ITEMS = 50
MAX_ID = 10**9


def identifier(errors: FieldErrors, field: str, value, *, high: int = MAX_ID) -> int | None:
    """A required whole number from 1 (an id, a count)."""
    if value is None or value == "":
        errors.add(field, _("To pole jest wymagane."))
        return None
    return integer(errors, field, value, low=1, high=high)


def parse_required_text(raw: dict, field: str, *, limit: int) -> str:
    errors = FieldErrors()
    value = text(errors, field, raw.get(field), required=True, limit=limit)
    errors.raise_if_any()
    return value


# ---------------------------------------------------------------- settings of the review


def _draw_positions(errors: FieldErrors, path: str, raw: dict) -> dict[str, int] | None:
    """{offer_id: position} of a draw held: each position a whole number from 1, no two offers on one place;
    an error names the offer (`tie_break.N.<offer_id>`)."""
    positions: dict[int, int] = {}
    taken: set[int] = set()
    for key, value in raw.items():
        offer_id = integer(FieldErrors(), "offer", key, low=1, high=MAX_ID)
        if offer_id is None:
            errors.add(path, _("Losowanie wskazuje nieznaną ofertę."))
            continue
        position = integer(errors, f"{path}.{offer_id}", value, low=1, high=MAX_ITEMS * 100)
        if position is None:
            continue
        if position in taken:
            errors.add(f"{path}.{offer_id}", _("Dwie oferty nie mogą zająć w losowaniu tego samego miejsca."))
            continue
        taken.add(position)
        positions[offer_id] = position
    tie_break_step(("draw", positions))
    return {str(k): v for k, v in sorted(positions.items())}


def parse_tie_break(errors: FieldErrors, raw, codes: set[str]) -> list[list] | None:
    """[["criterion", code] | ["lower_requested"] | ["draw", {offer_id: position}]]; strings
    "lower_requested", "draw" and "criterion:code" are accepted too. Each kind of step (each criterion) once."""
    if not isinstance(raw, list) or len(raw) > 10:
        errors.add("tie_break", _('Podaj listę kroków, np. [["criterion", "quality"], ["lower_requested"]].'))
        return None
    ladder: list[list] = []
    seen: set = set()
    for index, item in enumerate(raw):
        path = f"tie_break.{index}"
        if isinstance(item, str):
            item = ["criterion", item.split(":", 1)[1]] if item.startswith("criterion:") else [item]
        if item == ["draw"]:
            item = ["draw", {}]  # the rule announced; its result is recorded when a tie needs it
        if not isinstance(item, list) or not item:
            errors.add(path, _("Nieznany krok rozstrzygania remisów."))
            continue
        key = tuple(item) if item[0] != "draw" else ("draw",)
        if key in seen:
            errors.add(path, _("Ten krok jest już wyżej na liście."))
            continue
        seen.add(key)
        try:
            if item[0] == "draw" and len(item) == 2 and isinstance(item[1], dict):
                ladder.append(["draw", _draw_positions(errors, path, item[1])])
                continue
            step = tie_break_step(tuple(item))
        except (ScoringError, TypeError, ValueError):
            errors.add(
                path,
                _("Nieznany krok rozstrzygania remisów: criterion (z kodem kryterium), lower_requested albo draw."),
            )
            continue
        if item[0] == "criterion" and step.code not in codes:
            errors.add(path, _("Nabór nie ma kryterium %(code)s.", code=step.code))
            continue
        ladder.append(list(item))
    return ladder


def parse_settings(raw: dict, *, codes: set[str], reason_required: bool) -> tuple[dict, str | None]:
    """({column: value} for the settings present in `raw`, the reason of the change)."""
    errors = FieldErrors()
    data: dict = {}
    if "allow_half_points" in raw:
        data["allow_half_points"] = boolean(errors, "allow_half_points", raw["allow_half_points"])
    if "partial_last" in raw:
        data["partial_last"] = boolean(errors, "partial_last", raw["partial_last"])
    if "tie_break" in raw:
        data["tie_break"] = None if raw["tie_break"] is None else parse_tie_break(errors, raw["tie_break"], codes)
    reason = text(errors, "reason", raw.get("reason"), required=reason_required, limit=2000)
    errors.raise_if_any()
    return data, reason


# ---------------------------------------------------------------- committee


def _parse_member(errors: FieldErrors, path: str, item: dict, evaluators: Mapping, wanted: dict):
    """The account of one `{user_id, role}` line, or None when it cannot sit (or is listed twice)."""
    user_id = identifier(errors, f"{path}.user_id", item.get("user_id"))
    user = evaluators.get(user_id) if user_id is not None else None
    if user_id is not None and user is None:
        errors.add(
            f"{path}.user_id",
            _("To nie jest aktywne konto członka komisji (oceniającego) urzędu, który prowadzi nabór."),
        )
    elif user is not None and user.id in wanted:
        errors.add(f"{path}.user_id", _("Każdą osobę podaj raz."))
        user = None
    return user


def _parse_role(errors: FieldErrors, path: str, role) -> CommitteeRole | None:
    if role not in ("chair", "member", "expert"):
        errors.add(
            f"{path}.role",
            _(
                "Rola: chair (przewodniczący), member (członek) albo expert (ekspert "
                "z głosem doradczym, art. 15 ust. 2e ustawy)."
            ),
        )
        return None
    return CommitteeRole(role)


def _parse_nominator(errors: FieldErrors, path: str, value, exists, takes_part) -> int | None:
    """art. 15 ust. 2d: a person nominated by an organisation taking part in the competition may not sit."""
    if value is None:
        return None
    field = f"{path}.nominated_by_organization_id"
    organization_id = identifier(errors, field, value)
    if organization_id is not None:
        if not exists(organization_id):
            errors.add(field, _("Nie ma takiej organizacji."))
        elif takes_part(organization_id):
            errors.add(
                field,
                _(
                    "Ta organizacja złożyła ofertę w tym naborze; osoba przez nią wskazana nie może "
                    "zasiadać w komisji (art. 15 ust. 2d ustawy)."
                ),
            )
    return organization_id


def parse_committee(
    raw: dict,
    *,
    evaluators: Mapping,
    organization_exists: Callable[[int], bool],
    takes_part: Callable[[int], bool],
) -> dict[int, dict]:
    """`{members: [{user_id, role, nominated_by_organization_id?}]}` → {user id: {user, role,
    organization_id}}; `evaluators` are the accounts that may sit (user id → user), exactly one chair."""
    errors = FieldErrors()
    members_raw = raw.get("members")
    if not isinstance(members_raw, list) or not members_raw or len(members_raw) > MAX_ITEMS:
        errors.add("members", _("Podaj skład komisji: listę {user_id, role}."))
        members_raw = []
    wanted: dict[int, dict] = {}
    for index, item in enumerate(members_raw):
        path = f"members.{index}"
        if not isinstance(item, dict):
            errors.add(path, _("Członek komisji to {user_id, role}."))
            continue
        user = _parse_member(errors, path, item, evaluators, wanted)
        role = _parse_role(errors, path, item.get("role"))
        nominator = item.get("nominated_by_organization_id")
        organization_id = _parse_nominator(errors, path, nominator, organization_exists, takes_part)
        if user is not None and role is not None:
            wanted[user.id] = {"user": user, "role": role, "organization_id": organization_id}
    if not errors and sum(1 for w in wanted.values() if w["role"] == CommitteeRole.chair) != 1:
        errors.add("members", _("Wskaż dokładnie jednego przewodniczącego komisji (role: chair)."))
    errors.raise_if_any()
    return wanted


RECORD_FIELDS = ("act_number", "act_date", "meeting_date", "meeting_end_date", "meeting_place", "minute_taker")


def _record_date(errors: FieldErrors, field: str, value):
    return None if is_blank(value) else parse_date(errors, field, value)


def parse_committee_record(raw: dict, *, today) -> dict:
    """The protocol's data of the committee (PUT: a field left out is cleared). The appointing act comes
    before the protocol is written, so not after `today`; a sitting over several days ends on or after its
    first day."""
    errors = FieldErrors()
    data = {
        "act_number": text(errors, "act_number", raw.get("act_number"), limit=100),
        "act_date": _record_date(errors, "act_date", raw.get("act_date")),
        "meeting_date": _record_date(errors, "meeting_date", raw.get("meeting_date")),
        "meeting_end_date": _record_date(errors, "meeting_end_date", raw.get("meeting_end_date")),
        "meeting_place": text(errors, "meeting_place", raw.get("meeting_place"), limit=300),
        "minute_taker": text(errors, "minute_taker", raw.get("minute_taker"), limit=200),
    }
    if data["act_date"] is not None and data["act_date"] > today:
        errors.add("act_date", _("Data zarządzenia nie może być późniejsza niż dzisiejsza."))
    if data["meeting_end_date"] is not None:
        if data["meeting_date"] is None:
            errors.add("meeting_date", _("Podaj pierwszy dzień posiedzenia."))
        elif data["meeting_end_date"] < data["meeting_date"]:
            errors.add("meeting_end_date", _("Ostatni dzień posiedzenia nie może być wcześniejszy niż pierwszy."))
    errors.raise_if_any()
    return data


def parse_declaration(raw: dict, *, passed_to_committee: Callable[[int], object]) -> tuple[object, bool, str | None]:
    """`{offer_id, impartial, reason}` → (the offer, impartial, reason); `passed_to_committee(offer_id)` is
    the offer when the call's committee evaluates it, else None."""
    errors = FieldErrors()
    offer_id = identifier(errors, "offer_id", raw.get("offer_id"))
    offer = passed_to_committee(offer_id) if offer_id is not None else None
    if offer_id is not None and offer is None:
        errors.add("offer_id", _("Ta oferta nie została przekazana komisji tego naboru."))
    impartial = boolean(errors, "impartial", raw.get("impartial"))
    reason = text(errors, "reason", raw.get("reason"), limit=2000)
    errors.raise_if_any()
    return offer, impartial, reason


def parse_assignment(raw: dict, *, default_per_offer: int | None, voting: int) -> tuple[str, int | None, int | None]:
    """`{mode, per_offer?, max_per_member?}` → (mode, per offer, cap); `voting`: the committee's votes."""
    errors = FieldErrors()
    mode = raw.get("mode")
    if mode not in ("all", "balanced"):
        errors.add("mode", _("Tryb: all (każdy ocenia każdą ofertę) albo balanced (po N oceniających na ofertę)."))
    per_offer = cap = None
    if mode == "balanced":
        per_offer = identifier(errors, "per_offer", raw.get("per_offer", default_per_offer), high=50)
        if per_offer is not None and voting and per_offer > voting:
            errors.add("per_offer", _("Komisja ma tylko %(n)d członków z prawem głosu.", n=voting))
        if raw.get("max_per_member") is not None:
            cap = identifier(errors, "max_per_member", raw.get("max_per_member"), high=10000)
    errors.raise_if_any()
    return mode, per_offer, cap


# ---------------------------------------------------------------- scores


@dataclass(frozen=True)
class SheetInput:
    final: bool
    points: dict[str, Decimal]
    texts: dict[str, str]


def _parse_points(errors: FieldErrors, scores_raw: dict, criteria: Mapping, allow_half_points: bool) -> dict:
    points: dict[str, Decimal] = {}
    for code, value in scores_raw.items():
        criterion = criteria.get(code)
        if criterion is None:
            errors.add(f"scores.{code}", _("Nie ma takiego kryterium w tym naborze."))
            continue
        if value is None:
            continue
        step = _("w pełnych punktach lub połówkach") if allow_half_points else _("w pełnych punktach")
        # The error summary lists messages without their fields: each names its criterion.
        message = _(
            "„%(name)s”: podaj od 0 do %(max)s pkt, %(step)s.",
            name=criterion.name,
            max=points_pl(criterion.max_points),
            step=step,
        )
        try:
            points[code] = validate_points(criterion, parse_decimal(value), allow_half_points)
        except (ValueError, InvalidOperation, InvalidPointsError):
            errors.add(f"scores.{code}", message)
    return points


def _parse_justifications(errors: FieldErrors, texts_raw: dict, criteria: Mapping) -> dict[str, str]:
    texts: dict[str, str] = {}
    for code, value in texts_raw.items():
        if code not in criteria:
            errors.add(f"justifications.{code}", _("Nie ma takiego kryterium w tym naborze."))
            continue
        justification = text(errors, f"justifications.{code}", value, limit=MAX_TEXT)
        if justification:
            texts[code] = justification
    return texts


def parse_sheet(raw: dict, *, criteria: Mapping, allow_half_points: bool) -> SheetInput:
    """`{scores: {code: points}, justifications: {code: text}, final}` against the call's `criteria` (code →
    `scoring.Criterion`); `final` needs every criterion scored and justified — each gap named with the rest."""
    errors = FieldErrors()
    final = boolean(errors, "final", raw.get("final", False))
    scores_raw = raw.get("scores") if raw.get("scores") is not None else {}
    texts_raw = raw.get("justifications") if raw.get("justifications") is not None else {}
    if not isinstance(scores_raw, dict):
        errors.add("scores", _("Podaj punkty jako {kod_kryterium: liczba}."))
        scores_raw = {}
    if not isinstance(texts_raw, dict):
        errors.add("justifications", _("Podaj uzasadnienia jako {kod_kryterium: tekst}."))
        texts_raw = {}
    points = _parse_points(errors, scores_raw, criteria, allow_half_points)
    texts = _parse_justifications(errors, texts_raw, criteria)
    if final:
        for code, criterion in criteria.items():
            if code not in points and f"scores.{code}" not in errors.fields:
                errors.add(
                    f"scores.{code}", _("„%(name)s”: przed zatwierdzeniem przyznaj punkty.", name=criterion.name)
                )
            if code not in texts and f"justifications.{code}" not in errors.fields:
                errors.add(
                    f"justifications.{code}",
                    _("„%(name)s”: przed zatwierdzeniem uzasadnij ocenę.", name=criterion.name),
                )
    errors.raise_if_any()
    return SheetInput(final, points, texts)


# ---------------------------------------------------------------- decision and results


def _parse_awards(errors: FieldErrors, raw, ranking) -> dict[int, Decimal]:
    if not isinstance(raw, list) or len(raw) > 10000:
        errors.add("awards", _("Podaj listę dotacji [{offer_id, amount}] (może być pusta)."))
        raw = []
    amounts: dict[int, Decimal] = {}
    for index, item in enumerate(raw):
        path = f"awards.{index}"
        if not isinstance(item, dict):
            errors.add(path, _("Dotacja to {offer_id, amount}."))
            continue
        offer_id = identifier(errors, f"{path}.offer_id", item.get("offer_id"))
        blank = is_blank(item.get("amount"))
        amount = None if blank else money(errors, f"{path}.amount", item.get("amount"), positive=True)
        if blank:
            errors.add(f"{path}.amount", _("Podaj kwotę dotacji."))
        if offer_id is None:
            continue
        row = ranking.offers.get(offer_id)
        if row is None:
            errors.add(f"{path}.offer_id", _("Ta oferta nie przeszła oceny formalnej w tym naborze."))
            continue
        if offer_id in amounts:
            errors.add(f"{path}.offer_id", _("Każdą ofertę podaj raz."))
            continue
        if not ranking.result.item(offer_id).passes_threshold:
            errors.add(
                f"{path}.offer_id",
                _("Ta oferta nie uzyskała wymaganej liczby punktów (ogłoszenie konkursu); nie może otrzymać dotacji."),
            )
        if amount is not None and amount > row.requested_grant:
            errors.add(
                f"{path}.amount",
                _(
                    "Dotacja nie może przekraczać wnioskowanej kwoty (%(requested)s).",
                    requested=money_pl(row.requested_grant),
                ),
            )
        if amount is not None:
            amounts[offer_id] = amount
    return amounts


def _parse_not_funded(errors: FieldErrors, raw, ranking, amounts: dict) -> dict[int, str | None]:
    raw = raw if raw is not None else []
    if not isinstance(raw, list):
        errors.add("not_funded", _("Podaj listę [{offer_id, reason}]."))
        raw = []
    reasons: dict[int, str | None] = {}
    for index, item in enumerate(raw):
        path = f"not_funded.{index}"
        if not isinstance(item, dict):
            errors.add(path, _("Podaj {offer_id, reason}."))
            continue
        offer_id = identifier(errors, f"{path}.offer_id", item.get("offer_id"))
        reason = text(errors, f"{path}.reason", item.get("reason"), limit=MAX_TEXT)
        if offer_id is None:
            continue
        if offer_id not in ranking.offers:
            errors.add(f"{path}.offer_id", _("Ta oferta nie przeszła oceny formalnej w tym naborze."))
        elif offer_id in amounts:
            errors.add(f"{path}.offer_id", _("Ta oferta jest na liście dotacji."))
        elif offer_id in reasons:
            errors.add(f"{path}.offer_id", _("Każdą ofertę podaj raz."))
        else:
            reasons[offer_id] = reason
    return reasons


def parse_decision(raw: dict, *, ranking) -> tuple[dict[int, Decimal], dict[int, str | None]]:
    """`{awards: [{offer_id, amount}], not_funded?: [{offer_id, reason}]}` against the call's ranking
    (`grants.review.ranking.Ranking`) → ({offer id: amount}, {offer id: reason not funded})."""
    errors = FieldErrors()
    amounts = _parse_awards(errors, raw.get("awards"), ranking)
    reasons = _parse_not_funded(errors, raw.get("not_funded"), ranking, amounts)
    errors.raise_if_any()
    return amounts, reasons


def parse_channels(raw, now: datetime) -> dict[Channel, datetime]:
    """When the results went out in each of the three places of art. 13 ust. 3; none given: all `now`."""
    errors = FieldErrors()
    if raw is None:
        return dict.fromkeys(Channel, now)
    publications = parse_publications(raw, errors) or {}
    for moment in publications.values():
        if moment is not None and moment > now:
            errors.add("publications", _("Publikacja nie może mieć daty z przyszłości."))
            break
    errors.raise_if_any()
    return publications


@dataclass(frozen=True)
class JustificationInput:
    requester: str
    email: str
    text: str
    offer_id: int | None


def parse_justification_request(raw: dict, *, offer_known: Callable[[int], bool]) -> JustificationInput:
    """`{requester, email, text, offer_id?}`; `offer_known(offer_id)`: the offer is one of the call's."""
    errors = FieldErrors()
    requester = text(errors, "requester", raw.get("requester"), required=True, limit=200)
    email = normalise_email(raw.get("email"))
    if email is None:
        errors.add("email", _("Podaj poprawny adres e-mail, na który wyślemy uzasadnienie."))
    body = text(errors, "text", raw.get("text"), required=True, limit=10000)
    offer_id = None
    if raw.get("offer_id") is not None:
        offer_id = identifier(errors, "offer_id", raw.get("offer_id"))
        if offer_id is not None and not offer_known(offer_id):
            errors.add("offer_id", _("W tym naborze nie ma takiej oferty."))
    errors.raise_if_any()
    return JustificationInput(requester, email, body, offer_id)
