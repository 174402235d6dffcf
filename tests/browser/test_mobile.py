"""Each role's journey through OKO at 390 px (a phone) and at 1 280 px: no page scrolls sideways
(`scrollWidth <= innerWidth`) and axe-core finds no violation of any impact (issue 11). Screenshots of every
page at both widths land in tests/browser/screenshots/ (git-ignored; CI keeps the directory as an artifact).

The demo data gives each page something to show: an open call with a draft offer (the NGO's steps, with a
cost estimate of 20 lines), a closed call with two offers waiting for the formal check, and a finished cycle
(committee, scores, ranking, published results)."""

import re

import pytest

from grants.demo import OFFER_BODY
from tests.browser.layout import Checker, log_in

# A live server thread serves the pages (real commits, seen by its own sessions); chromium keeps the real time.
pytestmark = [pytest.mark.browser, pytest.mark.real_db, pytest.mark.real_clock, pytest.mark.slow]

PASSWORD = "oko-demo-2027"
OFFICER = "referat@opole.example"
CHAIR = "komisja1@opole.example"
NGO = "labzmiany@ngo.example"  # the demo's draft offer in the open call is this foundation's
OPEN_CALL = "Integracja cudzoziemców w Opolu"
CLOSED_CALL = "Dialog na rzecz integracji"
STEPS = ("call", "offerors", "task", "plan", "results", "offeror", "costs", "sources", "other", "statements")


class Api:
    """The JSON API as one user, through the browser context's request client."""

    def __init__(self, request, base: str, email: str):
        self.request, self.base = request, base
        response = request.post(f"{base}/api/v1/auth/token", data={"email": email, "password": PASSWORD})
        assert response.status == 200, response.text()
        self.headers = {"Authorization": f"Bearer {response.json()['token']}"}

    def __call__(self, method: str, url: str, body=None, status: int = 200):
        kwargs = {"data": body} if body is not None else {}
        response = getattr(self.request, method)(f"{self.base}/api/v1{url}", headers=self.headers, **kwargs)
        assert response.status == status, f"{method.upper()} {url}: {response.status} {response.text()}"
        return response.json()


def _call_id(api: Api, status: str, title: str | None = None) -> int:
    calls = api("get", f"/calls?status={status}")
    return next(c["id"] for c in calls if title is None or c["title"].startswith(title))


def _offer_ids(api: Api, call_id: int) -> list[int]:
    return [item["id"] for item in api("get", f"/calls/{call_id}/offers")["items"]]


def _links(page, base: str, path: str, pattern: str) -> list[str]:
    """The links on a page whose paths match `pattern` (ids the demo gives, found as a person would)."""
    page.goto(base + path)
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map((a) => a.getAttribute('href'))")
    found = list(dict.fromkeys(href for href in hrefs if re.search(pattern, href)))
    assert found, f"no link matching {pattern} on {path}"
    return found


def _twenty_cost_lines() -> list[dict]:
    """The issue's case: an estimate of 20 lines (two actions and the administrative costs)."""
    lines = []
    for n in range(20):
        action = "admin" if n >= 18 else n % 2
        lines.append(
            {
                "action": action,
                "name": f"Pozycja kosztorysu nr {n + 1} — wynagrodzenie prowadzącej zajęcia",
                "unit": "godzina",
                "quantity": "12",
                "unit_cost": "85.50",
                "grant_part": "900.00" if action != "admin" else "100.00",
            }
        )
    return lines


def test_the_public_journey(live_server, page):
    api = Api(page.request, live_server, OFFICER)
    open_call, resolved = _call_id(api, "open", OPEN_CALL), _call_id(api, "resolved")
    checker = Checker(page, live_server, "public")
    checker.check("home", "/")
    checker.check("calls", "/calls")
    checker.check("call", f"/calls/{open_call}")
    checker.check("resolved-call", f"/calls/{resolved}")
    checker.check("results", f"/calls/{resolved}/results")
    checker.check("privacy", "/privacy")
    checker.check("accessibility", "/accessibility")
    checker.assert_clean()


def test_the_ngo_journey(live_server, page):
    api = Api(page.request, live_server, NGO)
    offer = next(o for o in api("get", "/offers") if o["status"] == "draft")
    body = {key: value for key, value in OFFER_BODY.items() if key != "statements"}
    api("patch", f"/offers/{offer['id']}", {**body, "cost_items": _twenty_cost_lines()})

    log_in(page, live_server, NGO, PASSWORD)
    checker = Checker(page, live_server, "ngo")
    checker.check("dashboard", "/ngo/")
    checker.check("my-offers", "/ngo/offers/")
    checker.check("offer", f"/ngo/offers/{offer['id']}")
    for step in STEPS:
        checker.check(f"step-{step}", f"/ngo/offers/{offer['id']}/steps/{step}")
    checker.check("attachments", f"/ngo/offers/{offer['id']}/attachments")
    checker.check("summary", f"/ngo/offers/{offer['id']}/summary")
    checker.assert_clean()


def test_the_small_grants_public_and_office_pages(live_server, page):
    """Issue 9 (art. 19a): the demo's small grants — the public list and each offer's page (the one open for
    comments with its form), the office's desk and small-grant page with the publish, answer and decision forms."""
    page.goto(f"{live_server}/small-grants")
    links = page.eval_on_selector_all('a[href^="/small-grants/"]', "els => els.map((a) => a.getAttribute('href'))")
    assert len(links) == 2  # published: one open for comments, one accepted (the third waits for publication)
    checker = Checker(page, live_server, "public")
    checker.check("small-grants", "/small-grants")
    for href in links:
        checker.check(f"small-grant-{href.rsplit('/', 1)[1]}", href)
    checker.assert_clean()
    log_in(page, live_server, OFFICER, PASSWORD)
    page.goto(f"{live_server}/office/small-grants")
    office_links = page.eval_on_selector_all(
        'a[href^="/office/small-grants/"]', "els => els.map((a) => a.getAttribute('href'))"
    )
    assert len(office_links) == 3
    office = Checker(page, live_server, "officer")
    office.check("small-grant-desk", "/office/small-grants")
    for href in office_links:
        office.check(f"office-small-grant-{href.rsplit('/', 1)[1]}", href)
    office.assert_clean()


def test_the_officer_journey(live_server, page):
    api = Api(page.request, live_server, OFFICER)
    closed, resolved = _call_id(api, "closed", CLOSED_CALL), _call_id(api, "resolved")
    waiting, funded = _offer_ids(api, closed)[0], _offer_ids(api, resolved)[0]

    log_in(page, live_server, OFFICER, PASSWORD)
    checker = Checker(page, live_server, "officer")
    checker.check("dashboard", "/office/")
    checker.check("call", f"/office/calls/{closed}")
    checker.check("offers", f"/office/calls/{closed}/offers")
    checker.check("offer", f"/office/calls/{closed}/offers/{waiting}")
    checker.check("formal-desk", f"/office/calls/{closed}/review")
    checker.check("formal-check", f"/office/calls/{closed}/review/offers/{waiting}")
    checker.check("resolved-call", f"/office/calls/{resolved}")
    checker.check("review-desk", f"/office/calls/{resolved}/review")
    checker.check("committee", f"/office/calls/{resolved}/committee")
    checker.check("ranking", f"/review/calls/{resolved}/ranking")
    checker.check("ranking-filtered", f"/review/calls/{resolved}/ranking?passing=yes&q=Fundacja&limit=1")
    checker.check("decision", f"/office/calls/{resolved}/decision")
    checker.check("formal-desk-filtered", f"/office/calls/{closed}/review?status=pending&limit=1")
    checker.check("sheets", f"/review/calls/{resolved}/offers/{funded}/sheets")
    checker.check("results", f"/calls/{resolved}/results")
    checker.check("formal-list", f"/calls/{resolved}/formal-list")
    checker.check("justifications", f"/office/calls/{resolved}/justifications")
    checker.check("audit", f"/office/calls/{resolved}/audit")
    checker.check("office-audit", "/office/audit")
    checker.check("new-call", "/office/calls/new")
    checker.check("staff", "/office/users")
    checker.check("outbox", "/office/outbox")
    checker.check("mail", _links(page, live_server, "/office/outbox", r"/office/outbox/\d+$")[0])
    checker.assert_clean()


def test_ukrainian_and_english_on_phones(live_server, page):
    """Translations run longer than Polish (a Ukrainian header widened the criteria table past 390 px): the
    pages with the widest tables once more in uk and en, at the phone's width."""
    api = Api(page.request, live_server, OFFICER)
    open_call, closed, resolved = _call_id(api, "open", OPEN_CALL), _call_id(api, "closed"), _call_id(api, "resolved")
    waiting = _offer_ids(api, closed)[0]
    log_in(page, live_server, OFFICER, PASSWORD)
    checker = Checker(page, live_server, "officer")
    for lang in ("uk", "en"):
        for name, path in (
            ("call", f"/calls/{open_call}"),
            ("results", f"/calls/{resolved}/results"),
            ("dashboard", "/office/"),
            ("offer", f"/office/calls/{closed}/offers/{waiting}"),
            ("formal-desk", f"/office/calls/{closed}/review"),
            ("committee", f"/office/calls/{resolved}/committee"),
            ("ranking", f"/review/calls/{resolved}/ranking"),
            ("contracts", "/office/contracts"),
        ):
            checker.check(f"{name}-{lang}", f"{path}?lang={lang}", widths=("phone",))
    checker.assert_clean()


def test_the_contracts_journey(live_server, page):
    """After the award: the office's contracts, their deadlines, a contract with its tranches, cost lines and
    reports, a final report; then the same from the NGO's side (GEKO-PRO's contract of the finished cycle)."""
    log_in(page, live_server, OFFICER, PASSWORD)
    contract = _links(page, live_server, "/office/contracts", r"/office/contracts/\d+$")[0]
    number = contract.rsplit("/", 1)[1]
    report = _links(page, live_server, f"/contracts/{number}/reports", r"/reports/\d+$")[0]
    checker = Checker(page, live_server, "officer")
    checker.check("contracts", "/office/contracts")
    checker.check("contracts-due", "/office/contracts/due")
    checker.check("contract", contract)
    checker.check("reports", f"/contracts/{number}/reports")
    checker.check("report", report)
    checker.check("settlement", f"/contracts/{number}/settlement")
    checker.check("inspections", f"/contracts/{number}/inspections")
    checker.check("interest-rates", "/office/interest-rates")
    checker.assert_clean()

    log_in(page, live_server, "geko-pro@ngo.example", PASSWORD)
    contract = _links(page, live_server, "/ngo/contracts", r"/ngo/contracts/\d+$")[0]
    ngo = Checker(page, live_server, "ngo")
    ngo.check("contracts", "/ngo/contracts")
    ngo.check("contracts-due", "/ngo/contracts/due")
    ngo.check("contract", contract)
    ngo.check("report", _links(page, live_server, contract, r"/reports/\d+$")[0])
    ngo.assert_clean()


def test_the_committee_member_journey(live_server, page):
    """The closed call's review is prepared through the API (both offers accepted, komisja1 chairs, every
    offer assigned); the member then sees the declaration, declares, and gets the scoring page."""
    office = Api(page.request, live_server, OFFICER)
    closed = _call_id(office, "closed", CLOSED_CALL)
    offer_ids = _offer_ids(office, closed)
    codes = [item["code"] for item in office("get", f"/calls/{closed}/formal-checklist")["items"]]
    for offer_id in offer_ids:
        office(
            "put",
            f"/offers/{offer_id}/formal-review",
            {"outcome": "accepted", "checklist": dict.fromkeys(codes, True)},
        )
    users = {u["email"]: u["id"] for u in office("get", "/users")}
    members = [
        {"user_id": users[CHAIR], "role": "chair"},
        {"user_id": users["komisja2@opole.example"], "role": "member"},
    ]
    office("put", f"/calls/{closed}/committee", {"members": members})
    office("post", f"/calls/{closed}/assignments", {"mode": "all"})
    resolved = _call_id(office, "resolved")

    log_in(page, live_server, CHAIR, PASSWORD)
    checker = Checker(page, live_server, "member")
    checker.check("my-calls", "/review/")
    checker.check("my-call", f"/review/calls/{closed}")
    checker.check("call-declaration", f"/review/calls/{closed}/declaration")
    checker.check("declaration", f"/review/calls/{closed}/offers/{offer_ids[0]}")
    member = Api(page.request, live_server, CHAIR)
    member("post", f"/calls/{closed}/declarations", {"offer_id": offer_ids[0], "impartial": True}, status=201)
    checker.check("score", f"/review/calls/{closed}/offers/{offer_ids[0]}")
    checker.check("finished-call", f"/review/calls/{resolved}")
    checker.check("ranking", f"/review/calls/{resolved}/ranking")
    checker.assert_clean()


def test_the_programme_report_pages(live_server, page):
    """Issue 9 (art. 5a ust. 3): the officer's yearly report of the demo's programme — the figures, the bars per
    priority with their table, the narrative form — and the confirmation before publishing it."""
    api = Api(page.request, live_server, OFFICER)
    programme = api("get", "/programmes")[0]["id"]
    api("put", f"/programmes/{programme}/report", {"narrative": {"introduction": "Wprowadzenie " * 80}})
    log_in(page, live_server, OFFICER, PASSWORD)
    checker = Checker(page, live_server, "officer")
    checker.check("programme-report", f"/office/programmes/{programme}/report")
    checker.check("programme-report-publish", f"/office/programmes/{programme}/report/publish")
    # A past year's programme can be published (the year is over): its public page, as anyone sees it.
    past = api(
        "post",
        "/programmes",
        {
            "year": 2025,
            "title": "Program współpracy na 2025 r.",
            "priorities": [
                {"code": "1", "name": "Integracja cudzoziemców i przeciwdziałanie wykluczeniu", "budget": "250000.00"},
                {"code": "2", "name": "Kultura", "budget": "100000.00"},
            ],
        },
        status=201,
    )["id"]
    api("put", f"/programmes/{past}/report", {"narrative": {"conclusions": "Wnioski " * 60}})
    api("post", f"/programmes/{past}/report/publish", status=201)
    checker.assert_clean()
    page.context.clear_cookies()
    public = Checker(page, live_server, "public")
    public.check("programme-report-public", f"/programmes/{past}/report")
    public.assert_clean()


def test_the_programme_year_pages(live_server, page):
    """Issue 9 (art. 5, 5a): the demo's programmes — the demo year's consulted and adopted, next year's open for
    consultation — on the officer's pages (the timeline, the consultation, adoption and amendment forms), the
    NGO's consultation page with its comment form, and the public pages."""
    api = Api(page.request, live_server, OFFICER)
    programmes = {p["id"]: api("get", f"/programmes/{p['id']}") for p in api("get", "/programmes")}
    by_status = {p["status"]: programme_id for programme_id, p in programmes.items()}
    adopted, consulting = by_status["adopted"], by_status["consultation"]
    log_in(page, live_server, OFFICER, PASSWORD)
    office = Checker(page, live_server, "officer")
    office.check("programme-adopted", f"/office/programmes/{adopted}")
    office.check("programme-amend", f"/office/programmes/{adopted}/amendments")
    office.check("programme-consulting", f"/office/programmes/{consulting}")
    office.check("programme-adopt", f"/office/programmes/{consulting}/adopt")
    office.assert_clean()
    page.context.clear_cookies()
    log_in(page, live_server, NGO, PASSWORD)
    ngo = Checker(page, live_server, "ngo")
    ngo.check("programme-consultation", f"/ngo/programmes/{consulting}/consultation")
    ngo.assert_clean()
    page.context.clear_cookies()
    public = Checker(page, live_server, "public")
    public.check("programmes", "/programmes/")
    public.check("programme-adopted-public", f"/programmes/{adopted}")
    public.check("programme-consulting-public", f"/programmes/{consulting}")
    public.assert_clean()
