"""The office's year as open data: every grant of the year — the standing awards of the year's calls and the
accepted small grants (art. 19a) — in the 360Giving data standard, as JSON and as its flat CSV.

The mapping of a grant to 360Giving is `review.exports.grant_360`, the same one a call's results use; this
module only reads the year's grants (two statements) and flattens the result for the CSV.

"The year" is the budget year as the yearly report counts it (`figures`): the calls of the office's programmes
of the year and its calls without a priority whose task starts in the year; small grants by budget year.
"""

import csv
import io

import sqlalchemy as sa
from flask_babel import gettext as _

from grants.calls.models import Call
from grants.clock import warsaw_date
from grants.contracts.models import Contract, ContractStatus
from grants.errors import FieldErrors, NotFound
from grants.extensions import db
from grants.formatting import iso_date, money_str
from grants.offers.models import Offer
from grants.offices.models import Office
from grants.organizations.models import Organization
from grants.parsing import integer, is_blank
from grants.programmes.report.figures import office_year_calls
from grants.review.awards import standing_awards_select
from grants.review.exports import funding_organization, grant_360, grant_key, guard_formula
from grants.review.models import Award, ResultsPublication
from grants.smallgrants.models import SmallGrant, SmallGrantStatus

# 360Giving's flat column titles (the standard's CSV/spreadsheet form), each with its path in the JSON.
CSV_COLUMNS = (
    ("Identifier", ("id",)),
    ("Title", ("title",)),
    ("Description", ("description",)),
    ("Currency", ("currency",)),
    ("Amount Awarded", ("amountAwarded",)),
    ("Amount Applied For", ("amountAppliedFor",)),
    ("Award Date", ("awardDate",)),
    ("Planned Dates:Start Date", ("plannedDates", 0, "startDate")),
    ("Planned Dates:End Date", ("plannedDates", 0, "endDate")),
    ("Recipient Org:Identifier", ("recipientOrganization", 0, "id")),
    ("Recipient Org:Name", ("recipientOrganization", 0, "name")),
    ("Funding Org:Identifier", ("fundingOrganization", 0, "id")),
    ("Funding Org:Name", ("fundingOrganization", 0, "name")),
    ("Grant Programme:Code", ("grantProgramme", 0, "code")),
    ("Grant Programme:Title", ("grantProgramme", 0, "title")),
    ("From An Open Call?", ("fromOpenCall",)),
)
SMALL_GRANT_DESCRIPTION = "Zadanie publiczne zlecone z pominięciem otwartego konkursu ofert (art. 19a ustawy)"


def parse_year(value) -> int:
    errors = FieldErrors()
    if is_blank(value):
        errors.add("year", _("Podaj rok (np. 2027)."))
    else:
        integer(errors, "year", value, low=2000, high=2100)
    errors.raise_if_any()
    return int(str(value).strip())


def get_office(office_id: int) -> Office:
    office = db.session.get(Office, office_id)
    if office is None:
        raise NotFound(_("Nie ma takiego urzędu."))
    return office


def _organization(row) -> dict:
    return {
        "organization_id": row.organization_id,
        "name": row.name,
        "krs": row.krs,
        "nip": row.nip,
        "regon": row.regon,
    }


def competition_grants(office: Office, year: int) -> list[dict]:
    standing = standing_awards_select(office_year_calls(office.id, year)).subquery()
    rows = db.session.execute(
        sa.select(
            standing.c.offer_id,
            standing.c.call_id,
            standing.c.amount,
            standing.c.granted_at,
            Offer.title.label("task_title"),
            Call.title.label("call_title"),
            Call.task_type,
            Call.task_start,
            Call.task_end,
            Organization.id.label("organization_id"),
            Organization.name,
            Organization.krs,
            Organization.nip,
            Organization.regon,
            Contract.grant_amount,
            Contract.task_start.label("contract_start"),
            Contract.task_end.label("contract_end"),
            Award.requested,
        )
        .join(Offer, Offer.id == standing.c.offer_id)
        .join(Call, Call.id == standing.c.call_id)
        .join(Organization, Organization.id == Offer.organization_id)
        .outerjoin(Contract, sa.and_(Contract.offer_id == Offer.id, Contract.status != ContractStatus.cancelled))
        .outerjoin(ResultsPublication, ResultsPublication.call_id == Call.id)
        .outerjoin(Award, sa.and_(Award.decision_id == ResultsPublication.decision_id, Award.offer_id == Offer.id))
        .order_by(standing.c.call_id, standing.c.offer_id)
    ).all()
    return [
        {
            "id": grant_key(office, row.call_id, row.offer_id),
            "title": row.task_title,
            "description": f"{row.call_title} — {row.task_type}",
            "amount": money_str(row.grant_amount if row.grant_amount is not None else row.amount),
            "requested": money_str(row.requested),
            "award_date": warsaw_date(row.granted_at).isoformat(),
            "start": iso_date(row.contract_start or row.task_start),
            "end": iso_date(row.contract_end or row.task_end),
            "open_call": True,
            "organization": _organization(row),
            "programme": {"code": f"{office.slug}-{row.call_id}", "title": row.call_title},
        }
        for row in rows
    ]


def small_grants(office: Office, year: int) -> list[dict]:
    rows = db.session.execute(
        sa.select(
            SmallGrant.id,
            SmallGrant.title,
            SmallGrant.requested_grant,
            SmallGrant.decided_at,
            SmallGrant.task_start,
            SmallGrant.task_end,
            Organization.id.label("organization_id"),
            Organization.name,
            Organization.krs,
            Organization.nip,
            Organization.regon,
            Contract.grant_amount,
        )
        .join(Organization, Organization.id == SmallGrant.organization_id)
        .outerjoin(Contract, sa.and_(Contract.offer_id == SmallGrant.id, Contract.status != ContractStatus.cancelled))
        .where(
            SmallGrant.office_id == office.id,
            SmallGrant.budget_year == year,
            SmallGrant.status == SmallGrantStatus.accepted,
        )
        .order_by(SmallGrant.id)
    ).all()
    programme = {"code": f"{office.slug}-19a-{year}", "title": f"Małe granty (art. 19a ustawy) {year}"}
    return [
        {
            "id": grant_key(office, "19a", row.id),
            "title": row.title,
            "description": SMALL_GRANT_DESCRIPTION,
            "amount": money_str(row.grant_amount if row.grant_amount is not None else row.requested_grant),
            "requested": money_str(row.requested_grant),
            "award_date": warsaw_date(row.decided_at).isoformat() if row.decided_at else None,
            "start": iso_date(row.task_start),
            "end": iso_date(row.task_end),
            "open_call": False,
            "organization": _organization(row),
            "programme": programme,
        }
        for row in rows
    ]


def office_360giving(office: Office, year: int) -> dict:
    funder = funding_organization(office)
    grants = competition_grants(office, year) + small_grants(office, year)
    return {"grants": [grant_360(grant, funder) for grant in grants]}


def _cell(grant: dict, path: tuple):
    value = grant
    for step in path:
        try:
            value = value[step]
        except (KeyError, IndexError, TypeError):
            return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    return guard_formula(value) if isinstance(value, str) else ("" if value is None else value)


def office_360giving_csv(data: dict) -> bytes:
    """The 360Giving flat form: the standard's column titles, comma-separated UTF-8, text cells guarded
    against formula injection."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([title for title, _path in CSV_COLUMNS])
    for grant in data["grants"]:
        writer.writerow([_cell(grant, path) for _title, path in CSV_COLUMNS])
    return buffer.getvalue().encode("utf-8")
