"""Every validation rule of an organisation profile, with good and bad values (schema.py).

The same parser serves the API and the web form, so these rules hold for both."""

import pytest

from grants.errors import FieldErrors
from grants.organizations.labels import format_nrb
from grants.organizations.models import LegalForm
from grants.organizations.schema import check_registry, parse_organization_input
from tests.organizations.helpers import VALID_IBAN, VALID_NRB, org_payload


def parse(**overrides):
    return parse_organization_input(org_payload(**overrides), partial=False)


def errors_for(**overrides) -> dict:
    return parse(**overrides)[1].fields


def test_a_complete_profile_parses_to_model_values(app):
    data, errors = parse()
    assert not errors
    assert data["name"] == "Fundacja Laboratorium Zmiany"
    assert data["legal_form"] is LegalForm.fundacja
    assert (data["krs"], data["nip"], data["regon"]) == ("0000123456", "1234563218", "123456785")
    assert (data["street"], data["postal_code"], data["city"]) == ("ul. Krakowska 12/3", "45-068", "Opole")
    assert data["bank_account"] == VALID_NRB
    assert data["email"] == "biuro@labzmiany.example"
    assert data["representatives"][1] == {"full_name": "Piotr Nowak", "function": "członek zarządu"}
    assert data["representation_rule"] == "dwóch członków zarządu łącznie"


# ---------------------------------------------------------------- NIP


@pytest.mark.parametrize("value", ["1234563218", "123-456-32-18", "123 456 32 18", "PL1234563218"])
def test_nip_accepts_valid_numbers_written_in_common_ways(app, value):
    data, errors = parse(nip=value)
    assert not errors and data["nip"] == "1234563218"


@pytest.mark.parametrize(
    "value, hint",
    [
        ("1234563219", "suma kontrolna"),  # last digit changed
        ("1234653218", "suma kontrolna"),  # two digits swapped
        ("123456321", "10 cyfr"),
        ("12345632181", "10 cyfr"),
        ("12345a3218", "tylko z 10 cyfr"),
        (1234563218, "jako tekst"),
    ],
)
def test_nip_refuses_bad_numbers_with_a_hint(app, value, hint):
    messages = errors_for(nip=value)["nip"]
    assert len(messages) == 1 and hint in messages[0]


def test_nip_checksum_message_tells_how_to_fix_it(app):
    assert errors_for(nip="1234563219")["nip"] == [
        "NIP ma 10 cyfr; sprawdź, czy nie zamieniono cyfr — suma kontrolna się nie zgadza."
    ]


def test_nip_and_regon_are_optional(app):
    payload = org_payload()
    del payload["nip"], payload["regon"]
    data, errors = parse_organization_input(payload, partial=False)
    assert not errors and "nip" not in data and "regon" not in data
    data, errors = parse(nip="", regon=None)
    assert not errors and data["nip"] is None and data["regon"] is None


# ---------------------------------------------------------------- REGON


@pytest.mark.parametrize("value", ["123456785", "12345678512347", "123-456-785"])
def test_regon_accepts_9_and_14_digits(app, value):
    data, errors = parse(regon=value)
    assert not errors and data["regon"] == value.replace("-", "")


@pytest.mark.parametrize(
    "value, hint",
    [
        ("123456786", "suma kontrolna"),
        ("12345678512348", "suma kontrolna"),
        ("1234567", "9 albo 14 cyfr"),
        ("1234567890", "9 albo 14 cyfr"),
        ("12345678X", "tylko z cyfr"),
    ],
)
def test_regon_refuses_bad_numbers_with_a_hint(app, value, hint):
    messages = errors_for(regon=value)["regon"]
    assert len(messages) == 1 and hint in messages[0]


# ---------------------------------------------------------------- bank account


@pytest.mark.parametrize(
    "value",
    [
        "PL61 1090 1014 0000 0712 1981 2874",
        VALID_IBAN,
        "pl61109010140000071219812874",
        "61109010140000071219812874",
        "61 1090 1014 0000 0712 1981 2874",
        "61-1090-1014-0000-0712-1981-2874",
    ],
)
def test_bank_account_accepts_nrb_and_iban_pl_and_stores_26_bare_digits(app, value):
    data, errors = parse(bank_account=value)
    assert not errors and data["bank_account"] == VALID_NRB


@pytest.mark.parametrize(
    "value, hint",
    [
        ("61109010140000071219812875", "suma kontrolna"),
        ("PL61 1090 1014 0000 0712 1981 2875", "suma kontrolna"),
        ("6110901014000007121981287", "26 cyfr, a podano 25"),
        ("DE89370400440532013000", "polskim banku"),
        ("61 1090 1014 0000 0712 1981 287X", "usuń inne znaki"),
        ("", "26 cyfr NRB"),
    ],
)
def test_bank_account_refuses_bad_numbers_with_a_hint(app, value, hint):
    messages = errors_for(bank_account=value)["bank_account"]
    assert len(messages) == 1 and hint in messages[0]


def test_format_nrb_groups_like_a_bank_statement():
    assert format_nrb(VALID_NRB) == "61 1090 1014 0000 0712 1981 2874"
    assert format_nrb(None) == ""


# ---------------------------------------------------------------- KRS and other registers


@pytest.mark.parametrize("value", ["0000123456", "0000 123 456"])
def test_krs_accepts_exactly_ten_digits(app, value):
    data, errors = parse(krs=value)
    assert not errors and data["krs"] == "0000123456"


@pytest.mark.parametrize("value", ["123456", "00001234567", "000012345a", 123456])
def test_krs_refuses_anything_but_ten_digits(app, value):
    messages = errors_for(krs=value)["krs"]
    assert len(messages) == 1
    assert "10 cyfr" in messages[0] or "tekst" in messages[0]


def _registry_errors(**values) -> dict:
    errors = FieldErrors()
    check_registry(errors, **{"krs": None, "registry_name": None, "registry_number": None, **values})
    return errors.fields


def test_krs_or_another_register_is_required(app):
    assert _registry_errors(krs="0000123456") == {}
    assert (
        _registry_errors(
            registry_name="ewidencja stowarzyszeń zwykłych Prezydenta Miasta Opola", registry_number="12/2020"
        )
        == {}
    )
    assert "KRS" in _registry_errors()["krs"][0]
    assert set(_registry_errors(registry_name="ewidencja starosty")) == {"registry_number"}
    assert set(_registry_errors(registry_number="12/2020")) == {"registry_name"}


def test_creating_without_krs_or_register_names_the_krs_field(app, ngo_user):
    from grants.errors import ValidationFailed
    from grants.organizations.operations import create_organization

    with pytest.raises(ValidationFailed) as refused:
        create_organization(actor=ngo_user, raw=org_payload(krs=None))
    assert set(refused.value.fields) == {"krs"}
    organization = create_organization(
        actor=ngo_user,
        raw=org_payload(
            krs=None,
            legal_form="stowarzyszenie_zwykle",
            registry_name="ewidencja stowarzyszeń zwykłych",
            registry_number="SZ/12/2020",
        ),
    )
    assert organization.krs is None and organization.registry_number == "SZ/12/2020"


# ---------------------------------------------------------------- address, contact, legal form


@pytest.mark.parametrize("value", ["45-068", " 00-950 "])
def test_postal_code_accepts_nn_nnn(app, value):
    data, errors = parse(address={"street": "Rynek 1", "postal_code": value, "city": "Opole"})
    assert not errors and data["postal_code"] == value.strip()


@pytest.mark.parametrize("value", ["45068", "4-5068", "45-06", "ab-cde", "45 068", 45068])
def test_postal_code_refuses_other_shapes(app, value):
    fields = errors_for(address={"street": "Rynek 1", "postal_code": value, "city": "Opole"})
    assert list(fields) == ["address.postal_code"]
    assert "NN-NNN" in fields["address.postal_code"][0]


def test_address_fields_are_required_by_dotted_name(app):
    fields = errors_for(address={"street": " ", "postal_code": "45-068"})
    assert set(fields) == {"address.street", "address.city"}
    assert set(errors_for(address="Opole, Rynek 1")) == {"address"}


@pytest.mark.parametrize("value", ["biuro@fundacja.org.pl", "Biuro@Fundacja.ORG.pl"])
def test_email_accepts_addresses_and_stores_them_lowercase(app, value):
    data, errors = parse(email=value)
    assert not errors and data["email"] == "biuro@fundacja.org.pl"


@pytest.mark.parametrize("value", ["biuro", "biuro@", "@fundacja.pl", "biuro fundacja@x.pl", ""])
def test_email_refuses_non_addresses(app, value):
    assert "e-mail" in errors_for(email=value)["email"][0]


@pytest.mark.parametrize("form", [form.value for form in LegalForm])
def test_every_legal_form_of_art_3_is_accepted(app, form):
    data, errors = parse(legal_form=form)
    assert not errors and data["legal_form"].value == form


@pytest.mark.parametrize("value", ["partia_polityczna", "spółka z o.o.", "", None])
def test_unknown_legal_form_is_refused(app, value):
    assert list(errors_for(legal_form=value)) == ["legal_form"]


@pytest.mark.parametrize("value", ["77 123 45 67", "+48 77 123 45 67", "(77) 123-45-67", "600100200"])
def test_phone_accepts_polish_numbers(app, value):
    data, errors = parse(phone=value)
    assert not errors and data["phone"] == value


@pytest.mark.parametrize("value", ["123", "zadzwoń do biura", "+48 77 123 45 67 ext. 5"])
def test_phone_refuses_non_numbers(app, value):
    assert list(errors_for(phone=value)) == ["phone"]


def test_website_gets_a_scheme_and_rejects_non_addresses(app):
    assert parse(website="www.labzmiany.example")[0]["website"] == "https://www.labzmiany.example"
    assert parse(website="http://labzmiany.example/o-nas")[0]["website"] == "http://labzmiany.example/o-nas"
    assert list(errors_for(website="nie mamy strony")) == ["website"]
    assert list(errors_for(website="ftp://labzmiany.example")) == ["website"]
    assert list(errors_for(website="[fundacja.example")) == ["website"]  # urlsplit: "Invalid IPv6 URL"


def test_name_is_required_and_must_be_text(app):
    assert "wymagane" in errors_for(name="  ")["name"][0]
    assert errors_for(name=123)["name"] == ["Podaj tekst."]
    assert "300" in errors_for(name="x" * 301)["name"][0]


# ---------------------------------------------------------------- representatives


def test_at_least_one_representative_is_required(app):
    assert list(errors_for(representatives=[])) == ["representatives"]
    assert list(errors_for(representatives=None)) == ["representatives"]
    assert list(errors_for(representatives="Marta Zielińska")) == ["representatives"]


def test_each_representative_needs_a_name_and_a_function(app):
    fields = errors_for(
        representatives=[
            {"full_name": "Marta Zielińska", "function": "prezeska"},
            {"full_name": "", "function": "członek zarządu"},
            {"full_name": "Piotr Nowak"},
            "Jan Kowalski",
        ]
    )
    assert set(fields) == {"representatives.1.full_name", "representatives.2.function", "representatives.3"}
    assert "funkcję" in fields["representatives.2.function"][0]


def test_representation_rule_is_optional_text(app):
    payload = org_payload()
    del payload["representation_rule"]
    data, errors = parse_organization_input(payload, partial=False)
    assert not errors and "representation_rule" not in data
    assert parse(representation_rule="")[0]["representation_rule"] == ""
    assert list(errors_for(representation_rule="x" * 2001)) == ["representation_rule"]


# ---------------------------------------------------------------- creation vs change


def test_creation_names_every_missing_required_field(app):
    data, errors = parse_organization_input({}, partial=False)
    assert set(errors.fields) == {"name", "legal_form", "email", "bank_account", "address", "representatives"}


def test_a_change_judges_only_the_fields_sent(app):
    data, errors = parse_organization_input({"address": {"city": "Opole"}, "phone": ""}, partial=True)
    assert not errors and data == {"city": "Opole", "phone": None}
    data, errors = parse_organization_input({"name": "", "bank_account": None}, partial=True)
    assert set(errors.fields) == {"name", "bank_account"}
