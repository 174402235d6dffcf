"""The context builders: plain data in, the exact Polish text a PDF prints out — no Flask, no database."""

from decimal import Decimal

import pytest

from grants.documents import context, samples
from grants.documents.context import BUILDERS
from grants.documents.context.review_documents import BLANK
from grants.documents.kinds import KINDS
from grants.documents.models import DocumentKind
from grants.documents.operations import version_of

NBSP = "\u00a0"


def test_every_kind_has_a_builder_a_sample_and_a_registry_entry():
    names = {k.value for k in DocumentKind}
    assert set(BUILDERS) == names == set(samples.SAMPLES) == set(KINDS)


@pytest.mark.parametrize("kind", sorted(BUILDERS))
def test_contexts_are_plain_json_and_deterministic(kind):
    import json

    first = BUILDERS[kind](samples.SAMPLES[kind]())
    assert json.loads(json.dumps(first)) == first  # storable on the Document row as it is
    assert first == BUILDERS[kind](samples.SAMPLES[kind]())
    assert first["title"] and first["header"]["name"] and first["footer"]


def test_polish_money_dates_and_percentages():
    assert context.money("12345.67") == f"12{NBSP}345,67{NBSP}zł"
    assert context.money(Decimal("0.5")) == f"0,50{NBSP}zł"
    assert context.money("1234567.891") == f"1{NBSP}234{NBSP}567,89{NBSP}zł"  # half-up to grosze
    assert context.money(None) == "—"
    assert context.money("120000.00", currency=False) == f"120{NBSP}000,00"
    assert context.day("2027-03-22") == "22 marca 2027 r."
    # Datetimes are shown in Warsaw time: 23:30 UTC on 31 December is already New Year in Poland.
    assert context.moment("2026-12-31T23:30:00+00:00") == "1 stycznia 2027 r., godz. 00:30"
    assert context.percent("10") == f"10,00{NBSP}%"
    assert context.points(Decimal("12.50")) == "12,5" and context.points(10) == "10"


@pytest.mark.parametrize(
    "amount, words",
    [
        ("1234.56", "tysiąc dwieście trzydzieści cztery złote, pięćdziesiąt sześć groszy"),
        ("1.01", "jeden złoty, jeden grosz"),
        ("22.22", "dwadzieścia dwa złote, dwadzieścia dwa grosze"),
        ("120000.00", "sto dwadzieścia tysięcy złotych, zero groszy"),
        ("48000.005", "czterdzieści osiem tysięcy złotych, jeden grosz"),  # rounded half-up first
    ],
)
def test_amounts_in_words_for_the_contract(amount, words):
    assert context.amount_in_words(amount) == words


def test_paragraphs_keep_the_text_and_never_interpret_it():
    text = "Pierwszy akapit\r\nz nową linią.\r\n\r\n  <b>drugi</b> </td>  \n\n\n"
    assert context.paragraphs(text) == ["Pierwszy akapit\nz nową linią.", "<b>drugi</b> </td>"]
    assert context.or_na("  ") == ["nie dotyczy"]


def test_account_numbers_print_in_groups():
    assert context.format_account("61109010140000071219812874") == "61 1090 1014 0000 0712 1981 2874"
    assert context.format_account("PL61 1090") == "PL61 1090"  # not an NRB: shown as given


def test_header_splits_the_address_and_keeps_the_logo_path():
    header = context.header({"name": "Urząd", "address": "ul. Rynek 1\n45-015 Opole", "logo": "img/herb.png"})
    assert header["address_lines"] == ["ul. Rynek 1", "45-015 Opole"]
    assert header["logo"] == "img/herb.png" and header["logo_alt"] == "Urząd"


def test_call_announcement_has_the_seven_items_data():
    doc = context.call_announcement(samples.call_announcement())
    assert doc["budget_total"] == f"120{NBSP}000,00{NBSP}zł"
    assert doc["task_start"] == "1 marca 2027 r." and doc["task_end"] == "15 grudnia 2027 r."
    assert doc["submission_deadline"] == "22 stycznia 2027 r., godz. 16:00"
    assert doc["criteria"][3]["max_points"] == "5,5" and doc["criteria"][4]["advisory"] is True
    assert [p["channel"] for p in doc["publications"]][0] == "Biuletyn Informacji Publicznej"
    assert doc["cancelled"] is False and doc["draft"] is False


def test_call_announcement_ignores_what_only_time_changes():
    # The API's `status`/`is_open` flip at the deadline; the announcement (and so its version) must not.
    before = samples.call_announcement()
    after = samples.call_announcement()
    before["call"].update(status="published", is_open=True)
    after["call"].update(status="closed", is_open=False)
    assert context.call_announcement(before) == context.call_announcement(after)


def test_offer_cost_estimate_is_grouped_and_summed_as_annex_1_numbers_it():
    src = samples.offer(cost_lines=40)
    costs = context.offer(src)["costs"]
    items = src["content"]["cost_items"]
    lines = [line for group in costs["groups"] for line in group["lines"]] + costs["admin_lines"]
    assert len(lines) == 40
    assert [g["lp"] for g in costs["groups"]] == ["I.1", "I.2", "I.3"]
    assert costs["groups"][0]["lines"][0]["lp"] == "I.1.1" and costs["admin_lines"][0]["lp"] == "II.1"
    total = sum(Decimal(i["quantity"]) * Decimal(i["unit_cost"]) for i in items)
    grant = sum(Decimal(i["grant_part"]) for i in items)
    assert costs["total"] == context.money(total, currency=False)
    rows = {row["lp"]: row for row in costs["sources"]}
    assert rows["1"]["share"] == f"100,00{NBSP}%"
    assert rows["2"]["value"] == context.money(grant, currency=False)
    own = Decimal(src["content"]["own_financial"])
    assert rows["3"]["value"] == rows["3.1"]["value"] == context.money(own, currency=False)
    assert grant + own == total  # the sample balances, as a submitted offer must


def test_offer_uses_the_frozen_figures_when_the_version_has_them():
    src = samples.offer(cost_lines=3)
    src["figures"] = {"total_cost": "999.99", "requested_grant": "500.00"}
    costs = context.offer(src)["costs"]
    assert costs["total_cost"] == f"999,99{NBSP}zł" and costs["requested_grant"] == f"500,00{NBSP}zł"


def test_offer_statements_print_the_choice_or_the_forms_asterisks():
    chosen = context.offer_statements(
        {"tax_arrears": False, "social_insurance_arrears": True, "register": "other"}, joint=False
    )
    assert (
        "oferent składający niniejszą ofertę nie zalega(-ją) z opłacaniem należności z tytułu zobowiązań" in chosen[2]
    )
    assert "zalega(-ją) z opłacaniem należności z tytułu składek" in chosen[3]
    assert chosen[4].endswith("z inną właściwą ewidencją;")
    unset = context.offer_statements({}, joint=True)
    assert "oferenci składający niniejszą ofertę nie zalega(-ją)* / zalega(-ją)*" in unset[2]
    assert "Krajowym Rejestrem Sądowym* / inną właściwą ewidencją*" in unset[4]


def test_offer_footer_names_version_and_control_sum():
    doc = context.offer(samples.offer(cost_lines=2))
    assert doc["footer"].startswith("Oferta nr 7, wersja 2 · suma kontrolna: 9f2c")
    assert doc["version"]["submitted_at"] == "20 stycznia 2027 r., godz. 15:59"


def test_confirmation_lists_every_representative_for_signature():
    doc = context.offer_confirmation(samples.offer_confirmation())
    assert [r["full_name"] for r in doc["representatives"]] == [
        "Łucja Wąsowicz-Żak",
        "Олена Коваленко (Olena Kowalenko)",
    ]
    assert doc["organization"]["registry"] == "Krajowy Rejestr Sądowy, nr KRS 0000123456"


def test_evaluation_card_sums_points_without_advisory_criteria():
    doc = context.evaluation_card(samples.evaluation_card())
    assert doc["max_total"] == "35,5" and doc["total"] == "27,5"


def test_contract_gives_amounts_in_words_and_tranches():
    doc = context.contract(samples.contract())
    assert doc["grant"] == f"48{NBSP}000,00{NBSP}zł"
    assert doc["grant_words"] == "czterdzieści osiem tysięcy złotych, zero groszy"
    assert [t["due_date"] for t in doc["tranches"]] == ["10 marca 2027 r.", "1 lipca 2027 r."]
    assert doc["one_off"] is False and doc["form_word"] == "wsparcie"


def test_report_compares_planned_and_actual():
    doc = context.report(samples.report())
    assert doc["planned_total"] == f"42{NBSP}000,00" and doc["actual_total"] == f"41{NBSP}500,00"
    assert doc["kind_word"] == "końcowe"


def test_version_changes_with_the_content_and_the_layout_revision():
    data = context.call_announcement(samples.call_announcement())
    same = version_of("call_announcement", 1, data)
    assert same == version_of("call_announcement", 1, dict(data)) and len(same) == 64
    changed = dict(data, budget_total="1,00 zł")
    assert version_of("call_announcement", 1, changed) != same
    assert version_of("call_announcement", 2, data) != same


def test_evaluation_card_names_the_experts_advisory_vote_and_a_missing_declaration():
    src = samples.evaluation_card()
    src["member"] = {"full_name": "Helena Ekspertka", "role": "expert", "nominated_by": "Fundacja „Wspólny Dom”"}
    src["declaration"] = None
    src["offer"]["partners"] = ["Stowarzyszenie „Łącznik”"]
    doc = context.evaluation_card(src)
    assert doc["member"]["advisory_vote"] is True
    assert doc["member"]["affiliation"] == (
        "ekspert z głosem doradczym (art. 15 ust. 2e ustawy), wskazany(-a) przez: Fundacja „Wspólny Dom”"
    )
    assert doc["impartial"] is None and doc["declared_at"] is None
    assert doc["offer"]["organization"].endswith("(oferta wspólna z: Stowarzyszenie „Łącznik”)")


def test_committee_protocol_has_affiliations_declarations_formal_reasons_ranking_and_decision():
    doc = context.committee_protocol(samples.committee_protocol())
    assert doc["act_number"] == "0050.27.2027" and doc["act_date"] == "20 stycznia 2027 r."
    assert doc["meeting_date"] == "od 4 lutego 2027 r. do 5 lutego 2027 r."
    assert [m["affiliation"] for m in doc["members"]] == [
        "przedstawiciel(ka) organu administracji publicznej (urzędu)",
        "osoba wskazana przez organizację: Fundacja „Wspólny Dom” (art. 15 ust. 2d ustawy)",
        "ekspert z głosem doradczym (art. 15 ust. 2e ustawy)",
    ]
    assert len(doc["declarations"]) == 3 and [e["reason"] for e in doc["exclusions"]] == ["członkini zarządu oferenta"]
    assert doc["declarations"][0]["declared_at"] == "4 lutego 2027 r., godz. 09:00"
    rejected = doc["formal"][2]
    assert rejected["outcome"] == "odrzucona z przyczyn formalnych" and "nieuprawniony" in rejected["reasons"][0]
    assert [(r["rank"], r["score"], r["proposed_amount"]) for r in doc["ranking"]] == [
        ("1", "29,5", f"48{NBSP}000,00{NBSP}zł"),
        ("2", "18", "—"),
    ]
    assert doc["ranking"][0]["expert_score"] == "31" and doc["ranking_has_experts"]
    assert [r["decision_amount"] for r in doc["ranking"]] == [f"48{NBSP}000,00{NBSP}zł", "bez dotacji"]
    assert doc["decision"]["version"] == 1 and doc["minute_taker"] == "Katarzyna Protokolantka"
    assert doc["summary"] == [
        f"Komisja proponuje przyznanie dotacji, w kolejności rankingu: oferta nr 7 (Fundacja „Źródło” — Ґрунт і "
        f"Єдність) — 48{NBSP}000,00{NBSP}zł."
    ]


def test_committee_protocol_leaves_what_the_office_did_not_record_to_be_filled_in_by_hand():
    src = samples.committee_protocol()
    for key in ("appointment", "meeting", "minute_taker", "decision", "ranking"):
        src.pop(key)
    src["offers"][0].update(formal="correction_requested", defects=["brak podpisu"])
    doc = context.committee_protocol(src)
    assert doc["act_number"] == doc["act_date"] == doc["meeting_date"] == doc["meeting_place"] == BLANK
    assert doc["minute_taker"] == BLANK and doc["minute_taker_named"] is False
    assert doc["decision"] is None and doc["ranking"] == []
    assert doc["summary"] == ["Komisja nie proponuje przyznania dotacji żadnej z ocenionych ofert."]
    assert doc["formal"][0]["reasons"] == ["brak podpisu"]


def test_results_print_the_three_channels_and_mark_a_draft():
    doc = context.results(samples.results())
    assert [c["name"] for c in doc["channels"]] == [
        "Biuletyn Informacji Publicznej",
        "tablica ogłoszeń urzędu",
        "strona internetowa urzędu",
    ]
    assert doc["draft"] is False and doc["decision_version"] == 1
    draft = context.results({**samples.results(), "published_at": None, "channels": {}, "draft": True})
    assert draft["draft"] is True and draft["channels"] == [] and draft["footer"].endswith("— PROJEKT")


def test_offer_prints_the_annexs_title_with_the_choice_struck_and_no_office_letterhead():
    single = context.offer(samples.offer(cost_lines=2))
    assert [(c["text"], c["struck"]) for c in single["statutory_title"]["choices"]] == [
        ("OFERTA REALIZACJI ZADANIA PUBLICZNEGO", False),
        ("OFERTA WSPÓLNA REALIZACJI ZADANIA PUBLICZNEGO", True),
    ]
    assert [(c["text"], c["struck"]) for c in single["statutory_title"]["paragraphs"]] == [("1", False), ("2", True)]
    assert single["statutory_title"]["annex"].endswith("(Dz. U. poz. 2057)")
    assert single["pouczenie"]["heading"] == "Pouczenie co do sposobu wypełniania oferty:"
    assert single["letterhead"] is False and single["author"] == samples.ORGANIZATION["name"]
    src = samples.offer(cost_lines=2)
    src["partners"] = [dict(samples.ORGANIZATION, name="Stowarzyszenie Partner")]
    joint = context.offer(src)["statutory_title"]
    assert [c["struck"] for c in joint["choices"]] == [True, False]
    assert [c["struck"] for c in joint["paragraphs"]] == [True, False]


def test_offer_ii1_prints_the_correspondence_address_or_the_seats():
    src = samples.offer(cost_lines=2)
    assert context.offer(src)["offerors"][0]["correspondence_address"] == ""
    src["content"]["correspondence_address"] = "skr. poczt. 12, 45-001 Opole"
    assert context.offer(src)["offerors"][0]["correspondence_address"] == "skr. poczt. 12, 45-001 Opole"


def test_file_sizes_use_the_readers_decimal_sign():
    from grants.formatting import filesize

    assert filesize(36045) == f"35,2{NBSP}kB" == filesize(36045, "pl") == filesize(36045, "uk")
    assert filesize(36045, "en") == f"35.2{NBSP}kB"
    assert filesize(5 * 1024 * 1024, "en") == f"5.0{NBSP}MB" and filesize(5 * 1024 * 1024) == f"5,0{NBSP}MB"
