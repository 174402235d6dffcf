"""The member's work list's rows as HTML, 50 at a time (templates/review/my_call.html prints them in its table).

Printed by the template, the rows' escapes, label calls and item lookups were a fifth of the page's CPU. Here a
row is one f-string: the offers' titles and the organisations' names escaped, the labels and the UI's words as
the template printed them (the translations trusted, as its `_` does). The markup is the template's, whitespace
included: the page's HTML is what the template printed (tests/review_pages/test_queue_rows.py holds the rows to
the old loop, kept there)."""

from markupsafe import Markup, escape

from grants.i18n import ui_markup
from grants.review.labels import review_label

# The template's loop printed each row on its own line, indented as the table's body.
BETWEEN_ROWS = "\n        "


def rows(items: list[dict], declaration_url: str, score_url) -> Markup:
    """`items` (member_pages.my_call's) as the table's rows, the first without its line's indentation and the
    last without its line's end; `declaration_url` the call's declaration page, `score_url(offer id)` an
    offer's score sheet."""
    offeror, declaration_label = ui_markup("Oferent"), ui_markup("Oświadczenie")
    sheet_label, with_partners = ui_markup("Karta oceny"), ui_markup("z partnerami:")
    declare, score, seen = ui_markup("Złóż oświadczenie"), ui_markup("Oceń ofertę"), ui_markup("Zobacz ocenę")
    declaration_url = escape(declaration_url)
    labels: dict[tuple[str, str | None], Markup] = {}

    def label(kind: str, value: str | None) -> Markup:
        found = labels.get((kind, value))
        if found is None:
            found = labels[kind, value] = escape(review_label(kind, value))
        return found

    printed = []
    for item in items:
        offer_id, title = item["offer_id"], escape(item["title"])
        declaration, sheet = item["declaration"], item["sheet"]
        partners = ""
        if item["partners"]:
            names = ", ".join([escape(name) for name in item["partners"]])
            partners = f'<br><span class="meta">{with_partners} {names}</span>'
        if declaration is None:
            url, action = f"{declaration_url}#offeror-{offer_id}", declare
        elif declaration == "impartial":
            url, action = escape(score_url(offer_id)), seen if sheet == "final" else score
        else:
            url = None
        if url is None:
            link = "—"
        else:
            link = f'              <a href="{url}">{action}<span class="visually-hidden">: {title}</span></a>\n'
        printed.append(
            f'<tr id="offer-{offer_id}" data-offer-id="{offer_id}">\n'
            f'          <th scope="row">{title}</th>\n'
            f'          <td data-label="{offeror}">{escape(item["organization"])}{partners}</td>\n'
            f'          <td data-label="{declaration_label}">{label("declaration", declaration)}</td>\n'
            f'          <td data-label="{sheet_label}">{label("sheet", sheet)}</td>\n'
            "          <td>\n"
            f"{link}          </td>\n"
            "        </tr>"
        )
    return Markup(BETWEEN_ROWS.join(printed))
