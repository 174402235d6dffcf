"""The office's list of a call's offers: its rows as HTML, 50 at a time (templates/offers/office_list.html
prints them as they come).

A row is a dozen values (the offerors, the title and its link, the version, the moment of submission, the
control code, the grant asked for, the confirmation): the template escaping and formatting each of them cost
more than the page's SQL. Here a row is one string: the texts of the people and the labels escaped, the UI's
words the translations as the template prints them (trusted, formatted like Jinja's newstyle gettext), the
dates and amounts the formatting module's in the reader's language. The markup is the template's, whitespace
included: the page's HTML is what the template printed when it did this itself."""

from markupsafe import Markup, escape

from grants.formatting import day_pl, moment_pl, money_pl
from grants.i18n import current_language, ui_markup
from grants.offers.labels import channel_label
from grants.urls import id_url


def rows(items: list[dict], call_id: int) -> list[Markup]:
    """`items` (office_list.list_item) as the table's rows, each a `<tr>` without the indentation of its first
    line and its last line's end."""
    locale = current_language() or "pl"
    words = {
        "organization": ui_markup("Organizacja"),
        "version": ui_markup("Wersja"),
        "submitted": ui_markup("Złożona"),
        "code": ui_markup("Kod kontrolny"),
        "grant": ui_markup("Wnioskowana dotacja"),
        "confirmation": ui_markup("Potwierdzenie"),
        "joint": ui_markup("oferta wspólna z:"),
        "yes": ui_markup("tak"),
        "none": f"<strong>{ui_markup('brak')}</strong>",
    }
    offer_url = id_url("offer_pages.office_offer", "offer_id", call_id=call_id)
    printed = []
    for item in items:
        partners = ""
        if item["partners"]:
            partners = f'<br><span class="meta">{words["joint"]} {", ".join(map(escape, item["partners"]))}</span>'
        confirmation = item["confirmation"]
        if item["confirmed"]:
            confirmed = (
                f"{words['yes']} — {escape(channel_label(confirmation['channel']))}, "
                f"{day_pl(confirmation['received_at'], locale)}"
            )
        else:
            confirmed = words["none"]
        row = ROW.format(
            w=words,
            id=item["id"],
            organization=escape(item["organization"]),
            partners=partners,
            url=escape(offer_url(item["id"])),
            title=escape(item["title"]),
            version=item["version"],
            submitted=moment_pl(item["submitted_at"], locale),
            code=escape(item["control_code"]),
            grant=money_pl(item["requested_grant"]),
            confirmed=confirmed,
        )
        printed.append(Markup(row))
    return printed


# The template's row, whitespace included (its first line's indentation and last line's end are the loop's).
ROW = (
    '<tr id="offer-{id}" data-offer-id="{id}">\n'
    '          <td data-label="{w[organization]}">{organization}{partners}</td>\n'
    '          <th scope="row"><a href="{url}">{title}</a></th>\n'
    '          <td data-label="{w[version]}">{version}</td>\n'
    '          <td data-label="{w[submitted]}">{submitted}</td>\n'
    '          <td data-label="{w[code]}"><code>{code}</code></td>\n'
    '          <td class="num" data-label="{w[grant]}">{grant}</td>\n'
    '          <td data-label="{w[confirmation]}">{confirmed}</td>\n'
    "        </tr>"
)
