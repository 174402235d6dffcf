"""The cooperation programme's year (art. 5a of the Act): consultation, adoption, amendments, the yearly report."""
