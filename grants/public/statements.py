"""The two statements every page links from its footer (issue 11): the RODO information clause (/privacy) and the
accessibility statement (/accessibility).

Their dates are constants here, changed with the code: the accessibility statement is reviewed at least once a
year and after each significant change of the service (the Act of 4 April 2019 on digital accessibility of
websites and mobile applications of public bodies, Dz.U. 2019 poz. 848, t.j. Dz.U. 2023 poz. 1440; the yearly
review by 31 March follows the minister's guidance), and what the clause says changes only with the code that
processes the data.
"""

from datetime import date

# The accessibility statement (art. 10 of the Act): when it was published and last reviewed.
ACCESSIBILITY_PUBLISHED_ON = date(2026, 12, 4)
ACCESSIBILITY_UPDATED_ON = date(2026, 12, 4)
# The standard the service is tested against (the Act's annex points to EN 301 549, i.e. WCAG 2.1 AA).
WCAG_LEVEL = "WCAG 2.1 AA"
# Widths the automated checks run at (tests/browser/test_mobile.py): a phone and a desktop.
TESTED_WIDTHS = (390, 1280)
# The RODO information clause (art. 13 of Regulation (EU) 2016/679): when its wording last changed.
PRIVACY_UPDATED_ON = date(2026, 12, 4)

# The supervisory authority of art. 77 RODO and art. 34 of the Act of 10 May 2018 on personal data protection.
SUPERVISORY_AUTHORITY = "Prezes Urzędu Ochrony Danych Osobowych, ul. Stawki 2, 00-193 Warszawa"
