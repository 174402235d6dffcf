"""The audit log's rows as HTML in one Python call (templates/office/_macros.html, `audit_log`).

The office's log prints 50 entries a page, each with a dozen values and its before and after: as a template loop
the row's attribute lookups, label and link calls cost more than the entry's own words (issue 13). Written here
the HTML is the loop's own, byte for byte — the same indentation, labels and escaping — so the office's log, a
call's log and the call's page read the same."""

from markupsafe import Markup, escape

from grants.calls.labels import action_label, key_values
from grants.formatting import datetime_pl
from grants.i18n import current_language, ui_markup
from grants.urls import id_url


def audit_tbody(entries, priorities=None, entity_label=None) -> Markup:
    """The table's body of `entries` (audit entries, or rows of their columns with `actor_name`): when (Warsaw,
    in the reader's language), who, the object (`entity_label` names its kind on the office-wide log; a call's
    own log has no such column), the action, and the values before and after."""
    locale = current_language() or "pl"
    when, who, before, after = ui_markup("Kiedy"), ui_markup("Kto"), ui_markup("Przed"), ui_markup("Po")
    system = ui_markup("system")
    if entity_label:
        thing, history, call_log = (
            ui_markup("Obiekt"),
            ui_markup("historia konkursu"),
            id_url("office.call_audit", "call_id"),
        )
    parts = ["<tbody>\n"]
    for entry in entries:
        actor = entry.actor_name
        parts.append(
            f'          <tr data-entry-id="{escape(entry.id)}" data-action="{escape(entry.action)}">\n'
            f'            <td data-label="{when}">{escape(datetime_pl(entry.created_at, locale))}</td>\n'
            f'            <td data-label="{who}">{escape(actor) if actor is not None else system}</td>\n'
        )
        if entity_label:
            number = f" {escape(entry.entity_id)}" if entry.entity_id else ""
            link = ""
            if entry.entity_type == "call" and entry.entity_id:
                link = f'<br><a href="{escape(call_log(entry.entity_id))}">{history}</a>'
            parts.append(
                f'              <td data-label="{thing}">{escape(entity_label(entry.entity_type))}{number}{link}</td>\n'
            )
        summary = f'<br><span class="meta">{escape(entry.summary)}</span>' if entry.summary else ""
        parts.append(
            f'            <th scope="row">{escape(action_label(entry.action))}{summary}</th>\n'
            f'            <td data-label="{before}">{key_values(entry.before, priorities)}</td>\n'
            f'            <td data-label="{after}">{key_values(entry.after, priorities)}</td>\n'
            "          </tr>\n"
        )
    parts.append("        </tbody>")
    return Markup("".join(parts))
