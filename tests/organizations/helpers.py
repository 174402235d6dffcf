"""Plain helpers of the organisation profiles' tests: checksum-valid identifiers and a valid API body."""

VALID_NIP = "1234563218"
VALID_REGON = "123456785"
VALID_IBAN = "PL61109010140000071219812874"
VALID_NRB = "61109010140000071219812874"


def org_payload(**overrides) -> dict:
    """An organisation as the API receives it; `overrides` replace top-level keys."""
    payload = {
        "name": "Fundacja Laboratorium Zmiany",
        "legal_form": "fundacja",
        "krs": "0000123456",
        "nip": VALID_NIP,
        "regon": VALID_REGON,
        "address": {"street": "ul. Krakowska 12/3", "postal_code": "45-068", "city": "Opole"},
        "email": "biuro@labzmiany.example",
        "phone": "+48 77 123 45 67",
        "website": "https://labzmiany.example",
        "bank_account": "PL61 1090 1014 0000 0712 1981 2874",
        "representatives": [
            {"full_name": "Marta Zielińska", "function": "prezeska zarządu"},
            {"full_name": "Piotr Nowak", "function": "członek zarządu"},
        ],
        "representation_rule": "dwóch członków zarządu łącznie",
    }
    payload.update(overrides)
    return payload
