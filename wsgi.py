"""Entry point for gunicorn (`gunicorn wsgi:app`) and the `flask` command."""

import gc

from grants import create_app

app = create_app()

# What the process holds from here on (modules, mappers, the app) lives as long as the process: out of the
# cyclic collector's way. A page that builds tens of thousands of short-lived objects (the ranking of a national
# call: 21 000 points) otherwise triggers full collections that walk this whole heap every time — about half
# of the ranking page's CPU time (docs/benchmarks.md, Review pages).
gc.collect()
gc.freeze()
