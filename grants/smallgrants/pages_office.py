"""What the office's small-grant pages show: the desk (what has arrived, by when to publish it, what the
comments say) and one small grant's page (the frozen offer, the publication form, the comments with the
answer and hide forms, the decision)."""

from datetime import datetime, timedelta

from flask import url_for

from grants.audit.log import entries_for
from grants.calls.forms import local_input, publication_values
from grants.clock import warsaw_date
from grants.contracts.queries import contract_for_offer
from grants.i18n import lazy_gettext as _l
from grants.smallgrants import office_list, office_queries, rules
from grants.smallgrants.models import SmallGrant, SmallGrantStatus

STATUS_LABELS = {
    SmallGrantStatus.draft: _l("szkic"),
    SmallGrantStatus.submitted: _l("złożona — do publikacji"),
    SmallGrantStatus.published: _l("opublikowana"),
    SmallGrantStatus.accepted: _l("przyjęta"),
    SmallGrantStatus.refused: _l("odrzucona"),
    SmallGrantStatus.withdrawn: _l("wycofana"),
}
# What the office's history of a small grant lists: from the receipt on (the draft's edits are the NGO's own).
HISTORY_LABELS = {
    "small_grant.submit": _l("Złożenie oferty"),
    "small_grant.withdraw": _l("Wycofanie oferty przez organizację"),
    "small_grant.publish": _l("Publikacja oferty (art. 19a ust. 3)"),
    "small_grant.comment": _l("Uwaga zgłoszona do oferty"),
    "small_grant.comment_answer": _l("Odpowiedź urzędu na uwagę"),
    "small_grant.comment_hide": _l("Ukrycie uwagi"),
    "small_grant.decision": _l("Decyzja urzędu"),
}
# The endpoint of the contract form for an accepted small grant (the contracts room's); linked once it exists.
CONTRACT_ENDPOINT = "contracts.new_for_small_grant"


def status_label(status: SmallGrantStatus) -> str:
    return str(STATUS_LABELS[status])


def publish_state(small_grant: SmallGrant, now: datetime) -> dict:
    """By when the office must publish (art. 19a ust. 3) and whether to warn: only while it is submitted."""
    if small_grant.status != SmallGrantStatus.submitted or small_grant.received_at is None:
        return {"publish_by": None, "warning": False, "late": False, "days_left": None}
    last = rules.publish_by(small_grant.received_at)
    left = rules.working_days_left_to_publish(small_grant.received_at, now)
    return {
        "publish_by": last,
        "warning": rules.publish_warning(small_grant.received_at, now),
        "late": left == 0,
        "days_left": left,
    }


def desk(user, now: datetime, filters: office_list.Filters) -> dict:
    """The desk (issue 13): the offers in progress on top (the first page only, unless searching), then the
    rest in keyset pages; their comment counts in one statement for everything shown."""
    show_in_progress = not filters.narrowed and filters.after is None
    active, active_total = office_list.in_progress(user) if show_in_progress else ([], 0)
    page = office_list.small_grants_page(user, filters)
    counts = office_queries.comment_counts([s.id for s in active + page.items])

    def row(s: SmallGrant) -> dict:
        return {
            "small_grant": s,
            "comments": counts.get(s.id, 0),
            **publish_state(s, now),
            "status": status_label(s.status),
        }

    return {
        "show_in_progress": show_in_progress,
        "active_rows": [row(s) for s in active],
        "active_total": active_total,
        "rows": [row(s) for s in page.items],
        "page": page,
        "filters": filters,
        "years": office_list.years(user, warsaw_date(now).year),
        "statuses": [(s.value, status_label(s)) for s in office_queries.OFFICE_STATUSES],
    }


def contract_link(small_grant: SmallGrant) -> dict | None:
    """An accepted small grant's contract (art. 19a ust. 5): its page once drawn up, else the form to draw it."""
    if small_grant.status != SmallGrantStatus.accepted:
        return None
    contract = contract_for_offer(small_grant.id)
    if contract is not None:
        return {"url": url_for("contracts.office_contract", contract_id=contract.id), "number": contract.number}
    return {"url": url_for(CONTRACT_ENDPOINT, small_grant_id=small_grant.id), "number": None}


def offer_document(small_grant: SmallGrant) -> dict:
    """The frozen offer (the version the office received): its content and figures."""
    version = small_grant.offer.current_version
    document = version.document if version is not None else {}
    return {
        "version": version,
        "content": document.get("content") or {},
        "figures": document.get("figures") or {},
    }


def _publish_defaults(small_grant: SmallGrant, now: datetime) -> list[dict]:
    """The three channels prefilled with the current minute — or, when the offer came in during this very minute,
    the first whole second after its receipt, so that the prefilled form is not refused as earlier than it."""
    moment = now.replace(second=0, microsecond=0)
    received = small_grant.received_at
    if received is not None and moment < received:
        after = received.replace(microsecond=0) + timedelta(seconds=1 if received.microsecond else 0)
        moment = min(after, now.replace(microsecond=0))
    return [{**row, "published_at": local_input(moment)} for row in publication_values(now)]


def small_grant_page(
    small_grant: SmallGrant,
    now: datetime,
    *,
    errors: dict | None = None,
    publish_values: list | None = None,
    answer_values: dict | None = None,
    hide_values: dict | None = None,
) -> dict:
    comments_open = small_grant.comments_open(now)
    decidable = small_grant.status == SmallGrantStatus.submitted or (
        small_grant.status == SmallGrantStatus.published and not comments_open
    )
    return {
        "small_grant": small_grant,
        "status": status_label(small_grant.status),
        **offer_document(small_grant),
        **publish_state(small_grant, now),
        "can_publish": small_grant.status == SmallGrantStatus.submitted,
        "publish_values": publish_values or _publish_defaults(small_grant, now),
        "comments": office_queries.comments_of(small_grant),
        "comments_open": comments_open,
        "can_accept": small_grant.status == SmallGrantStatus.published and not comments_open,
        "can_decide": decidable,
        "contract": contract_link(small_grant),
        "errors": errors or {},
        "answer_values": answer_values or {},
        "hide_values": hide_values or {},
        "publication_days": rules.PUBLICATION_DAYS,
        "history": history(small_grant),
    }


def history(small_grant: SmallGrant) -> list[dict]:
    """The audit entries of the small grant the office may read: when, who (none for a comment from anyone),
    what."""
    return [
        {
            "when": entry.created_at,
            "who": entry.actor.full_name if entry.actor else None,
            "what": str(HISTORY_LABELS[entry.action]),
            "summary": entry.summary,
        }
        for entry in entries_for("small_grant", small_grant.id)
        if entry.action in HISTORY_LABELS
    ]


def decision_page(small_grant: SmallGrant, outcome: str, *, values=None, errors=None, message=None) -> dict:
    return {
        "small_grant": small_grant,
        "outcome": outcome if outcome in ("accepted", "refused") else "refused",
        "values": values or {"reason": ""},
        "errors": errors or {},
        "message": message,
        "organization_limit": rules.ORGANIZATION_YEAR_LIMIT,
        "already": office_queries.organization_year_total(
            small_grant.organization_id, small_grant.office_id, small_grant.budget_year, excluding=small_grant.id
        ),
    }
