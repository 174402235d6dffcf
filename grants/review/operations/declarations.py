"""One declaration for the whole call (issue 11): a committee member reads the list of every offeror whose
offer passed to the committee and, in one act, declares impartiality towards all of them but those ticked
as a conflict, each with its circumstance (art. 15 ust. 2f of the Act: KPA art. 24 applies to committee
members).

It is stored as today, one `Declaration` row per offer, so every rule that reads them keeps working: no
content before an impartial declaration, a conflict excludes the member from that offer for good. The act
covers the offers passed to the committee when it is made; an offer the formal check passes later (after
a correction, which never creates a new offer) waits on the member's desk for a declaration of its own.
"""

from datetime import datetime

from flask_babel import gettext as _

from grants.audit.log import record
from grants.calls.models import Call
from grants.clock import now_utc
from grants.errors import Conflict, FieldErrors
from grants.parsing import boolean, text
from grants.review import member_queries
from grants.review.models import DeclarationStatus
from grants.review.operations.committee import declare_one
from grants.review.operations.common import require_member, start_review

MAX_REASON = 2000


def parse_call_declaration(raw: dict, *, offer_ids: set[int], undeclared: set[int]) -> tuple[bool, dict[int, str]]:
    """`{impartial: bool, conflicts: [{offer_id, reason}]}` → (impartial, {offer id: reason}).

    Each ticked conflict needs its circumstance (a slip of the mouse would otherwise exclude the member for
    good); `impartial` must be true when the act declares impartiality for at least one offer."""
    errors = FieldErrors()
    conflicts: dict[int, str] = {}
    items = raw.get("conflicts") if raw.get("conflicts") is not None else []
    if not isinstance(items, list):
        errors.add("conflicts", _("Podaj listę okoliczności wyłączających [{offer_id, reason}]."))
        items = []
    for index, item in enumerate(items):
        offer_id = item.get("offer_id") if isinstance(item, dict) else None
        if not isinstance(offer_id, int) or offer_id not in offer_ids:
            errors.add(f"conflicts.{index}.offer_id", _("Ta oferta nie została przekazana komisji tego naboru."))
            continue
        reason = text(errors, f"conflicts.{offer_id}.reason", item.get("reason"), limit=MAX_REASON)
        if not reason and f"conflicts.{offer_id}.reason" not in errors.fields:
            errors.add(
                f"conflicts.{offer_id}.reason",
                _("Opisz okoliczność wyłączającą — choćby jednym zdaniem (np. „członek zarządu”)."),
            )
        conflicts[offer_id] = reason or ""
    impartial = boolean(errors, "impartial", raw.get("impartial", False))
    if undeclared - set(conflicts) and impartial is False:
        errors.add(
            "impartial",
            _("Zaznacz oświadczenie o bezstronności wobec oferentów, których nie wskazano jako wyłączających."),
        )
    errors.raise_if_any()
    return bool(impartial), conflicts


def call_declaration_summary(name: str, impartial: int, conflicts: int) -> str:
    return _(
        "%(name)s: oświadczenie wobec wszystkich oferentów (bezstronność: %(i)d, wyłączenia: %(c)d)",
        name=name,
        i=impartial,
        c=conflicts,
    )


def declare_for_call(*, actor, call: Call, raw: dict, now: datetime | None = None) -> dict:
    """The member's declaration towards every offeror of the call at once. Offers already declared keep
    their declaration, except that an impartial one may turn into a conflict (never back). Returns
    {impartial: [offer ids], conflicts: [offer ids], warnings: [...]} of what this act declared."""
    now = now or now_utc()
    member = require_member(actor, call)
    start_review(call, actor, now)
    offers = {offer.id: offer for offer in member_queries.passed_offers(call)}
    if not offers:
        raise Conflict(_("Żadna oferta nie została jeszcze przekazana komisji tego naboru."), code="no_offers")
    declared = member_queries.member_declarations(member)
    undeclared = {offer_id for offer_id in offers if offer_id not in declared}
    impartial, conflicts = parse_call_declaration(raw, offer_ids=set(offers), undeclared=undeclared)
    done: dict = {"impartial": [], "conflicts": [], "warnings": []}
    for offer_id, offer in offers.items():
        existing = declared.get(offer_id)
        if offer_id in conflicts:
            if existing is not None and existing.status == DeclarationStatus.conflict:
                continue  # declared before; the first circumstance stands
            _declaration, _created, effects = declare_one(
                actor, call, member, offer, impartial=False, reason=conflicts[offer_id], now=now
            )
            done["conflicts"].append(offer_id)
            done["warnings"].extend(effects["warnings"])
        elif existing is None and impartial:
            declare_one(actor, call, member, offer, impartial=True, reason=None, now=now)
            done["impartial"].append(offer_id)
    if done["impartial"] or done["conflicts"]:
        record(
            "declaration.call",
            "call",
            call.id,
            actor=actor,
            office_id=call.office_id,
            summary=call_declaration_summary(member.user.full_name, len(done["impartial"]), len(done["conflicts"])),
            after={"member_id": actor.id, "impartial": done["impartial"], "conflicts": done["conflicts"]},
        )
    return done
