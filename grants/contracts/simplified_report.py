"""The simplified report of a small grant (art. 19a of the Act; Annex 2 of Dz.U. 2018 poz. 2055, "uproszczone
sprawozdanie z realizacji zadania publicznego"), beside the full report of Annex 5 of poz. 2057.

A small grant's contract (`call_id` NULL: no competition) is reported on the simplified form. Its content is
`Report.content` of grants.contracts.report_content unchanged — the settlement reads the same
`expenses: [{cost_item_id, actual_total, actual_grant}]` — but only these parts are the form's:

- I. the description of what was done and of the results achieved (`results_description`; the results of
  the offer's table II.2 with the level achieved, when the offer had any);
- II. the statement of expenses per cost line of the contract: the actual total, of which the grant, of which
  other sources (the difference: not typed, so the columns always add up);
- III. other information (`additional_information`) and the attachments;
- the statements, printed on the document (as on the full report).

The structure is shared/docs/forms-2018.md §5, marked [M, L] there: reconstructed from memory, not checked
against the published annex. The same refusals hold as for the full report (a cost line whose grant grew
beyond the contract's tolerance, Annex 3 § 5: report_content.submission_errors).
"""

from decimal import Decimal

from grants import parsing

# The document's `form` key: present only on a simplified report's frozen version (a full report's document
# stays as it was, so its control sums do not change).
FORM = "simplified_2055"
# Part I is one description (poz. 2055 Annex 2 I.); the full report's I.2 (actions) is not asked for.
REQUIRED_TEXT_FIELDS = ("results_description",)
FULL_REQUIRED_TEXT_FIELDS = ("results_description", "actions_description")


def is_simplified(contract) -> bool:
    """A small grant's contract (art. 19a): it has no call."""
    return contract.call_id is None


def required_text_fields(contract) -> tuple[str, ...]:
    return REQUIRED_TEXT_FIELDS if is_simplified(contract) else FULL_REQUIRED_TEXT_FIELDS


def planned_results(offer_content: dict) -> list[dict]:
    """The results table of the simplified offer (II.2: result, planned level, how it is verified) in the
    report's shape ({name, planned, monitoring})."""
    return [
        {
            "name": str(r.get("result") or ""),
            "planned": str(r.get("planned_level") or ""),
            "monitoring": str(r.get("verification") or ""),
        }
        for r in offer_content.get("results_table") or []
        if isinstance(r, dict)
    ]


def _amount(value) -> Decimal:
    """An amount as stored, or as typed on a form that came back (a Polish "1 000,50" too); 0 if it is none."""
    try:
        return parsing.parse_decimal(value if value not in (None, "") else "0")
    except Exception:  # noqa: BLE001  a form shown again may hold anything; its field carries the error
        return Decimal("0.00")


def with_other_sources(row: dict) -> dict:
    """A cost line's row with "of which other sources" beside the grant: planned (from the contract's line)
    and actual (from what was reported) — the total less the grant."""
    planned_other = _amount(row.get("planned_total")) - _amount(row.get("planned_grant"))
    actual_other = _amount(row.get("actual_total")) - _amount(row.get("actual_grant"))
    return {**row, "planned_other": planned_other, "actual_other": actual_other}
