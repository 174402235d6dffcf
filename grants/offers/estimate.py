"""The offer's cost estimate (section V of Annex 1, Dz.U. 2018 poz. 2057): sums and the call's rules.

Pure: Decimal in, Decimal out, no database, no Flask, no request. The web page's live estimate, the
API and the submission all call `compute` and `check`, so a figure is added up — and a rule judged —
the same way everywhere. Amounts are rounded half-up to grosze (the API contract); limits that are
percentages are compared exactly (`own × 100 ≥ min% × total`), never on a rounded percentage, so an
offer at 9.995 % does not pass a 10 % minimum because its percentage prints as "10.00".

Input is the *typed* content (`grants.offers.schema.typed_content`):
    task_start, task_end: date | None
    actions: list (only its length matters here — III.4)
    cost_items: [{action: int | "admin" | None, quantity, unit_cost, grant_part: Decimal | None,
                  year_values: {year: Decimal} | None}]
    own_financial, own_non_financial_personal, own_non_financial_in_kind: Decimal
    beneficiary_fees: Decimal | None
    cost_split: [{organization_id, amount: Decimal | None}]   (V.C, joint offers only; else [])

Messages go through the `gettext` the caller passes (flask_babel's in the app); the msgids are Polish.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from grants.formatting import money_pl, percent_pl
from scoring.decimals import round_half_up

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal(100)
ADMIN = "admin"


def q(value) -> Decimal:
    """Half-up to grosze."""
    return round_half_up(Decimal(value))


def _identity(message: str, **params) -> str:
    return message % params if params else message


@dataclass(frozen=True)
class CallLimits:
    """What the announcement fixes for an offer's money and dates: the public funds (art. 13 ust. 2 pkt 2 of the
    Act: the call's budget), the award rules (pkt 3: grant minimum and maximum, own contribution, admin-cost cap)
    and the task's dates (pkt 4: terms and conditions of carrying it out)."""

    form: str  # "powierzanie" | "wspieranie" (art. 5 ust. 4 pkt 1, 2)
    task_start: date | None = None
    task_end: date | None = None
    grant_min: Decimal | None = None
    grant_max: Decimal | None = None
    budget_total: Decimal | None = None
    own_contribution_min_percent: Decimal | None = None
    admin_costs_max_percent: Decimal | None = None

    @classmethod
    def from_call(cls, call) -> "CallLimits":
        """Read from any object with the Call's attribute names (duck-typed: no model import here)."""
        form = getattr(call.form, "value", call.form)
        return cls(
            form=form,
            task_start=call.task_start,
            task_end=call.task_end,
            grant_min=call.grant_min,
            grant_max=call.grant_max,
            budget_total=call.budget_total,
            own_contribution_min_percent=call.own_contribution_min_percent,
            admin_costs_max_percent=call.admin_costs_max_percent,
        )


@dataclass(frozen=True)
class Problem:
    path: str  # dotted, as in the API's 422: "cost_items.2.grant_part"
    code: str  # stable, for tests and the UI ("grant_part_over_value", ...)
    message: str  # what is wrong and how to fix it


@dataclass
class Estimate:
    line_values: list[Decimal]
    action_totals: list[Decimal]  # per action of III.4, by index
    actions_total: Decimal  # V.A "Suma kosztów realizacji zadania" (section I)
    admin_total: Decimal  # V.A "Suma kosztów administracyjnych" (section II)
    unassigned_total: Decimal  # lines whose action does not exist (a problem, still counted)
    total_cost: Decimal  # V.A/V.B 1 "Suma wszystkich kosztów realizacji zadania"
    requested_grant: Decimal  # V.B 2 "Planowana dotacja" = Σ grant_part
    own_financial: Decimal  # V.B 3.1
    own_non_financial: Decimal  # V.B 3.2 = personal + in kind
    own_non_financial_personal: Decimal
    own_non_financial_in_kind: Decimal
    own_contribution: Decimal  # V.B 3 = 3.1 + 3.2 (footnote 5 of Annex 1)
    beneficiary_fees: Decimal | None  # part of 3.1, shown on its own
    own_contribution_percent: Decimal  # V.B "Udział [%]" of 3
    grant_percent: Decimal  # V.B "Udział [%]" of 2
    admin_percent: Decimal
    year_totals: dict[int, Decimal] = field(default_factory=dict)
    cost_split_total: Decimal = ZERO  # V.C

    def as_strings(self) -> dict:
        """The API's form: money as "12345.67", percentages as "10.00"."""
        return {
            "total_cost": str(self.total_cost),
            "requested_grant": str(self.requested_grant),
            "own_contribution": str(self.own_contribution),
            "own_contribution_percent": str(self.own_contribution_percent),
            "own_non_financial": str(self.own_non_financial),
            "grant_percent": str(self.grant_percent),
            "actions_total": str(self.actions_total),
            "admin_total": str(self.admin_total),
            "admin_percent": str(self.admin_percent),
            "action_totals": [str(v) for v in self.action_totals],
            "line_values": [str(v) for v in self.line_values],
            "year_totals": {str(y): str(v) for y, v in sorted(self.year_totals.items())},
            "cost_split_total": str(self.cost_split_total),
        }


def line_value(item: dict) -> Decimal | None:
    """V.A "Wartość": quantity × unit cost, half-up to grosze; None while either is missing."""
    if item.get("quantity") is None or item.get("unit_cost") is None:
        return None
    return q(item["quantity"] * item["unit_cost"])


def _action_index(item: dict, n_actions: int):
    action = item.get("action")
    if action == ADMIN:
        return ADMIN
    if isinstance(action, int) and not isinstance(action, bool) and 0 <= action < n_actions:
        return action
    return None


def percent_of(part: Decimal, whole: Decimal) -> Decimal:
    return q(part * HUNDRED / whole) if whole else ZERO


def compute(content: dict) -> Estimate:
    actions = content.get("actions") or []
    items = content.get("cost_items") or []
    values = [line_value(item) or ZERO for item in items]
    action_totals = [ZERO] * len(actions)
    admin = unassigned = ZERO
    years: dict[int, Decimal] = {}
    for item, value in zip(items, values, strict=False):
        index = _action_index(item, len(actions))
        if index == ADMIN:
            admin += value
        elif index is None:
            unassigned += value
        else:
            action_totals[index] += value
        for year, amount in (item.get("year_values") or {}).items():
            years[year] = years.get(year, ZERO) + amount
    actions_total = sum(action_totals, start=ZERO)
    total = actions_total + admin + unassigned
    grant = sum((q(item["grant_part"]) for item in items if item.get("grant_part") is not None), start=ZERO)
    financial = q(content.get("own_financial") or ZERO)
    personal = q(content.get("own_non_financial_personal") or ZERO)
    in_kind = q(content.get("own_non_financial_in_kind") or ZERO)
    own = financial + personal + in_kind
    fees = content.get("beneficiary_fees")
    split = sum(
        (q(row["amount"]) for row in content.get("cost_split") or [] if row.get("amount") is not None), start=ZERO
    )
    return Estimate(
        line_values=values,
        action_totals=action_totals,
        actions_total=actions_total,
        admin_total=admin,
        unassigned_total=unassigned,
        total_cost=total,
        requested_grant=grant,
        own_financial=financial,
        own_non_financial=personal + in_kind,
        own_non_financial_personal=personal,
        own_non_financial_in_kind=in_kind,
        own_contribution=own,
        beneficiary_fees=q(fees) if fees is not None else None,
        own_contribution_percent=percent_of(own, total),
        grant_percent=percent_of(grant, total),
        admin_percent=percent_of(admin, total),
        year_totals=years,
        cost_split_total=split,
    )


def task_years(content: dict) -> list[int]:
    start, end = content.get("task_start"), content.get("task_end")
    if start is None or end is None or start > end:
        return []
    return list(range(start.year, end.year + 1))


def check(
    content: dict, limits: CallLimits, *, gettext: Callable | None = None, estimate: Estimate | None = None
) -> list[Problem]:
    """Every rule of the estimate and of the call's limits, each named at its field with a hint."""
    _ = gettext or _identity
    est = estimate or compute(content)
    problems: list[Problem] = []

    def add(path, code, message):
        problems.append(Problem(path, code, message))

    _check_lines(content, est, add, _)
    _check_sources(content, est, limits, add, _)
    _check_dates(content, limits, add, _)
    _check_split(content, est, add, _)
    return problems


def _check_lines(content, est: Estimate, add, _) -> None:
    n_actions = len(content.get("actions") or [])
    years = task_years(content)
    for index, item in enumerate(content.get("cost_items") or []):
        prefix = f"cost_items.{index}"
        _check_line_action(prefix, item, n_actions, add, _)
        value = line_value(item)
        _check_line_grant_part(prefix, item, value, add, _)
        _check_line_years(prefix, item, value, years, add, _)


def _check_line_action(prefix: str, item: dict, n_actions: int, add, _) -> None:
    # V.A lists the costs of the actions of III.4 (or administrative costs): a line must say which.
    if _action_index(item, n_actions) is None:
        if n_actions:
            add(
                f"{prefix}.action",
                "unknown_action",
                _(
                    "Ta pozycja nie wskazuje istniejącego działania. Wybierz działanie z harmonogramu "
                    "(0–%(last)d) albo „admin” dla kosztów administracyjnych.",
                    last=n_actions - 1,
                ),
            )
        else:
            add(
                f"{prefix}.action",
                "unknown_action",
                _(
                    "Ta pozycja nie wskazuje istniejącego działania. Najpierw dodaj działania w części III.4 "
                    "albo oznacz pozycję jako koszt administracyjny („admin”)."
                ),
            )


def _check_line_grant_part(prefix: str, item: dict, value, add, _) -> None:
    grant_part = item.get("grant_part")
    if value is not None and grant_part is not None and q(grant_part) > value:
        add(
            f"{prefix}.grant_part",
            "grant_part_over_value",
            _(
                "Część z dotacji (%(part)s) przekracza wartość pozycji (%(value)s). Zmniejsz ją do najwyżej "
                "%(value)s albo zwiększ liczbę jednostek lub koszt jednostkowy.",
                part=money_pl(grant_part),
                value=money_pl(value),
            ),
        )


def _check_line_years(prefix: str, item: dict, value, years: list[int], add, _) -> None:
    multi_year = len(years) > 1
    year_values = item.get("year_values")
    # Annex 1 V.A: "Wartość [PLN]: Razem / Rok 1 / Rok 2 / Rok 3" — a multi-year task splits each line.
    if multi_year and value is not None and not year_values:
        add(
            f"{prefix}.year_values",
            "year_split_missing",
            _(
                "Zadanie trwa dłużej niż rok (%(first)d–%(last)d): podaj wartość tej pozycji w każdym roku.",
                first=years[0],
                last=years[-1],
            ),
        )
    elif year_values and value is not None:
        outside = sorted(y for y in year_values if years and y not in years)
        if outside:
            add(
                f"{prefix}.year_values",
                "year_outside_task",
                _(
                    "Rok %(year)d jest poza terminem realizacji zadania (%(first)d–%(last)d).",
                    year=outside[0],
                    first=years[0],
                    last=years[-1],
                ),
            )
        split = sum(year_values.values(), start=ZERO)
        if q(split) != value:
            add(
                f"{prefix}.year_values",
                "year_split_mismatch",
                _(
                    "Wartości w poszczególnych latach dają %(split)s, a wartość pozycji to %(value)s. "
                    "Popraw podział tak, by sumował się do wartości pozycji.",
                    split=money_pl(split),
                    value=money_pl(value),
                ),
            )


def _check_sources(content, est: Estimate, limits: CallLimits, add, _) -> None:
    _check_balance(est, add, _)
    _check_grant_limits(est, limits, add, _)
    _check_own_minimum(est, limits, add, _)
    _check_admin_cap(est, limits, add, _)
    _check_fees(content, est, add, _)


def _check_balance(est: Estimate, add, _) -> None:
    # V.B: 1 (total) = 2 (planned grant) + 3 (own contribution = 3.1 + 3.2).
    difference = est.total_cost - est.requested_grant - est.own_contribution
    if difference > 0:
        add(
            "own_contribution",
            "sources_below_total",
            _(
                "Dotacja (%(grant)s) i wkład własny (%(own)s) pokrywają o %(diff)s mniej niż suma kosztów "
                "(%(total)s). Zwiększ wkład własny albo części pokrywane z dotacji o %(diff)s.",
                grant=money_pl(est.requested_grant),
                own=money_pl(est.own_contribution),
                diff=money_pl(difference),
                total=money_pl(est.total_cost),
            ),
        )
    elif difference < 0:
        add(
            "own_contribution",
            "sources_above_total",
            _(
                "Dotacja (%(grant)s) i wkład własny (%(own)s) przekraczają sumę kosztów (%(total)s) o %(diff)s. "
                "Zmniejsz wkład własny albo dodaj koszty, które on pokrywa.",
                grant=money_pl(est.requested_grant),
                own=money_pl(est.own_contribution),
                diff=money_pl(-difference),
                total=money_pl(est.total_cost),
            ),
        )


def _check_grant_limits(est: Estimate, limits: CallLimits, add, _) -> None:
    grant = est.requested_grant
    # Art. 13 ust. 2 pkt 3: the announcement's award rules; without a maximum the call's budget (pkt 2) caps it.
    if limits.grant_min is not None and grant < limits.grant_min:
        add(
            "requested_grant",
            "grant_below_minimum",
            _(
                "Wnioskowana dotacja (%(grant)s) jest niższa niż najniższa dotacja w tym naborze (%(min)s). "
                "Zwiększ części pokrywane z dotacji w kosztorysie.",
                grant=money_pl(grant),
                min=money_pl(limits.grant_min),
            ),
        )
    ceiling = limits.grant_max if limits.grant_max is not None else limits.budget_total
    if ceiling is not None and grant > ceiling:
        add(
            "requested_grant",
            "grant_above_maximum",
            _(
                "Wnioskowana dotacja (%(grant)s) przekracza najwyższą dotację w tym naborze (%(max)s). "
                "Zmniejsz części pokrywane z dotacji o %(diff)s i pokryj je wkładem własnym lub ogranicz koszty.",
                grant=money_pl(grant),
                max=money_pl(ceiling),
                diff=money_pl(grant - ceiling),
            ),
        )


def _check_own_minimum(est: Estimate, limits: CallLimits, add, _) -> None:
    # Art. 5 ust. 4: `powierzanie` finances the task (pkt 1) and may pay for all of it; `wspieranie`
    # co-finances it ("dofinansowanie", pkt 2), so the announcement may require an own contribution
    # (scored under art. 15 ust. 1 pkt 4 too). The minimum therefore binds `wspieranie` only.
    minimum = limits.own_contribution_min_percent
    if (
        limits.form == "wspieranie"
        and minimum
        and est.total_cost > 0
        and est.own_contribution * HUNDRED < minimum * est.total_cost
    ):
        required = (minimum * est.total_cost / HUNDRED).quantize(CENT, rounding=ROUND_CEILING)
        add(
            "own_contribution",
            "own_contribution_below_minimum",
            _(
                "Wkład własny wynosi %(pct)s sumy kosztów, a ogłoszenie wymaga co najmniej %(min)s, czyli "
                "%(required)s przy kosztach %(total)s. Zwiększ wkład własny o %(diff)s (i o tyle zmniejsz dotację).",
                pct=percent_pl(est.own_contribution_percent),
                min=percent_pl(minimum),
                required=money_pl(required),
                total=money_pl(est.total_cost),
                diff=money_pl(required - est.own_contribution),
            ),
        )


def admin_cap_allowed(cap: Decimal, total_cost: Decimal) -> Decimal:
    """The most administrative costs may be under the call's cap: `cap` % of all costs, down to the grosz."""
    return (cap * total_cost / HUNDRED).quantize(CENT, rounding=ROUND_FLOOR)


def admin_cap_text(est: Estimate, limits: CallLimits, gettext=None) -> str | None:
    """The live panel's statement of the cap (the same rule and figures as the over-cap problem)."""
    _ = gettext or _identity
    cap = limits.admin_costs_max_percent
    if cap is None:
        return None
    return _(
        "Limit kosztów administracyjnych w tym naborze: %(cap)s sumy kosztów, czyli %(allowed)s.",
        cap=percent_pl(cap),
        allowed=money_pl(admin_cap_allowed(cap, est.total_cost)),
    )


def _check_admin_cap(est: Estimate, limits: CallLimits, add, _) -> None:
    cap = limits.admin_costs_max_percent
    if cap is not None and est.admin_total > 0 and est.admin_total * HUNDRED > cap * est.total_cost:
        allowed = admin_cap_allowed(cap, est.total_cost)
        add(
            "admin_costs",
            "admin_costs_over_cap",
            _(
                "Koszty administracyjne (%(admin)s, %(pct)s) przekraczają limit %(cap)s sumy kosztów, czyli "
                "%(allowed)s. Zmniejsz je o %(diff)s.",
                admin=money_pl(est.admin_total),
                pct=percent_pl(est.admin_percent),
                cap=percent_pl(cap),
                allowed=money_pl(allowed),
                diff=money_pl(est.admin_total - allowed),
            ),
        )


def _check_fees(content, est: Estimate, add, _) -> None:
    fees = est.beneficiary_fees
    # Fees from the task's beneficiaries are financial own contribution (Annex 1 VI.1, VII.2): never more.
    if fees is not None and fees > est.own_financial:
        add(
            "beneficiary_fees",
            "fees_over_financial",
            _(
                "Świadczenia pieniężne od odbiorców (%(fees)s) są częścią wkładu finansowego (%(own)s) i nie mogą "
                "go przekraczać. Zwiększ wkład finansowy albo popraw kwotę świadczeń.",
                fees=money_pl(fees),
                own=money_pl(est.own_financial),
            ),
        )
    if fees and not content.get("paid_activity"):
        add(
            "beneficiary_fees",
            "fees_need_paid_activity",
            _(
                "Świadczenia od odbiorców można pobierać tylko w ramach odpłatnej działalności pożytku publicznego "
                "(część VI.1 i oświadczenie VII.2). Zaznacz odpłatne wykonanie zadania albo usuń świadczenia."
            ),
        )


def _check_dates(content, limits: CallLimits, add, _) -> None:
    start, end = content.get("task_start"), content.get("task_end")
    if start and end and start > end:
        add("task_end", "task_end_before_start", _("Data zakończenia jest wcześniejsza niż data rozpoczęcia zadania."))
    # Art. 13 ust. 2 pkt 4: the announcement fixes when the task is to be carried out.
    if start and limits.task_start and start < limits.task_start:
        add(
            "task_start",
            "task_start_before_call",
            _(
                "Zadanie może się zacząć najwcześniej %(day)s (termin realizacji w ogłoszeniu).",
                day=limits.task_start.isoformat(),
            ),
        )
    if start and limits.task_end and start > limits.task_end:
        add(
            "task_start",
            "task_start_after_call",
            _(
                "Zadanie musi się zacząć najpóźniej %(day)s (termin realizacji w ogłoszeniu).",
                day=limits.task_end.isoformat(),
            ),
        )
    if end and limits.task_end and end > limits.task_end:
        add(
            "task_end",
            "task_end_after_call",
            _(
                "Zadanie musi się zakończyć najpóźniej %(day)s (termin realizacji w ogłoszeniu).",
                day=limits.task_end.isoformat(),
            ),
        )
    if end and limits.task_start and end < limits.task_start:
        add(
            "task_end",
            "task_end_before_call",
            _(
                "Zadanie nie może się zakończyć przed %(day)s (termin realizacji w ogłoszeniu).",
                day=limits.task_start.isoformat(),
            ),
        )


def _check_split(content, est: Estimate, add, _) -> None:
    """V.C (joint offers, art. 14 ust. 2): each offeror's part, together the total of V.A."""
    split = content.get("cost_split") or []
    if len(split) < 2:
        return
    for index, row in enumerate(split):
        if row.get("amount") is None:
            add(
                f"cost_split.{index}.amount",
                "split_missing",
                _("Podaj, jaką część kosztów ponosi ten oferent (część V.C oferty wspólnej)."),
            )
    years = task_years(content)
    if len(years) > 1:
        for index, row in enumerate(split):
            _check_split_years(f"cost_split.{index}.year_values", row, years, add, _)
    if all(row.get("amount") is not None for row in split) and est.cost_split_total != est.total_cost:
        add(
            "cost_split",
            "split_mismatch",
            _(
                "Podział kosztów między oferentów daje %(split)s, a suma kosztów zadania to %(total)s. "
                "Popraw kwoty tak, by sumowały się do sumy kosztów.",
                split=money_pl(est.cost_split_total),
                total=money_pl(est.total_cost),
            ),
        )


def _check_split_years(path: str, row: dict, years: list[int], add, _) -> None:
    """Annex 1 V.C has a column per year like V.A (footnote 4 [M]): each offeror's part, split by year."""
    amount, year_values = row.get("amount"), row.get("year_values")
    if amount is None:
        return
    if not year_values:
        add(
            path,
            "split_years_missing",
            _(
                "Zadanie trwa dłużej niż rok (%(first)d–%(last)d): podaj część tego oferenta w każdym roku (V.C).",
                first=years[0],
                last=years[-1],
            ),
        )
        return
    outside = sorted(y for y in year_values if y not in years)
    if outside:
        add(
            path,
            "year_outside_task",
            _(
                "Rok %(year)d jest poza terminem realizacji zadania (%(first)d–%(last)d).",
                year=outside[0],
                first=years[0],
                last=years[-1],
            ),
        )
    split = q(sum(year_values.values(), start=ZERO))
    if split != q(amount):
        add(
            path,
            "split_year_mismatch",
            _(
                "Kwoty w poszczególnych latach dają %(split)s, a część tego oferenta to %(value)s. "
                "Popraw podział tak, by sumował się do tej części.",
                split=money_pl(split),
                value=money_pl(q(amount)),
            ),
        )


def problems_by_field(problems: list[Problem]) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for problem in problems:
        fields.setdefault(problem.path, []).append(problem.message)
    return fields
