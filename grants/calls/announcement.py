"""The announcement's seven items of art. 13 ust. 2 and the procedure's details, and where it was published,
written in Python: the public call page (and the office's, with each field's errors) prints them on every request.

As a Jinja macro the announcement cost ~0.35 ms of the call page's ~2.6 (its ten `{% call item %}` blocks each
made a macro and a context, then dozens of label, filter and `_` calls); one Python call does it at a fraction.
The markup, whitespace included, is what the `announcement` and `publications` macros wrote
(tests/web/announcement_macro.jinja; tests/web/test_announcement.py holds it to them in every language and
branch): the UI's words through `ui_markup`, the office's and the people's texts escaped as the template
escaped them."""

from flask import has_request_context, url_for
from markupsafe import Markup, escape

from grants.calls.labels import channel_label, correction_window, criterion_label, field_label, value_label
from grants.formatting import date_pl, datetime_pl, money_pl, points_pl
from grants.i18n import current_language, ui_markup
from grants.review.ranking import selection_rules_of


def announcement_html(call, errors=None, edit_url=None) -> Markup:
    """The announcement's `<section>`; `errors` (the office page: a dict, maybe empty) gives each item the id
    the error summary links to, and each field's errors under it with `edit_url` to correct it."""
    locale = (current_language() or "pl") if has_request_context() else None
    item = _Items(errors, edit_url)
    return Markup(
        "".join(
            (
                '  <section class="announcement" aria-labelledby="announcement-heading">\n'
                f'    <h2 id="announcement-heading">{ui_markup("Treść ogłoszenia")}</h2>\n',
                _who_announces(call, locale),
                _items_1_to_3(call, item),
                _items_4_and_5(call, item, locale),
                _item_6(call, item, locale),
                f'    <h3 id="item-7">{ui_markup("7. Zadania publiczne tego samego rodzaju zrealizowane w roku ogłoszenia konkursu i w roku poprzednim oraz związane z nimi koszty")}</h3>\n',  # noqa: E501
                item("same_type_tasks", f'<p class="prose">{escape(call.same_type_tasks)}</p>'),
                "  </section>\n",
            )
        )
    )


def publications_html(call) -> Markup:
    """Where and when the announcement was published (art. 13 ust. 3): the `publications` macro's table, empty
    before the first publication."""
    if not call.publications:
        return Markup("")
    locale = (current_language() or "pl") if has_request_context() else None
    rows = "".join(
        f'        <tr><th scope="row">{escape(channel_label(p.channel))}</th>'
        f"<td>{escape(datetime_pl(p.published_at, locale))}</td></tr>\n"
        for p in call.publications
    )
    return Markup(
        '    <table class="table">\n'
        f"      <caption>{ui_markup('Publikacje ogłoszenia (art. 13 ust. 3 ustawy)')}</caption>\n"
        f'      <thead><tr><th scope="col">{ui_markup("Miejsce")}</th>'
        f'<th scope="col">{ui_markup("Data i godzina")}</th></tr></thead>\n'
        "      <tbody>\n"
        f"{rows}"
        "      </tbody>\n"
        "    </table>\n"
    )


class _Items:
    """The wrapper of each announcement item (the macro's `item`, with `item_errors` under the content)."""

    def __init__(self, errors, edit_url):
        self.errors, self.edit_url = errors, edit_url
        self.anchored = errors is not None

    def __call__(self, name: str, content: str) -> str:
        errors = self.errors
        failed = errors.get(name) if errors else None
        anchor = f'id="f-{escape(name)}" tabindex="-1"' if self.anchored else ""
        return (
            f'  <div {anchor} class="announcement-item{" has-error" if failed else ""}">\n'
            f"    {content}\n"
            f"    {self._errors(name, failed) if errors else ''}\n"
            "  </div>\n"
        )

    def _errors(self, name: str, failed) -> str:
        if not failed:
            return ""
        listed = "".join(f"<li>{escape(message)}</li>" for message in failed)
        correct = ""
        if self.edit_url:
            words = ui_markup("Popraw to w ogłoszeniu: %(field)s", field=field_label(name))
            correct = f'<p><a href="{escape(self.edit_url)}#f-{escape(name)}">{words}</a></p>'
        return f'    <ul class="errors" id="f-{escape(name)}-error">{listed}</ul>\n{correct}'


def _who_announces(call, locale) -> str:
    office, priority = call.office, call.priority
    parts = [
        '    <dl class="facts">\n'
        f"      <dt>{ui_markup('Ogłaszający')}</dt><dd>{escape(office.organ_name or office.name)}</dd>\n"
    ]
    if call.announcement_act_number:
        act = ui_markup("zarządzenie nr %(number)s", number=call.announcement_act_number)
        if call.announcement_act_date:
            act += " " + ui_markup("z dnia %(date)s", date=date_pl(call.announcement_act_date, locale))
        parts.append(f"        <dt>{ui_markup('Akt ogłaszający konkurs')}</dt>\n        <dd>{act}</dd>\n")
    if office.organ_name:
        parts.append(f"<dt>{ui_markup('Konkurs prowadzi')}</dt><dd>{escape(office.name)}</dd>")
    parts.append(
        f"      <dt>{ui_markup('Forma zlecenia zadania (art. 5 ust. 4 ustawy)')}</dt>"
        f"<dd>{escape(value_label('form', call.form))}</dd>\n"
    )
    if priority:
        programme = priority.programme
        href = url_for("programme_public.public_page", programme_id=priority.programme_id)
        parts.append(
            f"        <dt>{ui_markup('Priorytet programu współpracy')}</dt>\n"
            f'        <dd>{escape(priority.code)} — {escape(priority.name)} (<a href="{escape(href)}">'
            f"{escape(programme.title)}</a>, {escape(programme.year)})</dd>\n"
        )
    parts.append("    </dl>\n\n")
    return "".join(parts)


def _percent(label: Markup, value, indent: str) -> str:
    return f"{indent}<dt>{label}</dt><dd>{escape(points_pl(value))}&nbsp;%</dd>\n"


def _items_1_to_3(call, item: _Items) -> str:
    grants = ""
    if call.grant_min is not None or call.grant_max is not None:
        grants = '        <dl class="facts">\n'
        if call.grant_min is not None:
            grants += f"<dt>{ui_markup('Najniższa kwota dotacji')}</dt><dd>{escape(money_pl(call.grant_min))}</dd>"
        if call.grant_max is not None:
            grants += f"<dt>{ui_markup('Najwyższa kwota dotacji')}</dt><dd>{escape(money_pl(call.grant_max))}</dd>"
        grants += "        </dl>\n"
    shares = ""
    if call.own_contribution_min_percent is not None:
        shares += _percent(ui_markup("Minimalny wkład własny"), call.own_contribution_min_percent, " " * 10)
    if call.admin_costs_max_percent is not None:
        label = ui_markup("Najwyższy udział kosztów administracyjnych")
        shares += _percent(label, call.admin_costs_max_percent, " " * 10)
    tolerance = ui_markup("Dopuszczalne przesunięcie między pozycjami kosztorysu")
    shares += _percent(tolerance, call.cost_shift_tolerance_percent, " " * 8)
    return "".join(
        (
            f'    <h3 id="item-1">{ui_markup("1. Rodzaj zadania publicznego")}</h3>\n',
            item("task_type", f"<p><strong>{escape(call.task_type)}</strong></p>"),
            item("description", f'<p class="prose">{escape(call.description)}</p>'),
            "\n",
            f'    <h3 id="item-2">{ui_markup("2. Wysokość środków publicznych przeznaczonych na realizację zadania")}</h3>\n',  # noqa: E501
            item("budget_total", f"      <p><strong>{escape(money_pl(call.budget_total))}</strong></p>\n{grants}"),
            "\n",
            f'    <h3 id="item-3">{ui_markup("3. Zasady przyznawania dotacji")}</h3>\n',
            item(
                "award_rules",
                f'      <p class="prose">{escape(call.award_rules)}</p>\n'
                f'      <dl class="facts">\n{shares}      </dl>\n',
            ),
            "\n",
        )
    )


def _items_4_and_5(call, item: _Items, locale) -> str:
    period = ui_markup(
        "Zadanie realizuje się od %(start)s do %(end)s",
        start=date_pl(call.task_start, locale),
        end=date_pl(call.task_end, locale),
    )
    where = ui_markup("czas warszawski; decyduje chwila złożenia oferty w OKO")
    deadline = (
        f"      <p><strong>{escape(datetime_pl(call.submission_deadline, locale))}</strong>\n"
        f'        <span class="meta">({where})</span></p>\n'
    )
    return "".join(
        (
            f'    <h3 id="item-4">{ui_markup("4. Terminy i warunki realizacji zadania")}</h3>\n',
            item("task_start", f"      <p>{period}</p>\n"),
            item("task_conditions", f'<p class="prose">{escape(call.task_conditions)}</p>'),
            "\n",
            f'    <h3 id="item-5">{ui_markup("5. Termin składania ofert")}</h3>\n',
            item("submission_deadline", deadline),
            "\n",
        )
    )


def _criteria_table(call) -> str:
    most, least = ui_markup("Maksimum punktów"), ui_markup("Wymagane minimum")
    advisory = f' <span class="meta">({ui_markup("pomocnicze, nie wlicza się do sumy")})</span>'
    rows = "".join(
        f'          <tr><th scope="row">{escape(criterion_label(c.name, c.code))}'
        f"{advisory if c.advisory else ''}</th>\n"
        f'            <td class="num" data-label="{most}">{escape(points_pl(c.max_points))}</td>\n'
        f'            <td class="num" data-label="{least}">{_points_or_dash(c.min_points)}</td></tr>\n'
        for c in call.criteria
    )
    return (
        '      <table class="table cards">\n'
        f"        <caption>{ui_markup('Kryteria oceny ofert')}</caption>\n"
        "        <thead><tr>\n"
        f'          <th scope="col">{ui_markup("Kryterium")}</th>\n'
        f'          <th scope="col" class="num">{most}</th>\n'
        f'          <th scope="col" class="num">{least}</th>\n'
        "        </tr></thead>\n"
        "        <tbody>\n"
        f"{rows}"
        "        </tbody>\n"
        f'        <tfoot><tr><th scope="row">{ui_markup("Razem")}</th><td class="num" data-label="{most}">'
        f"{escape(points_pl(call.max_total_points))}</td>\n"
        f'          <td class="num" data-label="{least}">{_points_or_dash(call.min_total_points)}</td></tr></tfoot>\n'
        "      </table>\n"
    )


def _points_or_dash(value) -> Markup:
    return escape(points_pl(value) if value is not None else "—")


def _item_6(call, item: _Items, locale) -> str:
    rules = "".join(f"<li>{escape(line)}</li>" for line in selection_rules_of(call))
    evaluators = update = ""
    if call.evaluators_per_offer:
        evaluators = (
            f"<dt>{ui_markup('Liczba oceniających jedną ofertę')}</dt><dd>{escape(call.evaluators_per_offer)}</dd>"
        )
    if call.update_days:
        days = ui_markup("%(n)s dni od ogłoszenia wyników", n=call.update_days)
        update = f"<dt>{ui_markup('Termin na aktualizację oferty po przyznaniu niższej dotacji')}</dt><dd>{days}</dd>"
    return "".join(
        (
            f'    <h3 id="item-6">{ui_markup("6. Tryb i kryteria stosowane przy wyborze ofert oraz termin dokonania wyboru ofert")}</h3>\n',  # noqa: E501
            item("selection_procedure", f'<p class="prose">{escape(call.selection_procedure)}</p>'),
            item("criteria", _criteria_table(call)),
            '    <div class="announcement-item" id="selection-rules">\n'
            f"      <p>{ui_markup('Zasady wyboru ofert:')}</p>\n"
            f"      <ul>{rules}</ul>\n"
            "    </div>\n"
            '    <dl class="facts">\n'
            f"      <dt>{ui_markup('Ocena komisji')}</dt>"
            f"<dd>{escape(value_label('aggregation', call.aggregation))}</dd>\n"
            f"{evaluators}"
            f"      <dt>{ui_markup('Termin na usunięcie braków formalnych')}</dt>"
            f"<dd>{escape(correction_window(call.correction_days))}</dd>\n"
            f"{update}"
            f"      <dt>{ui_markup('Termin dokonania wyboru ofert')}</dt><dd>{escape(date_pl(call.selection_deadline, locale))}</dd>\n"  # noqa: E501
            "    </dl>\n"
            "\n",
        )
    )
