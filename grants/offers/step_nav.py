"""The navigation of an offer's pages (the steps of the form, the attachments, the summary) as HTML, written by
one Python call.

The `step_nav` macro it replaces cost ~0.13 ms of every offer page's render (twelve links, each through
Jinja's attribute lookups, a filter and a dict literal). The markup, whitespace included, is the macro's
(kept in tests/offer_pages/step_nav_macro.jinja, which holds the two byte for byte).
"""

from markupsafe import Markup, escape

from grants.i18n import ui_markup

MARKS = {"done": "✓", "errors": "!", "not_started": "○"}


class StepNav(list):
    """The parts of an offer (dicts: key, label, url, current, and for a step of a draft state and state_words,
    as `grants.offers.pages.nav` builds them); `html()` prints them."""

    def html(self) -> Markup:
        items = "".join(_item(item) for item in self)
        label = ui_markup("Części oferty")
        return Markup(f'  <nav class="step-nav" aria-label="{label}">\n    <ol>\n{items}    </ol>\n  </nav>\n')


def _item(item: dict) -> str:
    state = item.get("state")
    marked = ""
    if state:
        marked = (
            f' <span class="part-state part-state-{escape(state.replace("_", "-"))}">'
            f'<span class="part-mark" aria-hidden="true">{escape(MARKS[state])}</span> '
            f'<span class="part-state-words">({escape(item["state_words"])})</span></span>'
        )
    current = 'aria-current="step"' if item["current"] else ""
    return (
        f'        <li><a href="{escape(item["url"])}" {current} data-step-link>{escape(item["label"])}{marked}'
        "</a></li>\n"
    )
