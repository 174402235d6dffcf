"""The app's Jinja environment (grants.jinja_env): a template's global names are a set, so an import of macros
costs Jinja a set difference in C (31 µs an import through ChainMap's keys view), and they still follow the
environment's globals as they are when asked."""

from grants.jinja_env import TemplateGlobals


def test_a_templates_global_names_are_a_set_that_follows_the_environment(app):
    template = app.jinja_env.get_template("_macros/forms.html")
    assert isinstance(template.globals, TemplateGlobals)
    assert isinstance(template.globals.keys(), set)
    assert {"url_for", "csrf_token"} <= template.globals.keys()
    app.jinja_env.globals["oko_added_late"] = lambda: "seen"
    try:
        names = template.globals.keys()  # the set Jinja subtracts, asked anew
        assert "oko_added_late" in names
        page = app.jinja_env.from_string(
            '{% from "_macros/forms.html" import fid %}{{ fid("a.b") }} {{ oko_added_late() }}'
        )
        with app.test_request_context("/"):
            assert page.render() == "f-a-b seen"
    finally:
        del app.jinja_env.globals["oko_added_late"]
    names = template.globals.keys()
    assert "oko_added_late" not in names
