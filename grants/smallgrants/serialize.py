"""Small grants as plain data for the API (shared/API.md "Small grants"): amounts as strings with two
decimals, datetimes ISO in Warsaw time. The organisation's members read the draft; everyone else only ever
reads the frozen version (the office never sees a draft)."""

from grants.formatting import iso_date, iso_warsaw, money_str
from grants.smallgrants import queries, schema
from grants.smallgrants.models import SmallGrant


def _version(small_grant: SmallGrant):
    return small_grant.offer.current_version


def _decision(small_grant: SmallGrant) -> dict | None:
    if small_grant.decided_at is None:
        return None
    return {
        "outcome": small_grant.status.value,
        "reason": small_grant.decision_reason,
        "decided_at": iso_warsaw(small_grant.decided_at),
    }


def comment_to_api(comment) -> dict:
    answer = comment.answer
    return {
        "id": comment.id,
        "author": comment.author,
        "text": comment.text,
        "created_at": iso_warsaw(comment.created_at),
        "answer": {"text": answer.text, "created_at": iso_warsaw(answer.created_at)} if answer else None,
    }


def summary_to_api(small_grant: SmallGrant) -> dict:
    """A row of the lists."""
    return {
        "id": small_grant.id,
        "status": small_grant.status.value,
        "title": small_grant.title,
        "office": {"id": small_grant.office_id, "name": small_grant.office.name},
        "organization": {"id": small_grant.organization_id, "name": small_grant.organization.name},
        "requested_grant": money_str(small_grant.requested_grant),
        "task_start": iso_date(small_grant.task_start),
        "task_end": iso_date(small_grant.task_end),
        "budget_year": small_grant.budget_year,
        "received_at": iso_warsaw(small_grant.received_at),
        "published_at": iso_warsaw(small_grant.published_at),
        "comments_until": iso_warsaw(small_grant.comments_until),
        "decision": _decision(small_grant),
    }


def small_grant_to_api(small_grant: SmallGrant, user) -> dict:
    """GET /small-grants/{id}: the members' view carries the draft and its problems; the office's and the
    public's the frozen version; once published, the visible comments with the office's answers."""
    member = queries.is_member(user, small_grant)
    version = _version(small_grant)
    data = summary_to_api(small_grant)
    if member:
        content = schema.normalised(small_grant.offer.content)
        data["lock_version"] = small_grant.offer.lock_version
        data["problems"] = schema.limit_problems(content).fields
    else:
        content = version.document["content"] if version is not None else schema.empty_content()
    data["content"] = content
    data["figures"] = schema.figures_as_strings(content)
    data["control_sum"] = version.control_sum if version is not None else None
    data["control_code"] = version.control_code if version is not None else None
    if queries.is_public(small_grant):
        data["publications"] = small_grant.publications
        data["comments"] = [comment_to_api(c) for c in queries.visible_comments(small_grant)]
    return data


def draft_to_api(small_grant: SmallGrant) -> dict:
    """The answer to creating or saving the draft: what was saved and what it breaks (saved all the same)."""
    content = schema.normalised(small_grant.offer.content)
    return {
        "id": small_grant.id,
        "status": small_grant.status.value,
        "lock_version": small_grant.offer.lock_version,
        "content": content,
        "figures": schema.figures_as_strings(content),
        "problems": schema.limit_problems(content).fields,
    }


def submission_to_api(small_grant: SmallGrant, version, warnings: list[dict]) -> dict:
    return {
        "id": small_grant.id,
        "status": small_grant.status.value,
        "received_at": iso_warsaw(small_grant.received_at),
        "control_sum": version.control_sum,
        "control_code": version.control_code,
        "requested_grant": money_str(version.requested_grant),
        "warnings": warnings,
    }
