"""The consultation of the draft programme with NGOs (art. 5 ust. 5 of the Act; art. 5a ust. 1: the programme is
adopted "after consultation"), through the API: the office announces it (dates, channels), organisations'
members comment during its days (Warsaw dates, both inclusive), the office answers each comment (a new row
each time) and publishes the consultation's report. Every refusal: other office 404, wrong role 403, wrong
state 409, bad input 422 on the named field."""

from datetime import timedelta

from grants.audit.models import AuditEntry
from grants.clock import warsaw_midnight
from grants.extensions import db
from grants.programmes.models import ConsultationAnswer
from tests.programmes.year_helpers import day, make_programme, today


def _url(programme, tail=""):
    return f"/api/v1/programmes/{programme['id']}/consultation{tail}"


def _consultation(api, programme, **overrides):
    body = {"starts_on": day(0), "ends_on": day(14), "channels": ["bip", "website"]}
    body.update(overrides)
    return api.post(_url(programme), json=body)


def test_the_office_announces_the_consultation(officer_api_client, draft_programme):
    response = _consultation(officer_api_client, draft_programme, channels=["rdpp", "bip", "bip", "meeting"])
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["status"] == "consultation"
    assert body["consultation"]["starts_on"] == day(0) and body["consultation"]["ends_on"] == day(14)
    # Duplicates dropped, kept in the documented order of the channels.
    assert body["consultation"]["channels"] == ["bip", "meeting", "rdpp"]
    assert body["consultation"]["open"] is True
    entry = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "programme.consultation")).one()
    assert entry.entity_id == draft_programme["id"] and entry.after["channels"] == ["bip", "meeting", "rdpp"]


def test_consultation_fields_are_judged_by_name(officer_api_client, draft_programme):
    backwards = _consultation(officer_api_client, draft_programme, starts_on=day(5), ends_on=day(4))
    assert backwards.status_code == 422 and list(backwards.get_json()["fields"]) == ["ends_on"]
    empty = _consultation(officer_api_client, draft_programme, channels=[])
    assert empty.status_code == 422 and list(empty.get_json()["fields"]) == ["channels"]
    unknown = _consultation(officer_api_client, draft_programme, channels=["bip", "facebook"])
    assert unknown.status_code == 422 and list(unknown.get_json()["fields"]) == ["channels.1"]
    not_a_list = _consultation(officer_api_client, draft_programme, channels="bip")
    assert not_a_list.status_code == 422 and "channels" in not_a_list.get_json()["fields"]
    bad_date = _consultation(officer_api_client, draft_programme, starts_on="5 grudnia")
    assert bad_date.status_code == 422 and list(bad_date.get_json()["fields"]) == ["starts_on"]
    missing = officer_api_client.post(_url(draft_programme), json={})
    assert set(missing.get_json()["fields"]) == {"starts_on", "ends_on", "channels"}


def test_one_consultation_and_none_after_adoption(officer_api_client, draft_programme):
    assert _consultation(officer_api_client, draft_programme).status_code == 201
    again = _consultation(officer_api_client, draft_programme)
    assert again.status_code == 409 and again.get_json()["error"] == "consultation_exists"
    other = make_programme(officer_api_client, title="Program wieloletni")
    adopted = officer_api_client.post(
        f"/api/v1/programmes/{other['id']}/adopt", json={"resolution_number": "XX/1/26", "adopted_on": day(-10)}
    )
    assert adopted.status_code == 200
    late = _consultation(officer_api_client, other)
    assert late.status_code == 409 and late.get_json()["error"] == "programme_adopted"


def test_who_may_announce(api, draft_programme, other_officer, ngo_user, org):
    assert _consultation(api(other_officer), draft_programme).status_code == 404
    assert _consultation(api(ngo_user), draft_programme).status_code == 403
    assert _consultation(api(), draft_programme).status_code == 401


def test_an_organisation_comments(ngo_api_client, consulting, org):
    response = ngo_api_client.post(_url(consulting, "/comments"), json={"text": "Proponujemy priorytet: sport."})
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    # One organisation: the comment is its own without naming it.
    assert body["organization"] == {"id": org.id, "name": org.name} and body["answer"] is None
    named = ngo_api_client.post(_url(consulting, "/comments"), json={"text": "Druga uwaga.", "organization_id": org.id})
    assert named.status_code == 201


def test_comment_refusals(api, ngo_api_client, consulting, draft_programme, officer, evaluator, other_org, make_org):
    url = _url(consulting, "/comments")
    blank = ngo_api_client.post(url, json={"text": "  "})
    assert blank.status_code == 422 and list(blank.get_json()["fields"]) == ["text"]
    foreign = ngo_api_client.post(url, json={"text": "Uwaga.", "organization_id": other_org.id})
    assert foreign.status_code == 422 and list(foreign.get_json()["fields"]) == ["organization_id"]
    garbage = ngo_api_client.post(url, json={"text": "Uwaga.", "organization_id": [1]})
    assert garbage.status_code == 422 and list(garbage.get_json()["fields"]) == ["organization_id"]
    assert api(officer).post(url, json={"text": "Urząd."}).status_code == 403
    assert api(evaluator).post(url, json={"text": "Komisja."}).status_code == 403
    assert api().post(url, json={"text": "Ktoś."}).status_code == 401


def test_a_member_of_two_organisations_names_one(api, consulting, ngo_user, org, make_org):
    make_org("Klub Sportowy Odra", members=[ngo_user])
    response = api(ngo_user).post(_url(consulting, "/comments"), json={"text": "Uwaga."})
    assert response.status_code == 422 and list(response.get_json()["fields"]) == ["organization_id"]


def test_an_account_without_organisation_may_not_comment(api, consulting, other_ngo_user):
    response = api(other_ngo_user).post(_url(consulting, "/comments"), json={"text": "Uwaga."})
    assert response.status_code == 403


def test_comments_need_a_consultation(ngo_api_client, draft_programme):
    response = ngo_api_client.post(_url(draft_programme, "/comments"), json={"text": "Uwaga."})
    assert response.status_code == 409 and response.get_json()["error"] == "no_consultation"


def test_art_5_ust_5_comments_from_the_first_day_warsaw_time(
    officer_api_client, ngo_api_client, draft_programme, frozen_clock
):
    """The first day counts from Warsaw's midnight: at 23:30 UTC (already the next day in Warsaw) comments on a
    consultation starting "today" are taken; a minute before Warsaw's midnight they are not."""
    assert _consultation(officer_api_client, draft_programme, starts_on=day(0), ends_on=day(3)).status_code == 201
    url = _url(draft_programme, "/comments")
    assert ngo_api_client.post(url, json={"text": "Pierwszego dnia."}).status_code == 201
    frozen_clock.move_to(warsaw_midnight(today()) - timedelta(minutes=1))
    early = ngo_api_client.post(url, json={"text": "Dzień wcześniej."})
    assert early.status_code == 409 and early.get_json()["error"] == "consultation_closed"


def test_art_5_ust_5_comments_to_the_end_of_the_last_day_warsaw_time(
    officer_api_client, ngo_api_client, draft_programme, frozen_clock
):
    """The last day is taken whole (Warsaw): at 23:30 UTC on it Warsaw is on the next day, and it is refused."""
    assert _consultation(officer_api_client, draft_programme, starts_on=day(-3), ends_on=day(0)).status_code == 201
    url = _url(draft_programme, "/comments")
    assert ngo_api_client.post(url, json={"text": "Ostatniego dnia."}).status_code == 201
    frozen_clock.move_to(warsaw_midnight(today() + timedelta(days=1)) - timedelta(minutes=1))
    assert ngo_api_client.post(url, json={"text": "Tuż przed północą."}).status_code == 201
    frozen_clock.move_to(warsaw_midnight(today() + timedelta(days=1)) + timedelta(minutes=30))  # 23:30 UTC
    late = ngo_api_client.post(url, json={"text": "Po terminie."})
    assert late.status_code == 409 and late.get_json()["error"] == "consultation_closed"


def _comment(ngo, programme, text="Uwaga do priorytetu P1."):
    response = ngo.post(_url(programme, "/comments"), json={"text": text})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_the_office_answers_with_new_rows(officer_api_client, ngo_api_client, consulting):
    comment = _comment(ngo_api_client, consulting)
    url = _url(consulting, f"/comments/{comment['id']}")
    first = officer_api_client.put(url, json={"answer": "Rozważymy.", "outcome": "partly"})
    assert first.status_code == 200, first.get_json()
    assert first.get_json()["answer"]["outcome"] == "partly"
    second = officer_api_client.put(url, json={"answer": "Uwzględniono w całości."})
    body = second.get_json()
    # Never edited: the first answer stays, the newest is the one in force.
    assert [a["text"] for a in body["answers"]] == ["Rozważymy.", "Uwzględniono w całości."]
    assert body["answer"]["text"] == "Uwzględniono w całości." and body["answer"]["outcome"] is None
    assert db.session.scalar(db.select(db.func.count(ConsultationAnswer.id))) == 2
    actions = db.session.scalars(db.select(AuditEntry.action).where(AuditEntry.action == "programme.answer")).all()
    assert len(actions) == 2


def test_answer_refusals(api, officer_api_client, ngo_api_client, consulting, other_officer, ngo_user):
    comment = _comment(ngo_api_client, consulting)
    url = _url(consulting, f"/comments/{comment['id']}")
    blank = officer_api_client.put(url, json={"answer": ""})
    assert blank.status_code == 422 and list(blank.get_json()["fields"]) == ["answer"]
    odd = officer_api_client.put(url, json={"answer": "Tak.", "outcome": "maybe"})
    assert odd.status_code == 422 and list(odd.get_json()["fields"]) == ["outcome"]
    assert officer_api_client.put(_url(consulting, "/comments/999999"), json={"answer": "Tak."}).status_code == 404
    other = make_programme(officer_api_client, title="Inny program")
    assert officer_api_client.put(_url(other, f"/comments/{comment['id']}"), json={"answer": "x"}).status_code == 404
    assert api(other_officer).put(url, json={"answer": "Tak."}).status_code == 404
    assert api(ngo_user).put(url, json={"answer": "Tak."}).status_code == 403


def test_the_report_after_the_last_day_with_every_comment_answered(
    api, officer_api_client, ngo_api_client, consulting, frozen_clock, other_ngo_user
):
    comment = _comment(ngo_api_client, consulting)
    report_url = _url(consulting, "/report")
    early = officer_api_client.post(report_url, json={"text": "Sprawozdanie."})
    assert early.status_code == 409 and early.get_json()["error"] == "consultation_not_ended"
    # The day after the last one (Warsaw).
    frozen_clock.move_to(warsaw_midnight(today() + timedelta(days=8)) + timedelta(minutes=1))
    unanswered = officer_api_client.post(report_url, json={"text": "Sprawozdanie."})
    assert unanswered.status_code == 409 and unanswered.get_json()["error"] == "unanswered_comments"
    officer_api_client.put(
        _url(consulting, f"/comments/{comment['id']}"), json={"answer": "Nie.", "outcome": "rejected"}
    )
    blank = officer_api_client.post(report_url, json={"text": ""})
    assert blank.status_code == 422 and list(blank.get_json()["fields"]) == ["text"]
    done = officer_api_client.post(report_url, json={"text": "Wpłynęła 1 uwaga; nieuwzględniona."})
    assert done.status_code == 200, done.get_json()
    assert done.get_json()["status"] == "consulted"
    assert done.get_json()["consultation"]["report"] == "Wpłynęła 1 uwaga; nieuwzględniona."
    twice = officer_api_client.post(report_url, json={"text": "Jeszcze raz."})
    assert twice.status_code == 409 and twice.get_json()["error"] == "report_published"
    frozen = officer_api_client.put(_url(consulting, f"/comments/{comment['id']}"), json={"answer": "Jednak tak."})
    assert frozen.status_code == 409 and frozen.get_json()["error"] == "report_published"
    # Once the report is out, everyone reads every comment with its answer.
    public = api().get(f"/api/v1/programmes/{consulting['id']}").get_json()
    assert [(c["text"], c["answer"]["outcome"]) for c in public["comments"]] == [
        ("Uwaga do priorytetu P1.", "rejected")
    ]


def test_report_without_consultation(officer_api_client, draft_programme):
    response = officer_api_client.post(_url(draft_programme, "/report"), json={"text": "x"})
    assert response.status_code == 409 and response.get_json()["error"] == "no_consultation"


def test_who_reads_which_comments_before_the_report(
    api, officer_api_client, ngo_api_client, consulting, other_ngo_user, other_org
):
    _comment(ngo_api_client, consulting, "Nasza uwaga.")
    _comment(api(other_ngo_user), consulting, "Uwaga innej organizacji.")
    url = f"/api/v1/programmes/{consulting['id']}"
    assert [c["text"] for c in officer_api_client.get(url).get_json()["comments"]] == [
        "Nasza uwaga.",
        "Uwaga innej organizacji.",
    ]
    assert [c["text"] for c in ngo_api_client.get(url).get_json()["comments"]] == ["Nasza uwaga."]
    anonymous = api().get(url).get_json()
    assert anonymous["comments"] == [] and anonymous["consultation"]["comments_count"] == 2
    assert anonymous["status"] == "consultation" and anonymous["consultation"]["report"] is None


def test_status_is_derived_from_the_dates(api, officer_api_client, draft_programme, frozen_clock):
    url, start = f"/api/v1/programmes/{draft_programme['id']}", today()
    assert api().get(url).get_json()["status"] == "draft"
    _consultation(officer_api_client, draft_programme, starts_on=day(2), ends_on=day(4))
    assert api().get(url).get_json()["status"] == "draft"  # announced, not yet begun
    frozen_clock.move_to(warsaw_midnight(start + timedelta(days=2)))
    assert api().get(url).get_json()["status"] == "consultation"
    frozen_clock.move_to(warsaw_midnight(start + timedelta(days=4)) + timedelta(hours=23, minutes=59))
    assert api().get(url).get_json()["status"] == "consultation"
    frozen_clock.move_to(warsaw_midnight(start + timedelta(days=5)))  # the day after the last one
    assert api().get(url).get_json()["status"] == "consulted"


def test_an_unverified_address_does_not_speak_for_its_organisation(api, consulting, make_org):
    """Issue 10's gate: a membership counts only for a verified e-mail address (403 email_unverified)."""
    from grants.auth.operations import register_ngo_user
    from tests.helpers import PASSWORD

    user = register_ngo_user(email="nowy@org.example", password=PASSWORD, full_name="Nowy Członek", verified=False)
    db.session.commit()
    make_org("Stowarzyszenie Nowe", members=[user])
    client = api(user)
    response = client.post(_url(consulting, "/comments"), json={"text": "Uwaga."})
    assert response.status_code == 403 and response.get_json()["error"] == "email_unverified"
    # Reading the programme stays open to the account, as to anyone.
    assert client.get(f"/api/v1/programmes/{consulting['id']}").status_code == 200


def test_comment_and_report_are_audited(officer_api_client, ngo_api_client, consulting, frozen_clock):
    comment = _comment(ngo_api_client, consulting)
    officer_api_client.put(
        _url(consulting, f"/comments/{comment['id']}"), json={"answer": "Tak.", "outcome": "accepted"}
    )
    frozen_clock.move_to(warsaw_midnight(today() + timedelta(days=8)))
    assert officer_api_client.post(_url(consulting, "/report"), json={"text": "Raport."}).status_code == 200
    entries = db.session.scalars(
        db.select(AuditEntry).where(AuditEntry.entity_type == "programme").order_by(AuditEntry.id)
    ).all()
    assert [e.action for e in entries] == [
        "programme.create",
        "programme.consultation",
        "programme.comment",
        "programme.answer",
        "programme.consultation_report",
    ]
    assert entries[2].after["text"] == "Uwaga do priorytetu P1." and entries[2].office_id == consulting["office_id"]


def test_an_unknown_programme_is_404(api):
    assert api().get("/api/v1/programmes/999999").status_code == 404
