"""The NGO's offers as HTML: the next-step cell of the desk (/ngo/) and of the offers' list (/ngo/offers/), and
both pages' whole rows (templates/offers/my_offers.html and organizations/dashboard.html print them as they come).

A row of the list is a dozen values (the offer and its organisation, the call, the status or the outcome, the
deadline, the control code, the next step worded in one of fourteen ways, the links): the template escaping,
formatting and branching over each of them cost a quarter of the page. Here a row is one f-string: the texts of
the people (titles, names, a contract's number) escaped, the UI's words the translations as the templates print
them (trusted, formatted like Jinja's newstyle gettext), the dates the formatting module's in the reader's
language. The markup is the templates', whitespace included (templates/organizations/_offer_step.html printed
the step until it became Python; tests/organizations/test_ngo_rows.py holds all three to their old templates)."""

from collections.abc import Callable
from datetime import datetime

from markupsafe import Markup, escape

from grants.formatting import date_pl, datetime_pl, full_stop, money_pl
from grants.i18n import current_language, ui_markup
from grants.offers.labels import status_label
from grants.organizations import desk

HIDDEN = '<span class="visually-hidden">: {}</span></a>\n'


def _kept(format_, locale: str) -> Callable:
    """`format_(value, locale)`, remembering its answers for the page: its rows repeat their calls' deadlines."""
    answers: dict = {}

    def formatted(value):
        answer = answers.get(value)
        if answer is None:
            answer = answers[value] = format_(value, locale)
        return answer

    return formatted


def _step_words() -> dict:
    """The step's sentences without a value and its links' words, translated once for a page."""
    return {
        desk.SEND_CONFIRMATION: ui_markup(
            "Oferta złożona. Dostarcz urzędowi podpisane potwierdzenie złożenia oferty (papierowo albo przez ePUAP)."
        ),
        desk.FORMALLY_REJECTED: ui_markup("Oferta odrzucona w ocenie formalnej."),
        desk.FORMALLY_ACCEPTED: ui_markup("Oferta przyjęta w ocenie formalnej; teraz ocena komisji. Nic do zrobienia."),
        desk.AWAITING_REVIEW: ui_markup(
            "Oferta złożona i potwierdzona; teraz ocena urzędu i komisji. Nic do zrobienia."
        ),
        desk.NOT_FUNDED: ui_markup("Oferta nie otrzymała dotacji."),
        desk.AWAITING_CONTRACT: ui_markup("Dotacja przyznana; urząd przygotowuje umowę."),
        desk.IN_PROGRESS: ui_markup("Umowa w realizacji; żaden termin teraz nie mija."),
        desk.DONE: ui_markup("Nic do zrobienia."),
        "edit": ui_markup("Edytuj projekt oferty"),
        "confirmation": ui_markup("Pobierz potwierdzenie"),
        "reason": ui_markup("Zobacz powód"),
        "correct": ui_markup("Popraw ofertę"),
        "results": ui_markup("Wyniki konkursu"),
        "sign": ui_markup("Zobacz umowę i podpisz ją w urzędzie"),
        "reports": ui_markup("Umowa i sprawozdania"),
        "contract": ui_markup("Umowa"),
    }


# The steps whose sentence is one of the words above, and the link each adds: (the link's key in the row's
# links, the word it shows; None for a sentence without a link).
_PLAIN_STEPS = {
    desk.SEND_CONFIRMATION: ("offer_home", "confirmation"),
    desk.FORMALLY_REJECTED: ("summary", "reason"),
    desk.FORMALLY_ACCEPTED: None,
    desk.AWAITING_REVIEW: None,
    desk.NOT_FUNDED: ("results", "results"),
    desk.AWAITING_CONTRACT: None,
    desk.IN_PROGRESS: ("contract", "contract"),
}


def step_printer(locale: str | None = None) -> Callable[[dict], str]:
    """A printer of a row's next step (a row of organizations.pages.offer_rows: its step, offer and links) as
    the cell's content, for a page in `locale` (the reader's language when None)."""
    locale = locale or current_language() or "pl"
    moment, day = _kept(datetime_pl, locale), _kept(date_pl, locale)
    words = _step_words()

    def link(row, key: str, word: str, hidden=None) -> str:
        title = escape(row["offer"].title if hidden is None else hidden)
        return f'  <br><a href="{escape(row["links"][key])}">{words[word]}{HIDDEN.format(title)}'

    def printed(row) -> Markup:
        return Markup(_printed(row))

    def _printed(row) -> str:
        step = row["step"]
        key = step["key"]
        if key in _PLAIN_STEPS:
            linked = _PLAIN_STEPS[key]
            if linked is None:
                return f"  {words[key]}\n"
            hidden = row["offer"].call.title if key == desk.NOT_FUNDED else None
            return f"  {words[key]}\n{link(row, *linked, hidden)}"
        if key == desk.EDIT_DRAFT:
            sentence = ui_markup("Uzupełnij i złóż ofertę do %(when)s.", when=moment(step["when"]))
            return f"  {sentence}\n{link(row, 'offer_home', 'edit')}"
        if key == desk.DEADLINE_MISSED:
            sentence = ui_markup(
                "Termin składania ofert minął %(when)s; ta oferta nie została złożona.", when=moment(step["when"])
            )
            return f"  {sentence}\n"
        if key == desk.CORRECT:
            sentence = ui_markup("Urząd prosi o poprawienie oferty do %(when)s.", when=moment(step["when"]))
            return f"  <strong>{sentence}</strong>\n{link(row, 'offer_home', 'correct')}"
        if key == desk.CORRECTION_LAPSED:
            return f"  {ui_markup('Termin poprawy minął %(when)s.', when=moment(step['when']))}\n"
        if key == desk.SIGN_CONTRACT:
            sentence = ui_markup("Umowa nr %(number)s czeka na podpisanie.", number=step["contract"].number)
            return f"  <strong>{sentence}</strong>\n{link(row, 'contract', 'sign')}"
        if key == desk.REPORT_DUE:
            return _report_due(step, day(step["when"])) + link(row, "contract", "reports")
        return f"  {words[desk.DONE]}\n"

    return printed


def _report_due(step: dict, when: str) -> str:
    # The template's own whitespace: an overdue report's sentence ends its line, a coming one runs on.
    if step["overdue"]:
        return f"<strong>{full_stop(ui_markup('Termin sprawozdania minął %(when)s', when=when))}</strong>\n"
    return f"{full_stop(ui_markup('Sprawozdanie do %(when)s', when=when))}"


def list_rows(rows: list[dict], own: set[int], now: datetime) -> list[Markup]:
    """The offers' list's rows (organizations.pages.offer_rows of ngo_list.OfferRows), each a `<tr>` without
    the indentation of its first line and its last line's end; `own`: the person's organisations (the others
    lead a joint offer the person's organisation is a partner of)."""
    locale = current_language() or "pl"
    step, moment = step_printer(locale), _kept(datetime_pl, locale)
    words = {
        "call": ui_markup("Nabór"),
        "status": ui_markup("Status"),
        "deadline": ui_markup("Termin składania ofert"),
        "code": ui_markup("Kod kontrolny"),
        "step": ui_markup("Następny krok"),
        "results": ui_markup("wyniki konkursu"),
        "passed": f'<br><span class="meta">{ui_markup("termin minął")}</span>',
        "not_funded": ui_markup("bez dotacji"),
        "summary": ui_markup("Podsumowanie"),
        "clone": ui_markup("Skopiuj do innego naboru"),
    }
    statuses: dict = {}
    printed = []
    for row in rows:
        offer, outcome, links = row["offer"], row["outcome"], row["links"]
        call = offer.call
        title, call_title = escape(offer.title), escape(call.title)
        own_offer = offer.organization_id in own
        if outcome is None:
            status = statuses.get(offer.status)
            if status is None:
                value = offer.status.value
                status = statuses[offer.status] = (
                    f'<span class="badge badge-{value}">{escape(status_label(offer.status))}</span>'
                )
        else:
            status = _outcome(outcome, words, escape(links["results"]), call_title)
        if own_offer:
            organization = escape(offer.organization.name)
            clone = f'· <a href="{escape(links["clone"])}">{words["clone"]}{HIDDEN.format(title)[:-1]}'
        else:
            organization = ui_markup("partner; ofertę składa %(name)s", name=offer.organization.name)
            clone = ""
        version = offer.current_version
        row_html = ROW.format(
            w=words,
            id=offer.id,
            key=row["step"]["key"],
            home=escape(links["offer_home"]),
            title=title,
            organization=organization,
            call_url=escape(links["call"]),
            call_title=call_title,
            status=status,
            deadline=moment(call.submission_deadline),
            passed="" if call.is_open(now) else words["passed"],
            code="—" if version is None else f"<code>{escape(version.control_code)}</code>",
            step=step(row),
            summary=escape(links["summary"]),
            clone=clone,
        )
        printed.append(Markup(row_html))
    return printed


def desk_rows(rows: list[dict]) -> list[Markup]:
    """The desk's offers (organizations.pages.offer_rows of ngo_list.OfferRows), each a `<tr>` without the
    indentation of its first line and its last line's end: a person of several organisations has them all there."""
    locale = current_language() or "pl"
    step, moment = step_printer(locale), _kept(datetime_pl, locale)
    words = {
        "deadline": ui_markup("Termin składania ofert"),
        "status": ui_markup("Status"),
        "step": ui_markup("Następny krok"),
        "not_funded": ui_markup("bez dotacji"),
    }
    statuses: dict = {}
    printed = []
    for row in rows:
        offer, outcome, links = row["offer"], row["outcome"], row["links"]
        if outcome and outcome["funded"]:
            status = f"{ui_markup('dotacja przyznana: %(amount)s', amount=money_pl(outcome['amount']))}\n"
        elif outcome:
            status = words["not_funded"]
        else:
            status = statuses.get(offer.status)
            if status is None:
                status = statuses[offer.status] = escape(status_label(offer.status))
        row_html = DESK_ROW.format(
            w=words,
            id=offer.id,
            key=row["step"]["key"],
            home=escape(links["offer_home"]),
            title=escape(offer.title),
            organization=escape(offer.organization.name),
            call_url=escape(links["call"]),
            call_title=escape(offer.call.title),
            deadline=moment(offer.call.submission_deadline),
            status=status,
            step=step(row),
        )
        printed.append(Markup(row_html))
    return printed


def _outcome(outcome: dict, words: dict, results_url: str, call_title: str) -> str:
    """The status cell's outcome of the published results, with the link to them."""
    if outcome["funded"]:
        amount = ui_markup("dotacja przyznana: %(amount)s", amount=money_pl(outcome["amount"]))
        badge = f'<span class="badge badge-funded">{amount}</span>'
    else:
        badge = f'<span class="badge badge-not-funded">{words["not_funded"]}</span>'
    return f'{badge}\n<br><a class="meta" href="{results_url}">{words["results"]}{HIDDEN.format(call_title)[:-1]}'


# The template's row, whitespace included (its first line's indentation and last line's end are the loop's).
ROW = (
    '<tr id="offer-{id}" data-offer-id="{id}" data-step="{key}">\n'
    '            <th scope="row"><a href="{home}">{title}</a>\n'
    '              <br><span class="meta">{organization}</span></th>\n'
    '            <td data-label="{w[call]}"><a href="{call_url}">{call_title}</a></td>\n'
    '            <td data-label="{w[status]}">{status}</td>\n'
    '            <td data-label="{w[deadline]}">{deadline}{passed}</td>\n'
    '            <td data-label="{w[code]}">{code}</td>\n'
    '            <td data-label="{w[step]}" class="next-step">{step}</td>\n'
    '            <td><a href="{summary}">{w[summary]}<span class="visually-hidden">: {title}</span></a>\n'
    "{clone}</td>\n"
    "          </tr>"
)


# The desk's row (templates/organizations/dashboard.html's loop until it became Python), whitespace included.
DESK_ROW = (
    '<tr data-offer-id="{id}" data-step="{key}">\n'
    '          <th scope="row"><a href="{home}">{title}</a>\n'
    '            <br><span class="meta">{organization} — <a href="{call_url}">{call_title}</a></span></th>\n'
    '          <td data-label="{w[deadline]}">{deadline}</td>\n'
    '          <td data-label="{w[status]}">{status}</td>\n'
    '          <td data-label="{w[step]}" class="next-step">{step}</td>\n'
    "        </tr>"
)
