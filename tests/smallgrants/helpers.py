"""Plain helpers of the small-grant tests: a complete offer of the simplified form (Dz.U. 2018 poz. 2055)."""

from datetime import timedelta

from grants.clock import warsaw_date
from tests.helpers import NOW

# The task starts two months after the frozen clock's (Warsaw) day and lasts 60 days.
TASK_START = warsaw_date(NOW) + timedelta(days=60)
TASK_END = TASK_START + timedelta(days=59)


def small_grant_payload(organization_id: int | None = None, **overrides) -> dict:
    """A complete small-grant offer for 5 000 zł (cost 6 000 zł): it may be submitted as it is."""
    payload = {
        "title": "Sąsiedzki festyn integracyjny na Zaodrzu",
        "task_type": "działalność na rzecz integracji cudzoziemców",
        "task_start": TASK_START.isoformat(),
        "task_end": TASK_END.isoformat(),
        "place": "Opole, park na Zaodrzu",
        "summary": "Festyn dla mieszkańców i cudzoziemców: warsztaty, gry, poczęstunek.",
        "target_group": "Mieszkańcy Zaodrza, rodziny z Ukrainy",
        "actions": "Przygotowanie, festyn, podsumowanie.",
        "results": "Sto osób uczestniczy w festynie.",
        "results_table": [{"result": "uczestnicy", "planned_level": "100 osób", "verification": "lista obecności"}],
        "cost_items": [
            {"name": "Animatorzy", "unit": "godz.", "quantity": "40", "unit_cost": "100.00", "grant_part": "4000.00"},
            {"name": "Poczęstunek", "unit": "kpl.", "quantity": "1", "unit_cost": "2000.00", "grant_part": "1000.00"},
        ],
        "own_financial": "500.00",
        "own_non_financial": "500.00",
        "other_sources": "0.00",
        "contact": {"full_name": "Marta Zielińska", "phone": "+48 600 100 200", "email": "marta@geko.example"},
        "statements": {"accepted": True},
    }
    if organization_id is not None:
        payload["organization_id"] = organization_id
    payload.update(overrides)
    return payload


def one_line(grant: str, total: str | None = None) -> list[dict]:
    """A cost calculation of one line whose grant part is `grant` (the line's total `total`, else the grant)."""
    return [{"name": "Koszt", "unit": "kpl.", "quantity": "1", "unit_cost": total or grant, "grant_part": grant}]
