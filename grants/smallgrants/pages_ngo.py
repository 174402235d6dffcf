"""What the NGO's small-grant pages show (grants/smallgrants/views/ngo.py): the list, the start page's options,
the form with its computed sums and the problems a submission would refuse, the submitted offer."""

from grants.clock import now_utc
from grants.formatting import money_pl
from grants.organizations.queries import organizations_of
from grants.smallgrants import forms, labels, queries, rules, schema
from grants.smallgrants.models import SmallGrant, SmallGrantStatus
from grants.smallgrants.operations.drafting import WITHDRAWABLE


def limits() -> dict:
    """The statute's numbers the pages state next to the fields (art. 19a ust. 1, 3, 4, 6)."""
    return {
        "max_grant": money_pl(rules.MAX_GRANT),
        "max_days": rules.MAX_TASK_DAYS,
        "publish_days": rules.PUBLISH_WITHIN_WORKING_DAYS,
        "publication_days": rules.PUBLICATION_DAYS,
        "comment_days": rules.COMMENT_DAYS,
        "year_limit": money_pl(rules.ORGANIZATION_YEAR_LIMIT),
    }


def list_context(user) -> dict:
    rows = [
        {
            "small_grant": sg,
            "status": labels.status_detail(sg),
            "requested_grant": money_pl(sg.requested_grant),
            "control_code": sg.offer.current_version.control_code if sg.offer.current_version else None,
        }
        for sg in queries.small_grants_for(user)
    ]
    return {"rows": rows, "organizations": organizations_of(user), "limits": limits()}


def start_context(user, values: dict, errors: dict | None = None, message: str | None = None) -> dict:
    organizations = organizations_of(user)
    return {
        "offices": [{"value": str(o.id), "label": o.name} for o in queries.offices()],
        "organizations": [{"value": str(o.id), "label": o.name} for o in organizations],
        "has_organizations": bool(organizations),
        "values": values,
        "errors": errors or {},
        "message": message,
        "limits": limits(),
    }


def _line_totals(values: dict) -> list[str]:
    totals = []
    for row in values.get("cost_items", []):
        try:
            totals.append(money_pl(schema.line_total(row)) if row.get("quantity") and row.get("unit_cost") else "—")
        except (ArithmeticError, TypeError, ValueError):
            totals.append("—")
    return totals


def form_context(
    small_grant: SmallGrant,
    values: dict | None = None,
    *,
    messages: dict | None = None,
    content: dict | None = None,
    conflict: str | None = None,
    recalculated: bool = False,
) -> dict:
    """The form of the draft: `values` as typed (else the saved content's), `messages` the errors of what was
    sent, `content` what the sums are computed from (the saved draft, or the recalculated one)."""
    saved = schema.normalised(small_grant.offer.content)
    content = content if content is not None else saved
    values = forms.with_blank_rows(values if values is not None else forms.values_from_content(saved))
    problems = schema.limit_problems(content).fields
    messages = messages or {}
    figures = schema.figures(content)
    return {
        "small_grant": small_grant,
        "organization": small_grant.organization,
        "office": small_grant.office,
        "values": values,
        "messages": messages,
        # What the statute or the form's arithmetic refuses, on the field, unless the field has its own error.
        "problems": {k: v for k, v in problems.items() if k not in messages},
        # What each field shows: its error, else the limit it breaks.
        "shown": {**problems, **messages},
        "line_totals": _line_totals({"cost_items": [_numbers(row) for row in values["cost_items"]]}),
        "figures": {name: money_pl(value) for name, value in figures.items()},
        "lock_version": small_grant.offer.lock_version,
        "conflict": conflict,
        "recalculated": recalculated,
        "limits": limits(),
        "last_day": rules.last_task_day(schema.task_dates(content)[0]).isoformat()
        if schema.task_dates(content)[0]
        else None,
    }


def _numbers(row: dict) -> dict:
    """A typed row's numbers as the schema reads them (a comma for the decimal point, spaces), or blanks."""
    result = {}
    for name in ("quantity", "unit_cost"):
        text = str(row.get(name) or "").replace("\u00a0", "").replace(" ", "").replace(",", ".")
        try:
            float(text)
        except ValueError:
            text = ""
        result[name] = text
    return result


def submit_context(small_grant: SmallGrant, problems: dict | None = None) -> dict:
    content = schema.normalised(small_grant.offer.content)
    if problems is None:
        problems = schema.submission_problems(content).fields
    figures = schema.figures(content)
    return {
        "small_grant": small_grant,
        "office": small_grant.office,
        "problems": problems,
        "requested_grant": money_pl(figures["requested_grant"]),
        "total_cost": money_pl(figures["total_cost"]),
        "year_total": money_pl(queries.organization_year_total(small_grant) + figures["requested_grant"]),
        "over_year_limit": rules.over_organization_limit(
            queries.organization_year_total(small_grant), figures["requested_grant"]
        ),
        "limits": limits(),
    }


def view_context(small_grant: SmallGrant) -> dict:
    """The submitted (or decided, or withdrawn) offer as frozen, with its control code and its status."""
    version = small_grant.offer.current_version
    content = version.document["content"] if version is not None else schema.normalised(small_grant.offer.content)
    figures = schema.figures(content)
    return {
        "small_grant": small_grant,
        "version": version,
        "content": content,
        "line_totals": [money_pl(schema.line_total(row)) for row in content["cost_items"]],
        "figures": {name: money_pl(value) for name, value in figures.items()},
        "status": labels.status_detail(small_grant),
        "organization": version.document["organization"] if version is not None else None,
        "office": small_grant.office,
        "may_withdraw": small_grant.status in WITHDRAWABLE,
        "is_public": queries.is_public(small_grant),
        "comments": queries.visible_comments(small_grant) if queries.is_public(small_grant) else [],
        "comments_open": small_grant.comments_open(now_utc()),
        "published": small_grant.status == SmallGrantStatus.published,
        "limits": limits(),
    }
