"""What the report pages need beside the operations: the form read into the API's shape (so the pages and
the API are judged by the same `report_content.parse_patch`), what was typed put back for a refused form,
and the rows of the form and of a frozen version."""

from grants.contracts import report_content, simplified_report
from grants.formatting import money_str
from grants.parsing import form_text

MAX_NEW_ATTACHMENT_ROWS = 3


def raw_from_form(form, contract) -> dict:
    """The report form (field names are the API's dotted paths) as the body of PATCH /reports/{id}."""
    raw: dict = {name: form_text(form.get(name)) for name in report_content.TEXT_FIELDS if name in form}
    count = len(report_content.planned_results(contract))
    if any(f"results.{i}.achieved" in form for i in range(count)):
        raw["results"] = [{"achieved": form_text(form.get(f"results.{i}.achieved"))} for i in range(count)]
    expenses = []
    index = 0
    while f"expenses.{index}.cost_item_id" in form:
        expenses.append(
            {
                "cost_item_id": (form.get(f"expenses.{index}.cost_item_id") or "").strip(),
                "actual_total": (form.get(f"expenses.{index}.actual_total") or "").strip(),
                "actual_grant": (form.get(f"expenses.{index}.actual_grant") or "").strip(),
            }
        )
        index += 1
    if expenses:
        raw["expenses"] = expenses
    sources = {
        name: (form.get(f"sources.{name}") or "").strip()
        for name in report_content.SOURCE_FIELDS
        if f"sources.{name}" in form
    }
    if sources:
        raw["sources"] = sources
    if "fees.amount" in form or "fees.description" in form:
        raw["fees"] = {
            "amount": (form.get("fees.amount") or "").strip(),
            "description": form_text(form.get("fees.description")),
        }
    if "attachments.0.name" in form:
        rows = []
        index = 0
        while f"attachments.{index}.name" in form:
            name = form_text(form.get(f"attachments.{index}.name"))
            description = form_text(form.get(f"attachments.{index}.description"))
            if name.strip() or description.strip():
                rows.append({"name": name, "description": description})
            index += 1
        raw["attachments"] = rows
    return raw


def typed_content(contract, content: dict, raw: dict) -> dict:
    """The draft with what was typed put over it, unjudged: a refused form comes back as it was typed."""
    out = report_content.normalised(contract, content)
    for name in report_content.TEXT_FIELDS:
        if name in raw:
            out[name] = raw[name]
    for index, row in enumerate(raw.get("results") or []):
        if index < len(out["results"]):
            out["results"][index]["achieved"] = row["achieved"]
    typed = {str(row["cost_item_id"]): row for row in raw.get("expenses") or []}
    for row in out["expenses"]:
        if str(row["cost_item_id"]) in typed:
            row["actual_total"] = typed[str(row["cost_item_id"])]["actual_total"]
            row["actual_grant"] = typed[str(row["cost_item_id"])]["actual_grant"]
    out["sources"].update(raw.get("sources") or {})
    out["fees"].update(raw.get("fees") or {})
    if "attachments" in raw:
        out["attachments"] = raw["attachments"]
    return out


def form_rows(contract, content: dict) -> dict:
    """The form's tables: one row per cost line (planned vs actual), the sums, and the attachment rows
    (what the draft has and a few empty ones, so that a form without JavaScript can add some)."""
    numbers = report_content.figures(contract, report_content.normalised(contract, {}))
    by_id = {row["cost_item_id"]: row for row in content["expenses"]}
    lines = [
        {
            "index": line.index,
            "item": line.item,
            "planned_total": line.planned_total,
            "planned_grant": line.planned_grant,
            "allowed_grant": line.allowed_grant,
            "actual_total": by_id[line.item.id]["actual_total"],
            "actual_grant": by_id[line.item.id]["actual_grant"],
        }
        for line in numbers.lines
    ]
    if simplified_report.is_simplified(contract):  # poz. 2055: "of which other sources" beside the grant
        lines = [simplified_report.with_other_sources(line) for line in lines]
    attachments = list(content["attachments"]) + [{"name": "", "description": ""}] * MAX_NEW_ATTACHMENT_ROWS
    return {"lines": lines, "planned": numbers, "attachments": attachments}


def version_rows(document: dict) -> list[dict]:
    """The cost lines of a frozen version: the contract's line as it stood then, with what was spent."""
    spent = {row["cost_item_id"]: row for row in document["content"]["expenses"]}
    rows = [
        {
            **line,
            "actual_total": spent.get(line["cost_item_id"], {}).get("actual_total", "0.00"),
            "actual_grant": spent.get(line["cost_item_id"], {}).get("actual_grant", "0.00"),
        }
        for line in document.get("lines") or []
    ]
    if document.get("form") == simplified_report.FORM:  # poz. 2055: "of which other sources" beside the grant
        rows = [simplified_report.with_other_sources(row) for row in rows]
    return rows


def changed_parts(report, version) -> list[str]:
    """What the version changed against the one before it (the office reads a resubmission): the labels of
    the parts of Annex 5 whose content differs; empty for a first version."""
    from grants.contracts.report_labels import field_label

    earlier = [v for v in report.versions if v.number < version.number]
    if not earlier:
        return []
    before = earlier[-1].document.get("content") or {}
    after = version.document.get("content") or {}
    return [field_label(key) for key in after if before.get(key) != after.get(key)]


def saved_figures(contract, content: dict) -> dict:
    return report_content.figures(contract, content).as_strings()


__all__ = ["raw_from_form", "typed_content", "form_rows", "version_rows", "changed_parts", "saved_figures", "money_str"]
