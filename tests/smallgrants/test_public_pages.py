"""The public small-grant pages (art. 19a ust. 3–4): the list (open for comments first, the days left), the offer
as published with its three publication dates, the comments with the office's answers, and the comment form —
no account, the honeypot, the CSRF token, never served from the public-page cache with someone's token."""

import re
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
        desk.office, desk.organization, status="published", published_at=now_utc() - timedelta(days=2)
    )


def _token(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def test_the_list_puts_those_open_for_comments_first_with_the_days_left(desk, published, client):
    closed = make_small_grant(
        desk.office, desk.organization, status="accepted", published_at=now_utc() - timedelta(days=20), title="Stare"
    )
    unpublished = make_small_grant(desk.office, desk.organization, title="Jeszcze nieopublikowana")
    page = client.get("/small-grants").get_data(as_text=True)
    assert page.index(f'data-small-grant-id="{published.id}"') < page.index(f'data-small-grant-id="{closed.id}"')
    assert "jeszcze 6 dni" in page  # published 2 days ago (Warsaw): the 7 days run to the end of the 7th day
    assert unpublished.title not in page
    assert client.get(f"/small-grants/{unpublished.id}").status_code == 404
    assert client.get("/small-grants/999999").status_code == 404


def test_the_offer_as_published_with_its_dates_comments_and_answers(desk, published, client, db):
    from grants.smallgrants.models import SmallGrantComment, SmallGrantCommentAnswer

    answered = SmallGrantComment(small_grant_id=published.id, author="Jan Sąsiad", text="Czy będą zajęcia dla dzieci?")
    hidden = SmallGrantComment(
        small_grant_id=published.id,
        author="Spamer",
        text="Kup tanio!",
        hidden_at=now_utc(),
        hidden_reason="Reklama niezwiązana z ofertą.",
    )
    db.session.add_all([answered, hidden])
    db.session.flush()
    db.session.add(SmallGrantCommentAnswer(comment_id=answered.id, text="Tak, w soboty."))
    db.session.commit()
    page = client.get(f"/small-grants/{published.id}").get_data(as_text=True)
    for heading in ("I. Podstawowe", "II. Dane oferenta", "III. Zakres rzeczowy", "IV. Kalkulacja"):
        assert heading in page
    assert (
        "Biuletyn Informacji Publicznej" in page and page.count("godz.") >= 3
    )  # the three publications, in Warsaw time
    assert "Czy będą zajęcia dla dzieci?" in page and "Tak, w soboty." in page
    assert "Kup tanio!" not in page and "Reklama niezwiązana z ofertą." in page
    assert "600 100 200" not in page  # the contact person's phone is the office's to read, not the public's
    assert 'id="comment-form"' in page and 'name="website"' in page


def test_the_page_with_the_form_is_never_served_from_the_cache(make_app, office, make_org):
    from grants.extensions import db
    from tests.smallgrants.helpers_office import make_programme

    app = make_app(PUBLIC_PAGE_CACHE=True)
    with app.app_context():
        make_programme(office, (now_utc() + timedelta(days=40)).year)
        small_grant_id = make_small_grant(
            office, make_org("Fundacja GEKO"), status="published", published_at=now_utc()
        ).id
        db.session.commit()
    first, second = app.test_client(), app.test_client()
    url = f"/small-grants/{small_grant_id}"
    one, two = first.get(url), second.get(url)
    assert "X-OKO-Cache" not in one.headers and "X-OKO-Cache" not in two.headers
    assert _token(one.get_data(as_text=True)) != _token(two.get_data(as_text=True))
    assert "X-OKO-Cache" not in first.get("/small-grants").headers


def test_commenting_through_the_form_without_an_account(desk, published, client, db):
    from grants.smallgrants.models import SmallGrantComment

    url = f"/small-grants/{published.id}/comments"
    response = client.post(url, data={"author": "Ala z Zaodrza", "text": "Popieram, to potrzebne."})
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"/small-grants/{published.id}#comments"
    )
    assert db.session.scalar(db.select(SmallGrantComment.author)) == "Ala z Zaodrza"
    refused = client.post(url, data={"author": "", "text": "Tekst, który zostaje w formularzu."})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "Tekst, który zostaje w formularzu." in page and 'id="f-author-error"' in page


def test_a_bot_filling_the_honeypot_is_answered_but_nothing_is_stored(desk, published, client, db):
    from grants.smallgrants.models import SmallGrantComment

    response = client.post(
        f"/small-grants/{published.id}/comments",
        data={"author": "Bot", "text": "Kup tanio!", "website": "http://spam.example"},
    )
    assert response.status_code == 302
    assert db.session.scalar(db.select(db.func.count(SmallGrantComment.id))) == 0


def test_after_the_seven_days_the_form_is_gone_and_a_late_comment_is_refused(desk, published, client, frozen_clock):
    frozen_clock.move_to(published.comments_until)
    page = client.get(f"/small-grants/{published.id}").get_data(as_text=True)
    assert 'id="comment-form"' not in page and "Termin zgłaszania uwag minął" in page
    late = client.post(f"/small-grants/{published.id}/comments", data={"author": "Ala", "text": "Za późno?"})
    assert late.status_code == 409 and "art. 19a ust. 4" in late.get_data(as_text=True)


@pytest.mark.parametrize(("lang", "words"), [("uk", "Зауваження"), ("en", "Comments")])
def test_the_public_pages_speak_ukrainian_and_english(desk, published, client, lang, words):
    page = client.get(f"/small-grants/{published.id}?lang={lang}").get_data(as_text=True)
    assert words in page
    assert client.get(f"/small-grants?lang={lang}").status_code == 200


def test_the_page_and_the_list_take_a_constant_number_of_statements(desk, published, client, db):
    """The public page is never cached (its form's token), so it must be cheap: the small grant with its frozen
    document, then the comments with their answers — however many (bench/bench_small_grant_page.py)."""
    from grants.offices.models import Office
    from grants.organizations.models import Organization
    from grants.smallgrants.models import SmallGrantComment, SmallGrantCommentAnswer
    from tests.helpers import counting_statements

    small_grant_id, office_id, organization_id = published.id, desk.office.id, desk.organization.id

    def add(n):
        for i in range(n):
            comment = SmallGrantComment(small_grant_id=small_grant_id, author=f"Osoba {i}", text="Uwaga.")
            db.session.add(comment)
            db.session.flush()
            db.session.add(SmallGrantCommentAnswer(comment_id=comment.id, text="Odpowiedź."))
        db.session.commit()

    counts = []
    for n in (2, 20):
        add(n)
        for _n in range(n):
            make_small_grant(
                db.session.get(Office, office_id),
                db.session.get(Organization, organization_id),
                status="accepted",
                published_at=now_utc(),
            )
        db.session.expunge_all()
        with counting_statements(db) as page_count:
            assert client.get(f"/small-grants/{small_grant_id}").status_code == 200
        with counting_statements(db) as list_count:
            assert client.get("/small-grants").status_code == 200
        counts.append((page_count(), list_count()))
    assert counts[0] == counts[1] and counts[0] <= (2, 2), counts


def test_a_published_offer_withdrawn_by_its_organisation_says_so(desk, client, db):
    from grants.smallgrants.models import SmallGrant, SmallGrantStatus

    small_grant = make_small_grant(desk.office, desk.organization, status="published", published_at=now_utc())
    db.session.get(SmallGrant, small_grant.id).status = SmallGrantStatus.withdrawn
    db.session.commit()
    page = client.get(f"/small-grants/{small_grant.id}").get_data(as_text=True)
    assert "Organizacja wycofała ofertę." in page and 'id="comment-form"' not in page
    assert "wycofana przez organizację" in client.get("/small-grants").get_data(as_text=True)


def test_the_earlier_offers_come_in_pages_of_thirty(desk, published, client):
    for n in range(31):
        make_small_grant(
            desk.office,
            desk.organization,
            status="accepted",
            published_at=now_utc() - timedelta(days=20 + n),
            title=f"Zadanie {n:02d}",
        )
    first = client.get("/small-grants").get_data(as_text=True)
    assert published.title in first and "Zadanie 00" in first and "Zadanie 29" in first
    assert "Zadanie 30" not in first and "?page=1" in first
    second = client.get("/small-grants?page=1").get_data(as_text=True)
    assert "Zadanie 30" in second and "Zadanie 29" not in second and published.title not in second
    assert "?page=2" not in second
    assert client.get("/small-grants?page=-3").status_code == 200
    assert client.get("/small-grants?page=99999999999").status_code == 200
