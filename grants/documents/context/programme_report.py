"""The yearly report on the cooperation programme (art. 5a ust. 3 of the Act) as display data: the figures
computed by grants.programmes.report.figures (live for the office's draft, frozen in a publication) and the
narrative parts, in Polish formats. Pure, like every builder here."""

from grants.documents.context.parts import base, clean, day, moment, money, paragraphs

PARTS = (
    ("introduction", "Wprowadzenie"),
    ("non_financial", "Pozafinansowe formy współpracy"),
    ("consultations", "Konsultacje z organizacjami pozarządowymi"),
    ("evaluation", "Ocena realizacji programu"),
    ("conclusions", "Wnioski"),
)


def _count_amount(count, amount) -> str:
    return f"{int(count or 0)} ({money(amount)})"


def programme_report(src: dict) -> dict:
    f = src.get("figures") or {}
    programme = src.get("programme") or {}
    year = f.get("year") or programme.get("year")
    publication = src.get("publication") or None
    calls = f.get("calls") or {}
    offers = f.get("offers") or {}
    awarded = f.get("grants_awarded") or {}
    small = f.get("small_grants") or {}
    total = f.get("total") or {}
    contracts = f.get("contracts") or {}
    returns = f.get("returns") or {}
    organizations = f.get("organizations") or {}
    narrative = src.get("narrative") or {}
    rows = [
        ("Środki zaplanowane w programie", money(f.get("planned"))),
        ("Ogłoszone otwarte konkursy ofert", str(calls.get("announced", 0))),
        ("w tym rozstrzygnięte", str(calls.get("resolved", 0))),
        ("w tym unieważnione (art. 18a ustawy)", str(calls.get("cancelled", 0))),
        ("Oferty złożone w konkursach", str(offers.get("received", 0))),
        ("Dotacje przyznane w konkursach (liczba, kwota)", _count_amount(awarded.get("count"), awarded.get("amount"))),
        ("Dotacje wypłacone w konkursach", money((f.get("grants_paid") or {}).get("amount"))),
        ("Oferty w trybie art. 19a ustawy złożone", str(small.get("received", 0))),
        (
            "Zadania zlecone w trybie art. 19a ustawy (liczba, kwota)",
            _count_amount(small.get("count"), small.get("amount")),
        ),
        ("Dotacje wypłacone w trybie art. 19a ustawy", money(small.get("paid"))),
        ("Razem przyznano", money(total.get("awarded"))),
        ("Razem wypłacono", money(total.get("paid"))),
        ("Umowy zawarte", str(contracts.get("signed", 0))),
        ("Umowy rozwiązane", str(contracts.get("terminated", 0))),
        ("Zwroty dotacji (liczba, kwota)", _count_amount(returns.get("count"), returns.get("amount"))),
        ("Organizacje, które wzięły udział", str(organizations.get("count", 0))),
        ("Organizacje, które otrzymały dotację", str(organizations.get("funded", 0))),
    ]
    draft = bool(src.get("draft"))
    subject = f"{clean(programme.get('title'))} ({year} r.)"
    return base(
        "Sprawozdanie z realizacji programu współpracy",
        subject,
        src.get("header"),
        description=f"Sprawozdanie z realizacji programu współpracy z organizacjami pozarządowymi za {year} r. "
        "(art. 5a ust. 3 ustawy)",
        year=year,
        programme_title=clean(programme.get("title")),
        due_date=day(src.get("due_date")),
        draft=draft,
        publication_number=publication.get("number") if publication else None,
        published_at=moment(publication.get("published_at")) if publication else None,
        figures=[{"label": label, "value": value} for label, value in rows],
        priorities=[
            {
                "code": clean(p.get("code")),
                "name": clean(p.get("name")),
                "planned": money(p.get("planned"), currency=False),
                "awarded": money(p.get("awarded"), currency=False),
                "paid": money(p.get("paid"), currency=False),
                "calls": str(p.get("calls", 0)),
                "offers": str(p.get("offers", 0)),
            }
            for p in f.get("per_priority") or []
        ],
        parts=[{"title": title, "paragraphs": paragraphs(narrative.get(key), empty="—")} for key, title in PARTS],
        footer=f"Sprawozdanie z realizacji programu współpracy za {year} r."
        + (" — PROJEKT" if draft else f" — publikacja nr {publication.get('number')}" if publication else ""),
    )
