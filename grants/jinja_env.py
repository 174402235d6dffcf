"""The Jinja environment of the app: Flask's, with template globals whose names are a real set.

Each `{% from "…" import … %}` of each render asks Jinja which names the importing template has that the
imported one lacks (`Template._get_default_module`: the importing context's ~60 global names minus the
imported template's `globals.keys()`). A template's globals are a ChainMap of its own and the environment's,
whose keys view answers each name through `any()` over the maps: 31 µs an import, and a step of the offer
form imports five times a render (issue 13). The names as a set answer it in C; they are read anew on each
call, so a global added later is seen as before.
"""

from collections import ChainMap

from flask.templating import Environment


class TemplateGlobals(ChainMap):
    def keys(self):
        return set().union(*self.maps)


class OkoEnvironment(Environment):
    def make_globals(self, d):
        return TemplateGlobals({} if d is None else d, self.globals)
