"""Issue 11: after the results an NGO's funded offer still read "złożona". The NGO's list shows the outcome of the
published results (art. 15 ust. 2h) — the grant awarded, or none — with a link to the results."""

import re


def _status_cell(page: str, offer_id: int) -> str:
    row = re.search(rf'<tr id="offer-{offer_id}".*?</tr>', page, re.S).group(0)
    return re.search(r'<td data-label="Status">(.*?)</td>', row, re.S).group(1)


def test_the_ngo_list_shows_the_published_outcome(client, login, awarded):
    login(awarded.full.user)
    funded = _status_cell(client.get("/ngo/offers/").get_data(as_text=True), awarded.full.id)
    assert "dotacja przyznana: 17\xa0020,00\xa0zł" in funded and f"/calls/{awarded.call.id}/results" in funded
    assert "złożona" not in funded
    login(awarded.rejected.user)
    refused = _status_cell(client.get("/ngo/offers/").get_data(as_text=True), awarded.rejected.id)
    assert "bez dotacji" in refused


def test_before_the_results_the_list_shows_the_offers_status(client, login, offers):
    login(offers[0].user)
    cell = _status_cell(client.get("/ngo/offers/").get_data(as_text=True), offers[0].id)
    assert "dotacj" not in cell and "badge-submitted" in cell
