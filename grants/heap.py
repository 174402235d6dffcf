"""The cyclic garbage collector of a serving process, set once the app is loaded (wsgi.py; the in-process
benches do the same to measure what is served).

A request that builds tens of thousands of short-lived objects — the ranking of a national call reads 21 000
points into `scoring.Score`s and ranks them on every read — made the collector's passes a large part of its
time (bench/bench_review_pages.py, 500 offers × 7 members × 6 criteria, CPU per request):

- what the process holds from loading on (modules, mappers, templates, the app) lives as long as the process,
  yet every full collection walked all of it: frozen out of the collector's way (`gc.freeze`), the ranking's
  computation went from 174 to 83 ms;
- the default first generation of 700 objects ran a thousand collections per ranking page (27 ms of its
  128): at 10 000, 65 collections and 7 ms. The objects are freed by reference counting as before; the
  collector only looks for cycles less often.
"""

import gc

FIRST_GENERATION = 10_000


def settle() -> None:
    gc.collect()
    gc.freeze()
    _, second, third = gc.get_threshold()
    gc.set_threshold(FIRST_GENERATION, second, third)
