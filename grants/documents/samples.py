"""Plain source data for every document kind, as the loaders will hand it over.

Used for the worker's warm-up render, the benchmark (bench/bench_pdf.py) and the tests. The shapes
follow shared/API.md (money as "12345.67", ISO dates) and the offer's stored content
(grants.offers.schema.empty_content); the kinds whose objects come with later issues (evaluation
card, protocol, results, contract, report) are defined by these samples until then.
"""

from decimal import Decimal

HEADER = {
    "name": "Urząd Miasta Opola — Referat ds. Integracji Społecznej",
    "parent_body": "Prezydent Miasta Opola",
    "address": "ul. Rynek-Ratusz 1\n45-015 Opole",
    "logo": None,
}
ORGANIZATION = {
    "name": "Fundacja „Źródło” — Ґрунт і Єдність",
    "legal_form": "fundacja",
    "krs": "0000123456",
    "nip": "7542680296",
    "regon": "531615080",
    "address": {"street": "ul. Żółkiewskiego 12/4", "postal_code": "45-011", "city": "Opole"},
    "email": "biuro@zrodlo.example",
    "phone": "+48 77 123 45 67",
    "website": "https://zrodlo.example",
    "bank_account": "61109010140000071219812874",
    "representatives": [
        {"full_name": "Łucja Wąsowicz-Żak", "function": "Prezeska Zarządu"},
        {"full_name": "Олена Коваленко (Olena Kowalenko)", "function": "Członkini Zarządu"},
    ],
    "representation_rule": "Dwóch członków zarządu łącznie.",
}
CALL = {
    "id": 12,
    "office": HEADER["name"],
    "organ": "Prezydent Miasta Opola",
    "announcement_act_number": "OR-I.0050.388.2026",
    "announcement_act_date": "2026-12-28",
    "title": "Kursy języka polskiego dla cudzoziemców w 2027 r.",
    "task_type": "Działalność na rzecz integracji cudzoziemców",
    "form": "wspieranie",
    "programme_priority_code": "INT",
    "programme_priority_name": "Integracja mieszkańców z doświadczeniem migracji",
    "description": "Organizacja bezpłatnych kursów języka polskiego dla cudzoziemców mieszkających w Opolu.\n\n"
    "Zajęcia dla dorosłych i młodzieży; materiały także po ukraińsku: „Їжак і ґанок — є!”.",
    "budget_total": "120000.00",
    "grant_min": "5000.00",
    "grant_max": "60000.00",
    "own_contribution_min_percent": "10.00",
    "admin_costs_max_percent": "15.00",
    "cost_shift_tolerance_percent": "10.00",
    "award_rules": "Dotacje przyznaje Prezydent Miasta na podstawie opinii komisji konkursowej.",
    "task_start": "2027-03-01",
    "task_end": "2027-12-15",
    "task_conditions": "Zadanie realizuje się na terenie miasta Opola, z zachowaniem dostępności (art. 4 ustawy "
    "o zapewnianiu dostępności osobom ze szczególnymi potrzebami).",
    "submission_deadline": "2027-01-22T16:00:00+01:00",
    "selection_deadline": "2027-02-15",
    "selection_procedure": "Ocena formalna, następnie ocena merytoryczna komisji konkursowej.",
    "same_type_tasks": "W 2026 r. urząd zlecił zadanie tego samego rodzaju: 95 000,00 zł.",
    "criteria": [
        {"name": "Możliwość realizacji zadania (art. 15 ust. 1 pkt 1)", "max_points": 10, "min_points": 3},
        {"name": "Kalkulacja kosztów (art. 15 ust. 1 pkt 2)", "max_points": 10, "min_points": None},
        {"name": "Jakość wykonania i kwalifikacje osób (art. 15 ust. 1 pkt 3)", "max_points": 10},
        {"name": "Wkład własny (art. 15 ust. 1 pkt 4)", "max_points": 5.5},
        {"name": "Dotychczasowa współpraca (art. 15 ust. 1 pkt 6)", "max_points": 5, "advisory": True},
    ],
    "max_total_points": 35.5,
    "min_total_points": 20,
    "aggregation": "mean",
    "evaluators_per_offer": 3,
    "correction_days": 7,
    "publications": [
        {"channel": "bip", "published_at": "2026-12-01T09:00:00+01:00"},
        {"channel": "noticeboard", "published_at": "2026-12-01T09:30:00+01:00"},
        {"channel": "website", "published_at": "2026-12-01T10:00:00+01:00"},
    ],
    "published_at": "2026-12-01T10:00:00+01:00",
    "amendments": [],
    "cancelled_at": None,
    "cancel_reason": None,
}


SELECTION_RULES = [
    "Członkowie komisji przyznają punkty w pełnych punktach.",
    "Przy równej liczbie punktów decyduje kolejno: 1) wyższa liczba punktów w kryterium „Jakość wykonania i "
    "kwalifikacje osób (art. 15 ust. 1 pkt 3)”, 2) niższa wnioskowana kwota dotacji, 3) losowanie.",
    "Jeżeli na kolejną ofertę z listy rankingowej nie wystarcza środków na pełną wnioskowaną kwotę, nie otrzymuje "
    "ona dotacji częściowej; dotację mogą otrzymać oferty niżej na liście, których kwota się mieści.",
]


def call_announcement() -> dict:
    return {
        "call": dict(CALL),
        "header": dict(HEADER),
        "draft": False,
        "selection_rules": SELECTION_RULES,
        "confirmation_rule": "Potwierdzenie złożenia oferty wygenerowane przez OKO, z tym samym kodem kontrolnym co "
        "oferta, podpisane przez osoby upoważnione do reprezentowania oferenta, należy dostarczyć do urzędu "
        "(osobiście lub pocztą; decyduje data wpływu) albo przesłać przez ePUAP, do 27 stycznia 2027 r.",
        "required_attachments": [
            {
                "name": "Odpis z rejestru lub ewidencji, w której oferent jest wpisany",
                "when": "gdy oferent nie jest wpisany do Krajowego Rejestru Sądowego",
            },
        ],
        "contact": {"name": "Anna Nowak", "email": "cdo@um.opole.example", "phone": "77 451 18 00"},
    }


ACTIONS = [
    {
        "name": "Rekrutacja uczestników",
        "description": "Ogłoszenia, spotkania informacyjne, zapisy.",
        "target_group": "cudzoziemcy 16+",
        "period": "marzec 2027",
    },
    {
        "name": "Kursy językowe A1–B1",
        "description": "Sześć grup po 12 osób, 120 godzin na grupę.",
        "target_group": "dorośli i młodzież",
        "period": "kwiecień–listopad 2027",
        "subcontractor": "Szkoła Języków „Ćma”",
    },
    {
        "name": "Egzaminy i certyfikaty",
        "description": "Egzamin końcowy i zaświadczenia.",
        "target_group": "uczestnicy kursów",
        "period": "grudzień 2027",
    },
]


def _cost_items(cost_lines: int) -> tuple[list[dict], Decimal]:
    """`cost_lines` lines over the three actions (every tenth an admin cost), and the own contribution
    that covers what the grant parts leave."""
    items, own = [], Decimal("0")
    for n in range(cost_lines):
        action = "admin" if n % 10 == 9 else n % 3
        quantity, unit_cost = Decimal(1 + n % 7), Decimal("123.45") + n * 10
        value = quantity * unit_cost
        grant = (value * Decimal("0.85")).quantize(Decimal("0.01"))
        own += value - grant
        items.append(
            {
                "action": action,
                "name": f"Koszt {n + 1}: wynagrodzenie lektora — zajęcia ąćęłńóśźż",
                "unit": "godz.",
                "quantity": str(quantity),
                "unit_cost": str(unit_cost),
                "grant_part": str(grant),
            }
        )
    return items, own


def offer_content(cost_lines: int = 12) -> dict:
    """An offer's content with `cost_lines` cost items spread over three actions plus admin costs."""
    actions = [dict(action) for action in ACTIONS]
    items, own = _cost_items(cost_lines)
    return {
        "title": "Polski bez barier — kursy dla cudzoziemców w Opolu",
        "task_start": "2027-03-01",
        "task_end": "2027-12-15",
        "place": "Opole, ul. Ozimska 4 (sale dostępne dla osób na wózkach).",
        "target_group": "72 cudzoziemców mieszkających w Opolu, w tym osoby z Ukrainy (ї, є, ґ).",
        "summary": "Zadanie odpowiada na potrzebę nauki języka polskiego.\n\nUzupełnia działania Centrum "
        "Integracji: kursy, konsultacje, materiały dwujęzyczne.",
        "actions": actions,
        "results": [
            {
                "name": "Liczba uczestników, którzy ukończyli kurs",
                "target_value": "60 osób",
                "monitoring": "listy obecności, protokół egzaminu",
            },
            {"name": "Liczba wydanych zaświadczeń", "target_value": "55", "monitoring": "rejestr"},
        ],
        "expected_effects": "Uczestnicy posługują się językiem polskim na poziomie co najmniej A2.",
        "experience": "Od 2015 r. prowadzimy kursy i poradnictwo dla cudzoziemców.",
        "resources": "Dwoje lektorów, sala z rzutnikiem, 20 000 zł z darowizn.",
        "cost_items": items,
        "own_financial": str(own.quantize(Decimal("0.01"))),
        "own_non_financial_personal": "0.00",
        "own_non_financial_in_kind": "0.00",
        "beneficiary_fees": None,
        "paid_activity": False,
        "partners_actions": "",
        "other_information": "",
        "contact": {"name": "Łucja Wąsowicz-Żak", "phone": "+48 600 100 200", "email": "lucja@zrodlo.example"},
        "statements": {"tax_arrears": False, "social_insurance_arrears": False, "register": "krs", "confirmed": True},
    }


def offer(cost_lines: int = 40) -> dict:
    return {
        "offer_id": 7,
        "content": offer_content(cost_lines),
        "organization": dict(ORGANIZATION),
        "partners": [],
        "call": dict(CALL),
        "header": dict(HEADER),
        "version": {
            "number": 2,
            "control_sum": "9f2c" + "0123456789abcdef" * 3 + "a1b2c3d4e5f60718",
            "control_code": "9F2C-0123-4567",
            "submitted_at": "2027-01-20T15:59:58+01:00",
        },
    }


def offer_confirmation() -> dict:
    return offer(cost_lines=12)


def offer_draft() -> dict:
    """A draft: the offer's data as it is now, no version yet."""
    return {**offer(cost_lines=12), "version": {"number": 0, "control_sum": "", "control_code": ""}}


def evaluation_card() -> dict:
    return {
        "header": dict(HEADER),
        "call": {"id": 12, "title": CALL["title"]},
        "offer": {
            "number": 7,
            "title": "Polski bez barier",
            "organization": ORGANIZATION["name"],
            "version": 2,
            "control_code": "9F2C-0123-4567",
        },
        "member": {"full_name": "Ewa Oceniająca", "role": "member"},
        "criteria": [
            {
                "name": c["name"],
                "max_points": c["max_points"],
                "points": c["max_points"] - 2,
                "justification": "Uzasadnienie oceny — spójny harmonogram, realne koszty.",
                "advisory": c.get("advisory", False),
            }
            for c in CALL["criteria"]
        ],
        "declaration": {"impartial": True, "declared_at": "2027-01-25T10:00:00+01:00"},
        "final": True,
        "scored_at": "2027-01-30T12:00:00+01:00",
    }


def committee_protocol() -> dict:
    return {
        "header": dict(HEADER),
        "call": {
            "id": 12,
            "title": CALL["title"],
            "min_total_points": 20,
            "max_total_points": 35.5,
            "aggregation": "mean",
            "budget_total": "120000.00",
        },
        "appointment": {"act_number": "0050.27.2027", "act_date": "2027-01-20"},
        "meeting": {"date": "2027-02-04", "end_date": "2027-02-05", "place": "Ratusz, sala 12"},
        "minute_taker": "Katarzyna Protokolantka",
        "members": [
            {"full_name": "Anna Urzędniczka", "role": "chair"},
            {"full_name": "Ewa Oceniająca", "role": "member", "nominated_by": "Fundacja „Wspólny Dom”"},
            {"full_name": "Тарас Шевчук", "role": "expert"},
        ],
        "declarations": [
            {
                "member": "Anna Urzędniczka",
                "offer": "nr 7",
                "impartial": True,
                "declared_at": "2027-02-04T09:00:00+01:00",
            },
            {
                "member": "Anna Urzędniczka",
                "offer": "nr 9",
                "impartial": True,
                "declared_at": "2027-02-04T09:01:00+01:00",
            },
            {
                "member": "Ewa Oceniająca",
                "offer": "nr 9",
                "impartial": False,
                "declared_at": "2027-02-04T09:05:00+01:00",
                "reason": "członkini zarządu oferenta",
            },
        ],
        "offers": [
            {"number": 7, "organization": ORGANIZATION["name"], "title": "Polski bez barier", "formal": "accepted"},
            {"number": 9, "organization": "Stowarzyszenie „Łącznik”", "title": "Język i praca", "formal": "accepted"},
            {
                "number": 11,
                "organization": "Klub Sportowy „Odra”",
                "title": "Piłka dla wszystkich",
                "formal": "rejected",
                "formal_reason": "Oferta złożona przez podmiot nieuprawniony (art. 3 ust. 2 ustawy).",
            },
        ],
        "ranking": [
            {
                "number": 7,
                "organization": ORGANIZATION["name"],
                "title": "Polski bez barier",
                "requested_grant": "48000.00",
                "score": 29.5,
                "n_scores": 2,
                "passes_threshold": True,
                "rank": 1,
                "proposed_amount": "48000.00",
                "expert_score": 31,
                "decision_funded": True,
                "decision_amount": "48000.00",
            },
            {
                "number": 9,
                "organization": "Stowarzyszenie „Łącznik”",
                "title": "Język i praca",
                "requested_grant": "60000.00",
                "score": 18,
                "n_scores": 1,
                "passes_threshold": False,
                "rank": 2,
                "proposed_amount": "0.00",
                "decision_funded": False,
                "decision_amount": "0.00",
                "decision_reason": "poniżej minimalnej liczby punktów",
            },
        ],
        "allocated": "48000.00",
        "decision": {"version": 1, "created_at": "2027-02-10T12:00:00+01:00", "total": "48000.00"},
    }


def results() -> dict:
    return {
        "header": dict(HEADER),
        "call": {"id": 12, "title": CALL["title"], "task_type": CALL["task_type"], "budget_total": "120000.00"},
        "decided_on": "2027-02-10",
        "decision_version": 1,
        "published_at": "2027-02-11T09:00:00+01:00",
        "channels": {
            "bip": "2027-02-11T08:30:00+01:00",
            "noticeboard": "2027-02-11T08:45:00+01:00",
            "website": "2027-02-11T09:00:00+01:00",
        },
        "items": [
            {
                "organization": ORGANIZATION["name"],
                "task_title": "Polski bez barier",
                "score": 29.5,
                "amount": "48000.00",
            }
        ],
        "not_awarded": [
            {
                "organization": "Stowarzyszenie „Łącznik”",
                "task_title": "Język i praca",
                "score": 18,
                "reason": "poniżej minimalnej liczby punktów",
            }
        ],
    }


def contract() -> dict:
    return {
        "header": dict(HEADER),
        "contract": {
            "number": "OKO/12/7/2027",
            "signed_on": "2027-02-20",
            "place": "Opole",
            "form": "wspieranie",
            "task_title": "Polski bez barier — kursy dla cudzoziemców w Opolu",
            "task_start": "2027-03-01",
            "task_end": "2027-12-15",
            "grant_amount": "48000.00",
            "tranches": [
                {"amount": "30000.00", "due_date": "2027-03-10"},
                {"amount": "18000.00", "due_date": "2027-07-01"},
            ],
            "own_financial": "6000.00",
            "own_non_financial": "0.00",
            "bank_account": ORGANIZATION["bank_account"],
            "cost_shift_tolerance_percent": "10.00",
        },
        "office": {
            "name": HEADER["name"],
            "bank_account": "12109010140000071219812875",
            "representatives": [{"full_name": "Jan Prezydencki", "function": "Zastępca Prezydenta Miasta"}],
        },
        "organization": dict(ORGANIZATION),
        "offer": {
            "number": 7,
            "submitted_at": "2027-01-20T15:59:58+01:00",
            "control_sum": offer()["version"]["control_sum"],
        },
    }


def report() -> dict:
    return {
        "header": dict(HEADER),
        "organization": dict(ORGANIZATION),
        "contract": {
            "number": "OKO/12/7/2027",
            "signed_on": "2027-02-20",
            "task_title": "Polski bez barier — kursy dla cudzoziemców w Opolu",
            "task_start": "2027-03-01",
            "task_end": "2027-12-15",
        },
        "report": {
            "kind": "final",
            "submitted_at": "2028-01-10T12:00:00+01:00",
            "results_description": "60 osób ukończyło kurs; 55 zaświadczeń.",
            "actions_description": "Wszystkie działania zrealizowano zgodnie z harmonogramem.",
            "expenses": [
                {
                    "lp": "I.1.1",
                    "name": "Wynagrodzenie lektora",
                    "planned_total": "36000.00",
                    "actual_total": "35500.00",
                    "planned_grant": "32000.00",
                    "actual_grant": "31800.00",
                },
                {
                    "lp": "II.1",
                    "name": "Koordynacja",
                    "planned_total": "6000.00",
                    "actual_total": "6000.00",
                    "planned_grant": "5000.00",
                    "actual_grant": "5000.00",
                },
            ],
            "sources_planned": {
                "grant": "37000.00",
                "own": "5000.00",
                "own_financial": "5000.00",
                "own_non_financial": "0.00",
            },
            "sources_actual": {
                "grant": "36800.00",
                "own": "4700.00",
                "own_financial": "4700.00",
                "own_non_financial": "0.00",
            },
            "other_income": "",
            "beneficiary_fees_info": "",
            "additional_info": "",
        },
    }


def programme_report() -> dict:
    """A published yearly report (art. 5a ust. 3) with two priorities and every narrative part."""
    return {
        "programme": {
            "id": 3,
            "title": "Program współpracy Miasta Opola z organizacjami pozarządowymi na 2027 r.",
            "year": 2027,
        },
        "figures": {
            "year": 2027,
            "planned": "1250000.00",
            "calls": {"announced": 12, "resolved": 11, "cancelled": 1},
            "offers": {"received": 87, "funded": 41},
            "grants_awarded": {"count": 41, "amount": "1103450.00"},
            "grants_paid": {"amount": "1051200.00"},
            "small_grants": {"received": 19, "count": 14, "amount": "118300.00", "refused": 4, "paid": "110300.00"},
            "total": {"awarded": "1221750.00", "paid": "1161500.00"},
            "contracts": {"signed": 55, "performed": 50, "terminated": 1},
            "returns": {"count": 6, "amount": "14210.37"},
            "organizations": {"count": 64, "funded": 47},
            "per_priority": [
                {
                    "code": "1",
                    "name": "Integracja cudzoziemców",
                    "planned": "750000.00",
                    "calls": 7,
                    "offers": 52,
                    "awarded": "702450.00",
                    "paid": "690000.00",
                },
                {
                    "code": "2",
                    "name": "Kultura i dziedzictwo — Ґрунт",
                    "planned": "500000.00",
                    "calls": 5,
                    "offers": 35,
                    "awarded": "401000.00",
                    "paid": "361200.00",
                },
            ],
        },
        "narrative": {
            "introduction": "Program przyjęto uchwałą nr XX/345/26.\n\nRealizowano go przez cały rok.",
            "non_financial": "Konsultacje aktów prawa miejscowego, wspólne zespoły, użyczenie sal.",
            "consultations": "Przeprowadzono 4 konsultacje.",
            "evaluation": "Wskaźniki programu osiągnięto w 92 %.",
            "conclusions": "",
        },
        "publication": {"number": 2, "published_at": "2028-05-30T10:15:00+02:00"},
        "draft": False,
        "due_date": "2028-05-31",
        "header": HEADER,
    }


SAMPLES = {
    "call_announcement": call_announcement,
    "offer": offer,
    "offer_confirmation": offer_confirmation,
    "offer_draft": offer_draft,
    "evaluation_card": evaluation_card,
    "committee_protocol": committee_protocol,
    "results": results,
    "contract": contract,
    "report": report,
    "programme_report": programme_report,
}
