"""The control sum: SHA-256 of one canonical serialisation — the same content always gives the same sum,
any change gives another; the short code is what people compare on paper."""

import copy
import hashlib
import json

import pytest

from grants.offers.control import canonical_json, control_code, control_sum, normalise_code

DOCUMENT = {
    "format": "oko-offer/1",
    "offer_id": 7,
    "version": 1,
    "call": {"id": 3, "title": "Kursy", "task_type": "Integracja", "form": "wspieranie", "office": "UM Opole"},
    "organizations": [{"id": 1, "name": "Fundacja GEKO", "representing": True, "nip": None}],
    "content": {
        "title": "Kursy języka polskiego",
        "cost_items": [{"action": 0, "unit_cost": "100.00"}],
        "paid_activity": False,
    },
    "computed": {"total_cost": "19520.00"},
    "attachments": [{"id": 4, "sha256": "ab" * 32, "size": 10}],
}


def test_same_content_same_sum_whatever_the_key_order():
    reordered = json.loads(json.dumps(DOCUMENT, sort_keys=False))
    reordered = dict(reversed(list(reordered.items())))
    reordered["content"] = dict(reversed(list(reordered["content"].items())))
    assert control_sum(reordered) == control_sum(copy.deepcopy(DOCUMENT))
    assert control_sum(DOCUMENT) == hashlib.sha256(canonical_json(DOCUMENT)).hexdigest()


def test_canonical_form_is_compact_sorted_utf8():
    text = canonical_json({"b": "ż", "a": [1, None, True]}).decode("utf-8")
    assert text == '{"a":[1,null,true],"b":"ż"}'


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["content"].__setitem__("title", "Kursy języka polskiego."),
        lambda d: d["content"]["cost_items"][0].__setitem__("unit_cost", "100.01"),
        lambda d: d["organizations"][0].__setitem__("nip", "1234563218"),
        lambda d: d["attachments"][0].__setitem__("sha256", "ac" * 32),
        lambda d: d.__setitem__("version", 2),
        lambda d: d.__setitem__("offer_id", 8),
        lambda d: d["content"].__setitem__("paid_activity", True),
    ],
)
def test_any_change_changes_the_sum(change):
    changed = copy.deepcopy(DOCUMENT)
    change(changed)
    assert control_sum(changed) != control_sum(DOCUMENT)


def test_control_code_is_12_upper_hex_in_groups_of_4():
    assert control_code("a1b2c3d4e5f6" + "0" * 52) == "A1B2-C3D4-E5F6"


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("a1b2-c3d4-e5f6", "A1B2-C3D4-E5F6"),
        ("A1B2C3D4E5F6", "A1B2-C3D4-E5F6"),
        (" a1b2 c3d4 e5f6 ", "A1B2-C3D4-E5F6"),
        ("A1B2-C3D4-E5F", None),
        ("G1B2-C3D4-E5F6", None),
        ("", None),
        (None, None),
        (12, None),
    ],
)
def test_typed_codes_are_normalised(typed, expected):
    assert normalise_code(typed) == expected
