"""The statute's dates for the cooperation programme — art. 5a of the Act on public benefit activity and
volunteer work (Dz.U. 2024 poz. 1491) — as functions of the programme's year: no database, no request."""

from datetime import date

# Art. 5a ust. 1: the council adopts the yearly programme, after consulting NGOs (art. 5 ust. 5), by
# 30 November of the year before the one the programme is for.
ADOPTION_MONTH, ADOPTION_DAY = 11, 30
# Art. 5a ust. 3: the executive body submits to the council, and publishes in BIP, the report on the
# programme's implementation by 31 May of the year after.
REPORT_MONTH, REPORT_DAY = 5, 31


def adoption_deadline(programme_year: int) -> date:
    return date(programme_year - 1, ADOPTION_MONTH, ADOPTION_DAY)


def adopted_late(programme_year: int, adopted_on: date) -> bool:
    """The council may still adopt it later (the Act sets no sanction), but OKO warns: art. 5a ust. 1."""
    return adopted_on > adoption_deadline(programme_year)


def report_deadline(programme_year: int) -> date:
    return date(programme_year + 1, REPORT_MONTH, REPORT_DAY)


def report_late(programme_year: int, published_on: date) -> bool:
    return published_on > report_deadline(programme_year)
