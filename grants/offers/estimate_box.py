"""The live estimate's box of the costs and sources steps as HTML, written by one Python call.

The `estimate_box` macro it replaces cost ~0.12 ms of those steps' render (its figures through Jinja's
lookups, three `anchor` macros with their ids and messages). The markup, whitespace included, is the macro's
(kept in tests/offer_pages/estimate_box_macro.jinja, which holds the two byte for byte); the server adds up
(`grants.offers.pages.live`), offer.js only puts the preview's texts in the `data-figure` places.
"""

from markupsafe import Markup, escape

from grants.i18n import ui_markup


def _anchor(name: str, messages: dict, label: str) -> str:
    """The `anchor` macro: a block the summary's links and the estimate's messages land on."""
    err = messages.get(name) if messages else None
    errors = ""
    if err:
        errors = f'<ul class="errors" id="f-{name}-error">' + "".join(f"<li>{escape(m)}</li>" for m in err) + "</ul>"
    return (
        f'  <div id="f-{name}" tabindex="-1" class="field-anchor{" has-error" if err else ""}" data-field="{name}">\n'
        f'<span class="visually-hidden">{label}</span>    {errors}\n  </div>\n'
    )


def estimate_box(live: dict, messages: dict, admin: bool = True) -> Markup:
    """The box for `live` (`pages.live`'s texts) with the sums' messages; `admin=False` on the sources step,
    which shows neither the administrative costs' cap nor their anchor."""
    f = {name: escape(value) for name, value in live["figures"].items()}
    cap = f.get("admin_cap") if admin else None
    parts = [
        '  <section class="estimate-box" aria-labelledby="estimate-heading" id="estimate">\n',
        f'    <h2 id="estimate-heading" class="box-heading">{ui_markup("Kalkulacja kosztów — na bieżąco")}</h2>\n',
        '    <p class="live-total" aria-live="polite" aria-atomic="true">\n',
        f'      {ui_markup("Suma wszystkich kosztów:")} <strong data-figure="total_cost">{f["total_cost"]}</strong>;\n',
        f"      {ui_markup('wnioskowana dotacja:')} "
        f'<strong data-figure="requested_grant">{f["requested_grant"]}</strong>;\n',
        f'      {ui_markup("wkład własny:")} <strong data-figure="own_contribution">{f["own_contribution"]}</strong>\n',
        f'      (<span data-figure="own_contribution_percent">{f["own_contribution_percent"]}</span>)\n',
        "    </p>\n",
        '    <dl class="facts compact">\n',
        f"      <dt>{ui_markup('Koszty realizacji działań')}</dt>"
        f'<dd data-figure="actions_total">{f["actions_total"]}</dd>\n',
        f"      <dt>{ui_markup('Koszty administracyjne')}</dt>"
        f'<dd><span data-figure="admin_total">{f["admin_total"]}</span>\n',
        f'        (<span data-figure="admin_percent">{f["admin_percent"]}</span>)</dd>\n',
        f'      <dt>{ui_markup("Udział dotacji")}</dt><dd data-figure="grant_percent">{f["grant_percent"]}</dd>\n',
        "    </dl>\n",
        f'<p class="hint" id="admin-cap" data-figure="admin_cap">{cap}</p>' if cap else "",
        f"    {_anchor('requested_grant', messages, ui_markup('Wnioskowana dotacja'))}\n",
        f"    {_anchor('own_contribution', messages, ui_markup('Wkład własny'))}\n",
        _anchor("admin_costs", messages, ui_markup("Koszty administracyjne")) if admin else "",
        '    <p class="meta">'
        f"{ui_markup('Kwoty liczy serwer OKO tak samo jak przy składaniu oferty (zaokrąglenie do grosza).')}</p>\n",
        "  </section>\n",
    ]
    return Markup("".join(parts))
