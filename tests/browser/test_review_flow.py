"""A committee member, in a real browser, declares impartiality towards the offerors of the demo's closed
Opole call (one declaration for the call) and scores an offer: the offer's content appears only after the
declaration, and the final sheet is read-only.
The office's part (formal acceptance, the committee, the assignment) is done through the API first."""

import pytest
from playwright.sync_api import expect

# A live server thread serves the pages (real commits, seen by its own sessions); chromium keeps the real time.
pytestmark = [pytest.mark.browser, pytest.mark.real_db, pytest.mark.real_clock]

PASSWORD = "oko-demo-2027"
CLOSED_CALL = "Dialog na rzecz integracji"


def _office_prepares_the_review(request, base: str) -> tuple[int, list[int]]:
    """As referat@opole.example: accept both offers, appoint komisja1 (chair) and komisja2, assign all."""
    token = request.post(
        f"{base}/api/v1/auth/token", data={"email": "referat@opole.example", "password": PASSWORD}
    ).json()["token"]
    headers = {"Authorization": f"Bearer {token}"}

    def call(method, url, body=None, expect_status=200):
        response = getattr(request, method)(f"{base}{url}", headers=headers, **({"data": body} if body else {}))
        assert response.status == expect_status, response.text()
        return response.json()

    calls = call("get", "/api/v1/calls?status=closed")
    call_id = next(c["id"] for c in calls if c["title"].startswith(CLOSED_CALL))
    offer_ids = [item["id"] for item in call("get", f"/api/v1/calls/{call_id}/offers")["items"]]
    assert len(offer_ids) == 2
    codes = [item["code"] for item in call("get", f"/api/v1/calls/{call_id}/formal-checklist")["items"]]
    for offer_id in offer_ids:
        call(
            "put",
            f"/api/v1/offers/{offer_id}/formal-review",
            {"outcome": "accepted", "checklist": dict.fromkeys(codes, True)},
        )
    users = {u["email"]: u["id"] for u in call("get", "/api/v1/users")}
    call(
        "put",
        f"/api/v1/calls/{call_id}/committee",
        {
            "members": [
                {"user_id": users["komisja1@opole.example"], "role": "chair"},
                {"user_id": users["komisja2@opole.example"], "role": "member"},
            ]
        },
    )
    call("post", f"/api/v1/calls/{call_id}/assignments", {"mode": "all"})
    return call_id, offer_ids


def test_an_evaluator_declares_impartiality_and_scores_an_offer(live_server, page):
    call_id, offer_ids = _office_prepares_the_review(page.request, live_server)

    page.goto(f"{live_server}/login")
    page.fill("#email", "komisja1@opole.example")
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Zaloguj").click()
    page.wait_for_load_state("domcontentloaded")

    page.goto(f"{live_server}/review/")
    page.get_by_role("link", name=CLOSED_CALL, exact=False).first.click()
    row = page.locator(f"#offer-{offer_ids[0]}")
    expect(row).to_contain_text("brak oświadczenia")
    row.get_by_role("link", name="Złóż oświadczenie").click()

    # One declaration for the whole call comes first: the offerors, no content of any offer.
    expect(page.locator("h1")).to_have_text("Oświadczenie o bezstronności wobec oferentów")
    expect(page.locator("#offerors tbody tr")).to_have_count(2)
    assert "III. Opis zadania" not in page.content()
    page.get_by_role("button", name="Składam oświadczenie").click()  # the statement is not ticked yet
    expect(page.locator("#f-impartial-error")).to_be_visible()
    page.check("#f-impartial")
    page.get_by_role("button", name="Składam oświadczenie").click()
    expect(page.locator(".flash-success")).to_contain_text("Złożono oświadczenie")
    page.locator(f"#offer-{offer_ids[0]}").get_by_role("link", name="Oceń ofertę").click()

    # Now the sheet and, beside it, the frozen offer.
    expect(page.locator("#offer-content")).to_contain_text("III. Opis zadania")
    inputs = page.locator('input[name^="scores."]')
    count = inputs.count()
    assert count >= 5
    for index in range(count):
        code = inputs.nth(index).get_attribute("name").split(".", 1)[1]
        page.fill(f"#f-scores-{code}", "5")
        page.fill(f"#f-justifications-{code}", f"Ocena kryterium {code}: spełnione w stopniu średnim.")
    # The total follows the typing (static/js/score.js): five points in each counting criterion.
    counting = page.locator("input[data-points]:not([data-advisory])")
    expect(page.locator("#live-total")).to_have_text(str(5 * counting.count()))
    counting.first.fill("x")
    expect(page.locator("#live-total")).to_have_text("—")
    counting.first.fill("5")
    page.get_by_role("button", name="Zapisz wersję roboczą").click()
    expect(page.locator(".flash-success")).to_contain_text("wersję roboczą")
    expect(page.locator(f"#f-scores-{code}")).to_have_value("5")

    page.get_by_role("button", name="Zatwierdź ocenę").click()
    expect(page.locator("#locked-note")).to_contain_text("przewodniczący komisji")
    assert page.locator('input[name^="scores."]').count() == 0

    page.goto(f"{live_server}/review/calls/{call_id}")
    expect(page.locator(f"#offer-{offer_ids[0]}")).to_contain_text("zatwierdzona")
    expect(page.locator(f"#offer-{offer_ids[1]}")).to_contain_text("bezstronność")
