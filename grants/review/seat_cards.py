"""The member's desk's cards as HTML, a call each (templates/review/my_calls.html prints them as they come).

Each card included two templates (where the member stands, the next step) and asked `url_for` three times:
the cards were two thirds of the desk's rendering. Here a card is a few f-strings: the calls' and offers' titles
escaped, the labels and the UI's words as the templates printed them (the translations trusted, as their `_`
does), the dates in the reader's language. The markup is the templates' (review/_progress.html,
review/_next_step.html, the desk's card), whitespace included (tests/review_pages/test_seat_cards.py holds the
cards to the old loop, kept there); the call's own page still includes the two templates."""

from flask import url_for
from markupsafe import Markup, escape

from grants.formatting import date_pl
from grants.i18n import current_language, ui_markup
from grants.review.labels import review_label
from grants.urls import id_url


def cards(rows: list[dict]) -> list[Markup]:
    """`rows` (member_pages.desk's) as the desk's cards, each an `<li>` without the indentation of its first
    line and its last line's end."""
    locale = current_language() or "pl"
    urls = {
        endpoint: id_url(f"review_pages.{endpoint}", "call_id")
        for endpoint in ("my_call", "call_declaration", "ranking", "results")
    }
    printed = []
    for row in rows:
        call = row["call"]
        chair_link = ""
        if row["is_chair"] and row["next"]["kind"] != "ranking":
            label = ui_markup("Ranking ofert (przewodniczący)")
            chair_link = f'<p><a href="{escape(urls["ranking"](call.id))}">{label}</a></p>'
        printed.append(
            Markup(
                f'<li class="card" id="call-{call.id}">\n'
                f'          <h2><a href="{escape(urls["my_call"](call.id))}">{escape(call.title)}</a></h2>\n'
                f'          <p class="meta">{escape(review_label("role", row["role"]))}</p>\n'
                f"{progress(call, row['counts'], locale)}"
                f'          <p class="next-step">{next_step(call, row["next"], urls)}</p>\n'
                f"{chair_link}        </li>"
            )
        )
    return printed


def progress(call, counts: dict, locale: str) -> str:
    """review/_progress.html: where the member stands in `call`."""
    if counts["undeclared"]:
        undeclared = ui_markup("oferty bez oświadczenia: %(n)d", n=counts["undeclared"])
    else:
        undeclared = ui_markup("brak")
    drafts = ""
    if counts["drafts"]:
        drafts = " — " + ui_markup("wersje robocze niezatwierdzone: %(n)d", n=counts["drafts"])
    return (
        '<dl class="facts progress">\n'
        f"  <dt>{ui_markup('Oświadczenia do złożenia')}</dt>\n"
        f"  <dd>{undeclared}</dd>\n"
        f"  <dt>{ui_markup('Karty oceny zatwierdzone')}</dt>\n"
        f"  <dd>{ui_markup('%(f)d z %(m)d', f=counts['final'], m=counts['assigned'])}{drafts}</dd>\n"
        f"  <dt>{ui_markup('Termin dokonania wyboru ofert')}</dt>\n"
        f"  <dd>{escape(date_pl(call.selection_deadline, locale))}</dd>\n"
        "</dl>"
    )


def next_step(call, step: dict, urls: dict) -> str:
    """review/_next_step.html: the member's next step in `call` (member_pages.next_step's) as a button; `urls`
    the links of a call's pages by endpoint."""
    kind = step["kind"]
    if kind == "declare":
        link = ("button", urls["call_declaration"](call.id), ui_markup("Złóż oświadczenie wobec oferentów"))
    elif kind in ("finish", "score"):
        url = url_for("review_pages.score", call_id=call.id, offer_id=step["offer_id"])
        if kind == "finish":
            link = ("button", url, ui_markup("Dokończ ocenę: %(title)s", title=step["title"]))
        else:
            link = ("button", url, ui_markup("Oceń ofertę: %(title)s", title=step["title"]))
    elif kind == "ranking":
        link = ("button", urls["ranking"](call.id), ui_markup("Ranking ofert (przewodniczący)"))
    elif kind == "resolved":
        link = ("button secondary", urls["results"](call.id), ui_markup("Wyniki konkursu"))
    else:
        if kind == "waiting":
            words = ui_markup("Żadna oferta nie została jeszcze przekazana komisji — trwa ocena formalna.")
        elif kind == "cancelled":
            words = ui_markup("Konkurs unieważniono.")
        else:
            words = ui_markup("Wszystkie twoje karty oceny są zatwierdzone.")
        return f'  <span class="meta">{words}</span>\n'
    css, url, words = link
    return f'  <a class="{css}" href="{escape(url)}">{words}</a>\n'
