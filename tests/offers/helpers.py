"""Plain helpers of the offers' tests: a complete, consistent offer body (Annex 1, sections III–VII)."""

from tests.helpers import TASK_YEAR


def offer_body(**overrides) -> dict:
    """A complete, consistent offer: costs 19 520,00 = grant 17 020,00 + own 2 500,00 (12.81 %), admin 2 500,00."""
    body = {
        "title": "Kursy języka polskiego dla dorosłych cudzoziemców",
        "task_start": f"{TASK_YEAR}-02-01",
        "task_end": f"{TASK_YEAR}-11-30",
        "place": "Opole, świetlica przy ul. Armii Krajowej 12",
        "target_group": "Dorośli cudzoziemcy mieszkający w Opolu, głównie obywatele Ukrainy",
        "summary": "Dwa poziomy kursu (A1 i A2) w małych grupach, z opieką nad dziećmi w czasie zajęć.",
        "actions": [
            {
                "name": "Kurs A1",
                "description": "Zajęcia dwa razy w tygodniu",
                "target_group": "20 osób",
                "period": "luty–czerwiec",
            },
            {
                "name": "Kurs A2",
                "description": "Zajęcia dwa razy w tygodniu",
                "target_group": "20 osób",
                "period": "wrzesień–listopad",
                "subcontractor": "Szkoła językowa (zakup usługi lektora)",
            },
        ],
        "results": [
            {
                "name": "Uczestnicy, którzy ukończyli kurs",
                "target_value": "32 osoby",
                "monitoring": "listy obecności i test końcowy",
            }
        ],
        "expected_effects": "Uczestnicy porozumiewają się po polsku w urzędzie, u lekarza i w pracy.",
        "experience": "Od 2016 r. prowadzimy kursy dla cudzoziemców.",
        "resources": "Dwie lektorki, sala, podręczniki z poprzednich edycji.",
        "cost_items": [
            {
                "action": 0,
                "name": "Wynagrodzenie lektora",
                "unit": "godzina",
                "quantity": "120",
                "unit_cost": "100.00",
                "grant_part": "12000.00",
            },
            {
                "action": 1,
                "name": "Podręczniki",
                "unit": "sztuka",
                "quantity": "40",
                "unit_cost": "75.50",
                "grant_part": "3020.00",
            },
            {
                "action": 1,
                "name": "Udostępnienie sali",
                "unit": "miesiąc",
                "quantity": "5",
                "unit_cost": "400.00",
                "grant_part": "0.00",
            },
            {
                "action": "admin",
                "name": "Koordynacja i księgowość",
                "unit": "miesiąc",
                "quantity": "10",
                "unit_cost": "250.00",
                "grant_part": "2000.00",
            },
        ],
        "own_financial": "500.00",
        "own_non_financial_personal": "0.00",
        "own_non_financial_in_kind": "2000.00",
        "paid_activity": False,
        "contact": {"name": "Olena Kowalczuk", "phone": "+48 600 100 200", "email": "olena@geko.example"},
        "statements": {"tax_arrears": False, "social_insurance_arrears": False, "register": "krs", "confirmed": True},
    }
    body.update(overrides)
    return body


def offer_today() -> str:
    """Today in Warsaw (the day a paper confirmation is received), on the test's frozen clock."""
    from grants.clock import now_utc, warsaw_date

    return warsaw_date(now_utc()).isoformat()
