"""The fixed wording of Annex 1 to the regulation of 24 October 2018 (Dz.U. 2018 poz. 2057): the offer's
title, its annex line and its "Pouczenie co do sposobu wypełniania oferty", in one place, so a later check
against the ISAP text is one edit (shared/docs/forms-2018.md, "Engineering advice").

Verified (forms-2018.md S1, a county's verbatim copy of the 2018 annex): the annex line, the title with its
"*" alternatives and the Pouczenie (S1 reads "umieszonymi", its own typo; the report's twin sentence has
"umieszczonymi"). NOT verified: the Act's citation in the title — S1 shows a county's update
(Dz. U. z 2020 r. poz. 1057); the 2018 original is remembered as "Dz. U. z 2018 r. poz. 450, z późn. zm."
([M, H] in forms-2018.md §2.1). The form is printed as the annex words it, so that citation stays.
"""

ANNEX_LINE = (
    "Załącznik nr 1 do rozporządzenia Przewodniczącego Komitetu do spraw Pożytku Publicznego "
    "z dnia 24 października 2018 r. (Dz. U. poz. 2057)"
)

# The title's two "*" choices (art. 14 ust. 1: one offeror, ust. 2: a joint offer). The Pouczenie says to
# strike the wrong one and keep the right one: the PDF prints both and strikes the one that does not apply.
TITLE_SINGLE = "OFERTA REALIZACJI ZADANIA PUBLICZNEGO"
TITLE_JOINT = "OFERTA WSPÓLNA REALIZACJI ZADANIA PUBLICZNEGO"
TITLE_BASIS = "O KTÓREJ MOWA W ART. 14 UST."
TITLE_ACT = (
    "USTAWY Z DNIA 24 KWIETNIA 2003 R. O DZIAŁALNOŚCI POŻYTKU PUBLICZNEGO I O WOLONTARIACIE "
    "(DZ. U. Z 2018 R. POZ. 450, Z PÓŹN. ZM.)"
)

POUCZENIE_HEADING = "Pouczenie co do sposobu wypełniania oferty:"
POUCZENIE = (
    "Ofertę należy wypełnić wyłącznie w białych pustych polach, zgodnie z instrukcjami umieszczonymi przy "
    "poszczególnych polach lub w przypisach.",
    "W przypadku pól, które nie dotyczą danej oferty, należy wpisać „nie dotyczy” lub przekreślić pole.",
    "Zaznaczenie „*”, np. „Oferta realizacji zadania publicznego*/Oferta wspólna realizacji zadania "
    "publicznego*”, oznacza, że należy skreślić niewłaściwą odpowiedź i pozostawić prawidłową. Przykład: "
    "„Oferta realizacji zadania publicznego*/Oferta wspólna realizacji zadania publicznego*”.",
)


def title(joint: bool) -> dict:
    """The title's parts, each "*" choice with whether it is struck out (it does not apply)."""
    return {
        "annex": ANNEX_LINE,
        "choices": [
            {"text": TITLE_SINGLE, "struck": joint},
            {"text": TITLE_JOINT, "struck": not joint},
        ],
        "basis": TITLE_BASIS,
        "paragraphs": [{"text": "1", "struck": joint}, {"text": "2", "struck": not joint}],
        "act": TITLE_ACT,
    }
