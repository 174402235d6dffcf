"""The formal desk's rows as HTML, 50 at a time (templates/review/desk.html prints them as they come).

The template escaping and formatting each row's values (the title twice, the organisation, the control code,
the outcome with its defects, reason and deadline, the link) cost more than the page's SQL. Here a row is one
string: the texts of the people and the labels escaped, the UI's words the translations as the template
prints them (trusted, formatted like Jinja's newstyle gettext), the deadline in the reader's language. The
markup is the template's, whitespace included: the page's HTML is what the template printed."""

from markupsafe import Markup, escape

from grants.formatting import moment_pl
from grants.i18n import current_language, ui_markup
from grants.review.labels import review_label

# The outcomes whose correction deadline the row names.
CORRECTING = ("correction_open", "correction_lapsed")


def rows(items: list[dict], formal_url) -> list[Markup]:
    """`items` (desk_list._row) as the table's rows, each a `<tr>` without the indentation of its first line and
    its last line's end; `formal_url(offer id)` the link to an offer's formal check."""
    locale = current_language() or "pl"
    words = {
        "organization": ui_markup("Organizacja"),
        "code": ui_markup("Kod kontrolny"),
        "outcome": ui_markup("Wynik oceny formalnej"),
        "check": ui_markup("Oceń formalnie"),
        "reason": ui_markup("Powód:"),
        "deadline": ui_markup("Termin uzupełnienia:"),
    }
    printed = []
    for item in items:
        notes = []
        if item["defects"]:
            defects = "".join(f"<li>{escape(defect)}</li>" for defect in item["defects"])
            notes.append(f'<ul class="inline-list">{defects}</ul>')
        if item["reason"]:
            notes.append(f'<br><span class="meta">{words["reason"]} {escape(item["reason"])}</span>')
        if item["correction_deadline"] and item["state"] in CORRECTING:
            deadline = moment_pl(item["correction_deadline"], locale)
            notes.append(f'<br><span class="meta">{words["deadline"]} {deadline}</span>')
        title = escape(item["title"])
        row = ROW.format(
            w=words,
            id=item["offer_id"],
            state=escape(item["state"]),
            title=title,
            organization=escape(item["organization"]),
            code=escape(item["control_code"]),
            outcome=escape(review_label("formal", item["state"])),
            notes="".join(notes),
            url=escape(formal_url(item["offer_id"])),
        )
        printed.append(Markup(row))
    return printed


# The template's row, whitespace included (its first line's indentation and last line's end are the loop's).
ROW = (
    '<tr id="offer-{id}" data-state="{state}">\n'
    '            <th scope="row">{title}</th>\n'
    '            <td data-label="{w[organization]}">{organization}</td>\n'
    '            <td data-label="{w[code]}"><code>{code}</code></td>\n'
    '            <td data-label="{w[outcome]}">{outcome}\n'
    "{notes}</td>\n"
    '            <td><a href="{url}">{w[check]}<span class="visually-hidden">: {title}</span></a></td>\n'
    "          </tr>"
)
