"""Plain helpers of the review pages' tests."""

from tests.review.helpers import full_sheet

CONTENT_MARKER = "świetlica przy ul. Armii Krajowej 12"  # in every test offer's III.3, never in its title


def scored(flow, offers, users=None):
    """Every member declares impartiality on the accepted offers and submits a final sheet."""
    c = flow.c
    for user in users or (c.chair, c.m1, c.m2, c.expert):
        for offer in offers:
            flow.declare(user, offer.id)
            flow.score(user, offer.id)


def score_form(**points) -> dict:
    """The score sheet as a browser posts it: every criterion with points and a justification."""
    body = full_sheet(**points)
    data = {f"scores.{code}": str(value).replace(".", ",") for code, value in body["scores"].items()}
    data.update({f"justifications.{code}": text for code, text in body["justifications"].items()})
    return data
