"""The published results as files to download: CSV and XLSX for spreadsheets, 360Giving JSON for open-data
registries. Built from the frozen rows of the publication, never from live data."""

import csv
import io
from decimal import Decimal

from flask import current_app

from grants.calls.models import Call
from grants.clock import warsaw_date
from grants.formatting import iso_date, money_str
from grants.review.models import ResultsPublication

# A cell that a spreadsheet would read as a formula (CSV injection): = + - @, and tab / carriage return.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CSV_HEADER = ("Organizacja", "Zadanie publiczne", "Kwota dotacji (zł)", "Liczba punktów", "Dotacja przyznana")


def guard_formula(value: str) -> str:
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_PREFIXES) else value


def _decimal_pl(value) -> str:
    return (money_str(value) or "").replace(".", ",")


def results_csv(publication: ResultsPublication) -> bytes:
    """UTF-8 with a BOM and `;` (what a Polish spreadsheet opens as columns), decimal commas, every text cell
    guarded against formula injection."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for item in publication.items:
        writer.writerow(
            [
                guard_formula(item["organization"]),
                guard_formula(item["task_title"]),
                _decimal_pl(item["amount"]),
                _decimal_pl(item["score"]),
                "tak" if item["funded"] else "nie",
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")


def results_xlsx(publication: ResultsPublication, call: Call) -> bytes:
    """One sheet; text stored as strings (data type 's', never a formula), money and points as numbers."""
    # Imported on the first download only: openpyxl is large and no other request needs it.
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Wyniki"

    def text(row: int, column: int, value: str) -> None:
        cell = sheet.cell(row=row, column=column)
        cell.value = value
        cell.data_type = "s"

    for column, title in enumerate(CSV_HEADER, start=1):
        text(1, column, title)
    for row, item in enumerate(publication.items, start=2):
        text(row, 1, item["organization"])
        text(row, 2, item["task_title"])
        amount = sheet.cell(row=row, column=3, value=Decimal(item["amount"]))
        amount.number_format = "#,##0.00"
        if item["score"] is not None:
            sheet.cell(row=row, column=4, value=Decimal(item["score"])).number_format = "0.00"
        text(row, 5, "tak" if item["funded"] else "nie")
    sheet.column_dimensions["A"].width = 45
    sheet.column_dimensions["B"].width = 60
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def organization_identifier(item: dict) -> str:
    """org-id.guide identifiers: PL-KRS, else PL-NIP, else PL-REGON; OKO's own id as the last resort."""
    if item.get("krs"):
        return f"PL-KRS-{item['krs']}"
    if item.get("nip"):
        return f"PL-NIP-{item['nip']}"
    if item.get("regon"):
        return f"PL-REGON-{item['regon']}"
    return f"{_prefix()}-org-{item['organization_id']}"


def _prefix() -> str:
    return current_app.config.get("GRANTS_360_PREFIX", "360G-OKO")


def funding_organization(office) -> dict:
    """The office as 360Giving's funding organisation: FUNDING_ORGANIZATIONS[office slug] = {id, name} in the
    configuration (e.g. {"id": "PL-REGON-…"}), else OKO's own identifier."""
    configured = (current_app.config.get("FUNDING_ORGANIZATIONS") or {}).get(office.slug if office else None) or {}
    return {
        "id": configured.get("id") or f"{_prefix()}-{office.slug if office else 'office'}",
        "name": configured.get("name") or (office.name if office else ""),
    }


def grant_key(office, *parts) -> str:
    """A grant's 360Giving identifier: the prefix, the office's slug, then what names the grant in OKO."""
    slug = office.slug if office else "office"
    return "-".join([_prefix(), slug, *(str(p) for p in parts)])


def grant_360(grant: dict, funder: dict) -> dict:
    """One grant in the 360Giving data standard (schema 1.4: id, title, description, currency, amountAwarded,
    awardDate, recipientOrganization, fundingOrganization, …) — the one mapping of OKO's grants, for a call's
    results and for the office's year alike. `grant`: {id, title, description, amount, requested, award_date,
    start, end, open_call, organization: {organization_id, name, krs?, nip?, regon?}, programme: {code,
    title}}, money as strings and dates as ISO."""
    row = {
        "id": grant["id"],
        "title": grant["title"],
        "description": grant["description"],
        "currency": "PLN",
        "amountAwarded": float(Decimal(grant["amount"])),
    }
    if grant.get("requested") is not None:
        row["amountAppliedFor"] = float(Decimal(grant["requested"]))
    row.update(
        {
            "awardDate": grant["award_date"],
            "fromOpenCall": "Yes" if grant["open_call"] else "No",
            "plannedDates": [{"startDate": grant["start"], "endDate": grant["end"]}],
            "recipientOrganization": [
                {"id": organization_identifier(grant["organization"]), "name": grant["organization"]["name"]}
            ],
            "fundingOrganization": [funder],
            "grantProgramme": [grant["programme"]],
        }
    )
    return row


def results_360giving(publication: ResultsPublication, call: Call) -> dict:
    """The funded offers of the published results as 360Giving grants (`grant_360`)."""
    funder = funding_organization(call.office)
    award_date = warsaw_date(publication.published_at).isoformat()
    slug = call.office.slug if call.office else "office"
    grants = []
    for item in publication.items:
        if not item["funded"]:
            continue
        grant = {
            "id": grant_key(call.office, call.id, item["offer_id"]),
            "title": item["task_title"],
            "description": f"{call.title} — {call.task_type}",
            "amount": item["amount"],
            "requested": item["requested_grant"],
            "award_date": award_date,
            "start": iso_date(call.task_start),
            "end": iso_date(call.task_end),
            "open_call": True,
            "organization": {
                "organization_id": item["organization_id"],
                "name": item["organization"],
                **{key: item.get(key) for key in ("krs", "nip", "regon")},
            },
            "programme": {"code": f"{slug}-{call.id}", "title": call.title},
        }
        grants.append(grant_360(grant, funder))
    return {"grants": grants}
