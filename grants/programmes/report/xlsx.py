"""The yearly report as a workbook for the office: a summary, the figures per priority, the programme's calls,
the year's small grants and the organisations that took part. Text cells are stored as strings (never read
as formulas), money as numbers."""

import io
from datetime import datetime
from decimal import Decimal

from grants.calls.models import Programme
from grants.clock import to_warsaw
from grants.programmes.report import figures, lists

MONEY_FORMAT = "#,##0.00"
# The workbook is the office's Polish document, like the PDF: statuses in Polish words.
CALL_STATUS = {
    "draft": "projekt",
    "published": "ogłoszony",
    "under_review": "w ocenie",
    "resolved": "rozstrzygnięty",
    "cancelled": "unieważniony",
}
SMALL_GRANT_STATUS = {
    "draft": "projekt",
    "submitted": "złożona",
    "published": "opublikowana",
    "accepted": "przyjęta",
    "refused": "odrzucona",
    "withdrawn": "wycofana",
}


def _sheet(workbook, title: str, header: tuple, rows: list[list], money_columns=(), widths=None):
    sheet = workbook.create_sheet(title)
    for column, name in enumerate(header, start=1):
        cell = sheet.cell(row=1, column=column, value=name)
        cell.data_type = "s"
    for r, values in enumerate(rows, start=2):
        for column, value in enumerate(values, start=1):
            if column in money_columns:
                cell = sheet.cell(row=r, column=column, value=Decimal(value or "0"))
                cell.number_format = MONEY_FORMAT
            elif isinstance(value, str):
                cell = sheet.cell(row=r, column=column)
                cell.value = value
                cell.data_type = "s"
            elif isinstance(value, datetime):
                sheet.cell(row=r, column=column, value=to_warsaw(value).replace(tzinfo=None))
            else:
                sheet.cell(row=r, column=column, value=value)
    for letter, width in (widths or {}).items():
        sheet.column_dimensions[letter].width = width
    return sheet


def summary_rows(data: dict) -> list[list]:
    """The summary sheet's rows: (what, number or amount), the same words as the page."""
    return [
        ["Rok programu", data["year"]],
        ["Środki zaplanowane w programie (zł)", Decimal(data["planned"])],
        ["Ogłoszone otwarte konkursy ofert", data["calls"]["announced"]],
        ["Konkursy rozstrzygnięte", data["calls"]["resolved"]],
        ["Konkursy unieważnione", data["calls"]["cancelled"]],
        ["Oferty złożone w konkursach", data["offers"]["received"]],
        ["Dotacje przyznane w konkursach (liczba)", data["grants_awarded"]["count"]],
        ["Dotacje przyznane w konkursach (zł)", Decimal(data["grants_awarded"]["amount"])],
        ["Dotacje wypłacone w konkursach (zł)", Decimal(data["grants_paid"]["amount"])],
        ["Oferty w trybie art. 19a (małe granty) złożone", data["small_grants"]["received"]],
        ["Małe granty przyjęte (liczba)", data["small_grants"]["count"]],
        ["Małe granty przyjęte (zł)", Decimal(data["small_grants"]["amount"])],
        ["Małe granty wypłacone (zł)", Decimal(data["small_grants"]["paid"])],
        ["Razem przyznano (zł)", Decimal(data["total"]["awarded"])],
        ["Razem wypłacono (zł)", Decimal(data["total"]["paid"])],
        ["Umowy zawarte", data["contracts"]["signed"]],
        ["Umowy rozwiązane", data["contracts"]["terminated"]],
        ["Zwroty dotacji (liczba)", data["returns"]["count"]],
        ["Zwroty dotacji (zł)", Decimal(data["returns"]["amount"])],
        ["Organizacje, które wzięły udział", data["organizations"]["count"]],
        ["Organizacje, które otrzymały dotację", data["organizations"]["funded"]],
    ]


def report_xlsx(programme: Programme) -> bytes:
    # Imported on the first download only: openpyxl is large and no other request needs it.
    from openpyxl import Workbook

    data = figures.compute(programme)
    workbook = Workbook()
    summary = workbook.active
    summary.title = "Podsumowanie"
    for r, (label, value) in enumerate(summary_rows(data), start=1):
        cell = summary.cell(row=r, column=1)
        cell.value = label
        cell.data_type = "s"
        number = summary.cell(row=r, column=2, value=value)
        if isinstance(value, Decimal):
            number.number_format = MONEY_FORMAT
    summary.column_dimensions["A"].width = 50
    summary.column_dimensions["B"].width = 18
    _sheet(
        workbook,
        "Priorytety",
        ("Kod", "Priorytet", "Zaplanowano (zł)", "Nabory", "Oferty", "Przyznano (zł)", "Wypłacono (zł)"),
        [
            [p["code"], p["name"], p["planned"], p["calls"], p["offers"], p["awarded"], p["paid"]]
            for p in data["per_priority"]
        ],
        money_columns=(3, 6, 7),
        widths={"B": 50, "C": 16, "F": 16, "G": 16},
    )
    _sheet(
        workbook,
        "Nabory",
        (
            "Nr",
            "Tytuł",
            "Priorytet",
            "Stan",
            "Ogłoszono",
            "Termin składania ofert",
            "Budżet (zł)",
            "Oferty",
            "Dotacje",
            "Przyznano (zł)",
        ),
        [
            [
                c["id"],
                c["title"],
                c["priority"],
                CALL_STATUS.get(c["status"], c["status"]),
                c["published_at"],
                c["deadline"],
                c["budget"],
                c["offers"],
                c["funded"],
                c["awarded"],
            ]
            for c in lists.calls(programme)
        ],
        money_columns=(7, 10),
        widths={"B": 60, "E": 18, "F": 18, "G": 16, "J": 16},
    )
    _sheet(
        workbook,
        "Małe granty",
        ("Nr", "Organizacja", "Tytuł zadania", "Stan", "Kwota (zł)", "Początek zadania", "Koniec zadania", "Wpłynęła"),
        [
            [
                s["id"],
                s["organization"],
                s["title"],
                SMALL_GRANT_STATUS.get(s["status"], s["status"]),
                s["amount"],
                s["task_start"],
                s["task_end"],
                s["received_at"],
            ]
            for s in lists.small_grants(programme)
        ],
        money_columns=(5,),
        widths={"B": 45, "C": 60, "E": 14, "H": 18},
    )
    _sheet(
        workbook,
        "Organizacje",
        (
            "Organizacja",
            "KRS",
            "Oferty w konkursach",
            "Przyznano w konkursach (zł)",
            "Małe granty przyjęte",
            "Małe granty (zł)",
        ),
        [
            [o["name"], o["krs"], o["offers"], o["awarded"], o["small_grants"], o["small_grants_amount"]]
            for o in lists.organizations(programme)
        ],
        money_columns=(4, 6),
        widths={"A": 50, "B": 14, "D": 18, "F": 16},
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
