"""The programme's year as plain data: the API's JSON (`GET /api/v1/programmes/{id}` and the answers of the
year's operations). Who reads decides which comments are in it: the office all of them, an organisation's
member its organisations' own, everyone all of them once the consultation's report is published."""

from datetime import date

from grants.calls.serialize import programme_to_api
from grants.formatting import iso_date, iso_warsaw
from grants.programmes import rules
from grants.programmes.models import ConsultationAnswer, ConsultationComment, ProgrammeAdoption
from grants.programmes.queries import ProgrammeYear


def answer_to_api(answer: ConsultationAnswer) -> dict:
    return {"text": answer.text, "outcome": answer.outcome or None, "created_at": iso_warsaw(answer.created_at)}


def comment_to_api(comment: ConsultationComment) -> dict:
    organization = comment.organization
    return {
        "id": comment.id,
        "organization": {"id": organization.id, "name": organization.name} if organization else None,
        "text": comment.text,
        "created_at": iso_warsaw(comment.created_at),
        "answer": answer_to_api(comment.answer) if comment.answer else None,
        "answers": [answer_to_api(a) for a in comment.answers],
    }


def adoption_to_api(row: ProgrammeAdoption, programme_year: int) -> dict:
    body = {
        "number": row.number,
        "resolution_number": row.resolution_number,
        "adopted_on": iso_date(row.adopted_on),
        "created_at": iso_warsaw(row.created_at),
    }
    if row.number == 0:
        body["late"] = rules.adopted_late(programme_year, row.adopted_on)
        body["adopted_priorities"] = (row.changes or {}).get("priorities", {}).get("after")
    else:
        body["reason"] = row.reason
        body["changes"] = row.changes or {}
    return body


def visible_comments(year: ProgrammeYear, *, office_reader: bool, own_organization_ids: set[int]):
    if office_reader or year.report_published:
        return list(year.comments)
    return [c for c in year.comments if c.organization_id in own_organization_ids]


def programme_year_to_api(
    year: ProgrammeYear, today: date, *, office_reader: bool = False, own_organization_ids: set[int] = frozenset()
) -> dict:
    programme = year.programme
    consultation = year.consultation
    comments = visible_comments(year, office_reader=office_reader, own_organization_ids=own_organization_ids)
    body = programme_to_api(programme)
    body.update(
        {
            "status": year.status(today),
            "adoption_deadline": iso_date(rules.adoption_deadline(programme.year)),
            "consultation": None
            if consultation is None
            else {
                "starts_on": iso_date(consultation.starts_on),
                "ends_on": iso_date(consultation.ends_on),
                "channels": list(consultation.channels or []),
                "open": year.consultation_open(today),
                "comments_count": len(year.comments),
                "report": consultation.report if year.report_published else None,
                "report_published_at": iso_warsaw(consultation.report_published_at),
            },
            "comments": [comment_to_api(c) for c in comments],
            "adoption": adoption_to_api(year.adoption, programme.year) if year.adoption else None,
            "amendments": [adoption_to_api(a, programme.year) for a in year.amendments],
        }
    )
    return body
