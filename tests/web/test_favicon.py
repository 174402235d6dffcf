"""Issue 11: every page names its icon, and the icon is served (no 404 in every browser tab)."""

import re


def test_every_page_links_an_icon_that_is_served(client):
    page = client.get("/calls").get_data(as_text=True)
    link = re.search(r'<link rel="icon" type="image/svg\+xml" href="([^"]+)"', page)
    assert link is not None
    with client.get(link.group(1)) as icon:  # a static file: its handle is closed with the response
        assert icon.status_code == 200
        assert icon.mimetype == "image/svg+xml"
        assert b"<svg" in icon.get_data()
