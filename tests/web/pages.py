"""Reading the HTML the web UI returns, the way a browser and a screen reader would."""

import lxml.html

from grants.clock import now_utc, timedelta, to_warsaw


def parse(response):
    return lxml.html.fromstring(response.get_data(as_text=True))


def main_form(response, action_contains: str | None = None):
    doc = parse(response)
    forms = doc.xpath("//main//form")
    if action_contains is not None:
        forms = [f for f in forms if action_contains in (f.get("action") or "")]
    assert forms, "no matching form in <main>"
    return forms[0]


def form_data(response, action_contains: str | None = None) -> dict:
    """What a browser would submit from the page's form, unchanged (textareas with CRLF, as browsers send)."""
    form = main_form(response, action_contains)
    textareas = set(form.xpath(".//textarea/@name"))
    data = {}
    for name, value in form.form_values():
        data[name] = value.replace("\n", "\r\n") if name in textareas else value
    return data


def element(response, element_id: str):
    found = parse(response).xpath(f'//*[@id="{element_id}"]')
    assert found, f"no element #{element_id}"
    return found[0]


def value_of(response, element_id: str) -> str:
    el = element(response, element_id)
    if el.tag == "textarea":
        return el.text or ""
    if el.tag == "select":
        chosen = el.xpath(".//option[@selected]/@value")
        return chosen[0] if chosen else ""
    return el.get("value") or ""


def errors_at(response, field_id: str) -> list[str]:
    """The messages shown at the field (the list the control's aria-describedby points to)."""
    found = parse(response).xpath(f'//*[@id="{field_id}-error"]/li')
    return [li.text_content().strip() for li in found]


def block_text(response, element_id: str) -> str:
    """Text of the block around an element: its field, table cell or announcement item."""
    el = element(response, element_id)
    for ancestor in [el, *el.iterancestors()]:
        classes = (ancestor.get("class") or "").split()
        if ancestor.tag in ("td", "fieldset") or "field" in classes or "announcement-item" in classes:
            return " ".join(ancestor.text_content().split())
    raise AssertionError(f"#{element_id} is not inside a field block")


def summary_links(response) -> dict[str, str]:
    """The error summary as {link target: message}."""
    doc = parse(response)
    return {a.get("href"): a.text_content().strip() for a in doc.xpath('//*[@class="error-summary"]//a')}


def flashes(response, category: str) -> list[str]:
    return [p.text_content().strip() for p in parse(response).xpath(f'//p[contains(@class, "flash-{category}")]')]


def local_input(minutes_ago: int = 1) -> str:
    """A datetime-local value (Warsaw) a few minutes in the past."""
    return to_warsaw(now_utc() - timedelta(minutes=minutes_ago)).strftime("%Y-%m-%dT%H:%M")


def text(response) -> str:
    return " ".join(parse(response).text_content().split())
