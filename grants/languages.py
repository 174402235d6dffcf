"""The languages OKO speaks: Polish first (the office's, and the documents'), then Ukrainian and English."""

LANGUAGES = ("pl", "uk", "en")
