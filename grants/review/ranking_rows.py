"""The ranking page's rows as HTML, a hundred at a time (templates/review/ranking.html prints them as they come).

A row is 17 values (the place, the offer, the criteria's points, the sum, the spread, the notes, the amounts):
the template escaping and formatting each of them cost more than everything else the page does. Here a row is
one f-string: the texts of the people (the offer's title, the organisation's name) are escaped, the UI's
words are the translations as the template prints them (trusted, formatted like Jinja's newstyle gettext),
the figures are the formatting module's (digits, commas and spaces). The markup is the template's, whitespace
included: the page's HTML is what the template printed when it did this itself."""

from markupsafe import Markup, escape

from grants import i18n
from grants.formatting import DASH, money_pl, points_pl
from grants.i18n import ui_markup
from grants.urls import id_url


def _kept(format_):
    """`format_` of a Decimal (or None), remembering its answers in the process: a page's 100 rows repeat the
    same points and amounts, and so do its next requests. Equal numbers print alike whatever their exponent
    (7.5 and 7.50), so one answer serves both. Bounded: forgotten all at once when full."""
    answers: dict = {}

    def formatted(value):
        answer = answers.get(value)
        if answer is None:
            if len(answers) >= KEPT_ANSWERS:
                answers.clear()
            answer = answers[value] = format_(value)
        return answer

    return formatted


KEPT_ANSWERS = 20_000
_points, _money = _kept(points_pl), _kept(money_pl)


# Between a row's criterion cells: each on its own line, indented as the row's other cells.
CELL_BREAK = "\n          "


def _cell_openings(columns: list[dict]) -> list[str]:
    """Each criterion column's cell opening with its label (for the cards below 40rem) and its code."""
    return [
        str(Markup('<td class="num" data-label="%s" data-criterion="%s">') % (column["name"], column["code"]))
        for column in columns
    ]


def page_rows(ranking, items, readable: set[int] | None, columns: list[dict]) -> list[Markup]:
    """The rows `items` (scoring.RankedOffer of `ranking`, whose offers' rows it has) as the matrix prints
    them, each a `<tr>` (without the indentation of its first line and its last line's end). For an offer
    whose sheets the reader may not read (not in `readable`; None: all) the breakdown built from the members'
    sheets — the criteria's points, the spread, the disagreement, the experts' score — is withheld, as in the
    API (serialize.withhold_undeclared)."""
    openings = _cell_openings(columns)
    minimum = f' <strong class="flag">{ui_markup("poniżej minimum")}</strong>'
    dashes = CELL_BREAK.join(f"{opening}{DASH}</td>" for opening in openings)
    note = ui_markup("Szczegóły ocen zobaczysz po złożeniu oświadczenia o bezstronności dotyczącego tej oferty.")
    # still tied after the whole announced ladder (scoring.call.RankedOffer.tied_with): ordered by offer number only
    tie = ui_markup("remis, którego nie rozstrzygają zasady z ogłoszenia: kolejność tymczasowo według numeru oferty")
    draw = ui_markup(
        "Jeśli ogłoszenie przewiduje losowanie, urząd zapisuje jego wynik w zasadach wyboru ofert na stronie komisji."
    )
    words = {
        "place": ui_markup("Miejsce"),
        "sum": ui_markup("Suma"),
        "spread": ui_markup("Rozrzut"),
        "notes": ui_markup("Uwagi"),
        "requested": ui_markup("Wnioskowana kwota"),
        "proposed": ui_markup("Proponowana kwota"),
        "sheets": ui_markup("Karty oceny"),
        "withheld": f'<span class="meta sheets-withheld">{note}</span><br>',
        "passes": ui_markup("próg osiągnięty"),
        "below": f'<strong class="flag">{ui_markup("poniżej progu — bez dotacji")}</strong>',
        "tie": f'<br><strong class="flag tie">{tie}</strong>\n              <br><span class="meta">{draw}</span>',
    }
    scores = i18n.gettext("%(n)d z %(m)d ocen")  # a trusted translation, formatted with numbers only
    sheets_url = id_url("review_pages.sheets", "offer_id", call_id=ranking.call.id)
    points, money = _points, _money
    rows = []
    for item in items:
        offer = ranking.offers[item.offer_id]
        withheld = readable is not None and item.offer_id not in readable
        expert = None if withheld else ranking.experts.get(item.offer_id)
        cells = dashes if withheld else _cells(item, columns, openings, minimum, points)
        spread = DASH if withheld else points(item.spread)
        notes = [words["withheld"]] if withheld else []
        notes.append(words["passes"] if item.passes_threshold else words["below"])
        if item.disagreement and not withheld:
            disagreement = ui_markup("duża rozbieżność ocen (%(spread)s pkt)", spread=spread)
            notes.append(f'<br><strong class="flag">{disagreement}</strong>')
        if item.tied_with:
            notes.append(words["tie"])
        if expert is not None and expert.score is not None:
            experts = ui_markup("Ocena ekspertów (doradcza): %(s)s pkt", s=points(expert.score))
            notes.append(f'<br><span class="meta">{experts}</span>')
        row = ROW.format(
            w=words,
            id=item.offer_id,
            rank=DASH if item.rank is None else item.rank,
            organization=escape(offer.organization),
            title=escape(offer.title),
            url=escape(sheets_url(item.offer_id)),
            cells=f"          {cells}\n" if cells else "",
            score=points(item.score),
            scores=scores % {"n": item.n_scores, "m": ranking.assigned.get(item.offer_id, 0)},
            spread=spread,
            notes="".join(notes),
            requested=money(item.requested_grant),
            proposed=money(item.proposed_amount),
        )
        rows.append(Markup(row))
    return rows


# The template's row, whitespace included (its first line's indentation and last line's end are the loop's).
ROW = (
    '<tr id="rank-{id}">\n'
    '          <td class="num" data-label="{w[place]}">{rank}</td>\n'
    '          <th scope="row">{organization}<br><span class="meta">{title}</span>\n'
    '            <br><a href="{url}">{w[sheets]}<span class="visually-hidden">: {title}</span></a></th>\n'
    "{cells}"
    '          <td class="num" data-label="{w[sum]}">'
    '<strong>{score}</strong><br><span class="meta">{scores}</span></td>\n'
    '          <td class="num" data-label="{w[spread]}">{spread}</td>\n'
    '          <td data-label="{w[notes]}">\n'
    "{notes}          </td>\n"
    '          <td class="num" data-label="{w[requested]}">{requested}</td>\n'
    '          <td class="num" data-label="{w[proposed]}">{proposed}</td>\n'
    "        </tr>"
)


def _cells(item, columns: list[dict], openings: list[str], minimum: str, points) -> str:
    by_code = {criterion.code: criterion for criterion in item.per_criterion}
    cells = []
    for column, opening in zip(columns, openings, strict=True):
        criterion = by_code.get(column["code"])
        if criterion is None or criterion.points is None:
            cells.append(f"{opening}{DASH}</td>")
        else:
            flag = minimum if criterion.meets_minimum is False else ""
            cells.append(f"{opening}{points(criterion.points)}{flag}</td>")
    return CELL_BREAK.join(cells)
