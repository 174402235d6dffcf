"""Comments on a published small-grant offer (art. 19a ust. 4) through the API: anyone without a token within the
7 days (409 `comments_closed` outside them), each field named on a refusal, a flood from one address refused with
429 while other addresses and other endpoints go on; the office answers (new rows) and hides with a reason."""

from datetime import timedelta

import pytest

from grants.clock import now_utc
from tests.smallgrants.helpers_office import desk_world, make_small_grant


@pytest.fixture
def desk(api, office, officer, make_org):
    return desk_world(api, office, officer, make_org)


@pytest.fixture
def published(desk):
    return make_small_grant(
        desk.office, desk.organization, status="published", published_at=now_utc() - timedelta(days=1)
    )


def _comment(client, small_grant, expect=201, **body):
    body = body or {"author": "Jan Sąsiad", "text": "Dobry pomysł, ale warto dodać zajęcia dla dzieci."}
    response = client.post(f"/api/v1/small-grants/{small_grant.id}/comments", json=body)
    assert response.status_code == expect, response.get_json()
    return response.get_json()


def test_anyone_comments_without_an_account_and_the_address_is_kept_only_as_a_keyed_hash(desk, published, db):
    from grants.audit.models import AuditEntry
    from grants.smallgrants.models import SmallGrantComment

    body = _comment(desk.anonymous, published)
    assert body["author"] == "Jan Sąsiad" and body["answers"] == [] and body["hidden"] is False
    stored = db.session.get(SmallGrantComment, body["id"])
    assert len(stored.client_digest) == 64 and "127.0.0.1" not in stored.client_digest
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "small_grant.comment"))
    assert entry.actor_id is None and entry.ip == stored.client_digest  # never the address itself
    # A bad token is the same as none on a public endpoint.
    bad = desk.anonymous.client.post(
        f"/api/v1/small-grants/{published.id}/comments",
        json={"author": "Ala", "text": "Popieram."},
        headers={"Authorization": "Bearer nonsense"},
    )
    assert bad.status_code == 201


def test_each_refused_field_is_named(desk, published):
    assert set(_comment(desk.anonymous, published, 422, author=" ", text="")["fields"]) == {"author", "text"}
    too_long = _comment(desk.anonymous, published, 422, author="A" * 201, text="x" * 4001)
    assert set(too_long["fields"]) == {"author", "text"}
    assert "text" in _comment(desk.anonymous, published, 422, author="Ala", text=12)["fields"]
    response = desk.anonymous.client.post(
        f"/api/v1/small-grants/{published.id}/comments", data="[]", content_type="application/json"
    )
    assert response.status_code == 400


def test_comments_close_at_comments_until_to_the_second_art_19a_ust_4(desk, published, frozen_clock):
    frozen_clock.move_to(published.comments_until - timedelta(seconds=1))
    _comment(desk.anonymous, published)
    frozen_clock.move_to(published.comments_until)
    closed = _comment(desk.anonymous, published, 409)
    assert closed["error"] == "comments_closed"


def test_no_comments_before_publication_nor_after_the_decision(desk, db):
    submitted = make_small_grant(desk.office, desk.organization)
    assert desk.anonymous.post(f"/api/v1/small-grants/{submitted.id}/comments", json={}).status_code == 404
    refused = make_small_grant(
        desk.office, desk.organization, status="refused", published_at=now_utc() - timedelta(days=1)
    )
    assert _comment(desk.anonymous, refused, 409)["error"] == "comments_closed"


def test_a_flood_from_one_address_is_refused_and_nothing_else_is_blocked(make_app, office, make_org):
    from grants.extensions import db
    from tests.smallgrants.helpers_office import make_programme

    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_SMALL_GRANT_COMMENT="3 per 10 minutes")
    with app.app_context():
        organization = make_org("Fundacja GEKO")
        make_programme(office, (now_utc() + timedelta(days=40)).year)
        small_grant_id = make_small_grant(
            office, organization, status="published", published_at=now_utc() - timedelta(days=1)
        ).id
        db.session.commit()
    client = app.test_client()
    url = f"/api/v1/small-grants/{small_grant_id}/comments"
    comment = {"author": "Bot", "text": "Kup tanio!"}
    first, second = {"REMOTE_ADDR": "203.0.113.7"}, {"REMOTE_ADDR": "198.51.100.9"}
    codes = [client.post(url, json=comment, environ_base=first).status_code for _n in range(4)]
    assert codes == [201, 201, 201, 429]
    refused = client.post(url, json=comment, environ_base=first)
    assert refused.get_json()["error"] == "rate_limited"
    # The public page's form counts with the API: the same address is refused there too.
    page = client.post(f"/small-grants/{small_grant_id}/comments", data=comment, environ_base=first)
    assert page.status_code == 429 and "Kup tanio!" in page.get_data(as_text=True)  # what was typed stays
    # Another address still comments; the same address still reads and uses every other endpoint.
    assert client.post(url, json=comment, environ_base=second).status_code == 201
    assert client.get(f"/small-grants/{small_grant_id}", environ_base=first).status_code == 200
    assert client.get("/api/v1/calls", environ_base=first).status_code == 200


def test_the_office_answers_with_new_rows_and_hides_with_a_reason(desk, published, api, other_officer, db):
    from grants.audit.models import AuditEntry
    from grants.smallgrants.models import SmallGrantComment

    cid = _comment(desk.anonymous, published)["id"]
    base = f"/api/v1/small-grants/{published.id}/comments/{cid}"
    first = desk.api.post(f"{base}/answer", json={"text": "Dziękujemy, rozważymy."})
    assert first.status_code == 201, first.get_json()
    second = desk.api.post(f"{base}/answer", json={"text": "Dodamy zajęcia dla dzieci."})
    assert [a["text"] for a in second.get_json()["answers"]] == ["Dziękujemy, rozważymy.", "Dodamy zajęcia dla dzieci."]
    assert db.session.get(SmallGrantComment, cid).answer.text == "Dodamy zajęcia dla dzieci."  # the newest
    assert set(desk.api.post(f"{base}/answer", json={"text": ""}).get_json()["fields"]) == {"text"}
    assert desk.api.post(f"{base}/hide", json={}).get_json()["fields"] == {"reason": ["To pole jest wymagane."]}
    hidden = desk.api.post(f"{base}/hide", json={"reason": "Treść obraźliwa."})
    assert hidden.status_code == 200 and hidden.get_json()["hidden"] is True
    assert hidden.get_json()["text"] is None and hidden.get_json()["hidden_reason"] == "Treść obraźliwa."
    assert desk.api.post(f"{base}/hide", json={"reason": "Znowu."}).get_json()["error"] == "already_hidden"
    stored = db.session.get(SmallGrantComment, cid)
    assert stored.text.startswith("Dobry pomysł")  # kept as written
    actions = db.session.scalars(
        db.select(AuditEntry.action).where(AuditEntry.entity_type == "small_grant").order_by(AuditEntry.id)
    ).all()
    assert actions == ["small_grant.comment", *["small_grant.comment_answer"] * 2, "small_grant.comment_hide"]
    # Who may not: another office (404), anyone else (401/403), a comment of another small grant (404).
    assert api(other_officer).post(f"{base}/answer", json={"text": "x"}).status_code == 404
    assert api(desk.member).post(f"{base}/hide", json={"reason": "x"}).status_code == 403
    assert api().post(f"{base}/answer", json={"text": "x"}).status_code == 401
    other = make_small_grant(desk.office, desk.organization, status="published", published_at=now_utc())
    assert (
        desk.api.post(f"/api/v1/small-grants/{other.id}/comments/{cid}/answer", json={"text": "x"}).status_code == 404
    )
