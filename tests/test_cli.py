from grants.auth.models import User
from grants.offices.models import Office


def test_offices_and_users_from_the_shell(app, db):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["offices", "create", "--slug", "opole-cdo", "--name", "Referat"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "Anna@Opole.example",
            "--password",
            "long password",
            "--role",
            "officer",
            "--name",
            "Anna Nowak",
        ]
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(db.select(User).where(User.email == "anna@opole.example"))
    assert user.roles == ["officer"] and user.office.slug == "opole-cdo"


def test_users_create_needs_office_when_several(app, db):
    runner = app.test_cli_runner()
    runner.invoke(args=["offices", "create", "--slug", "a-office", "--name", "A"])
    runner.invoke(args=["offices", "create", "--slug", "b-office", "--name", "B"])
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "x@a.example",
            "--password",
            "long password",
            "--role",
            "evaluator",
            "--name",
            "X",
        ]
    )
    assert result.exit_code == 2 and "--office" in result.output
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "x@a.example",
            "--password",
            "long password",
            "--role",
            "evaluator",
            "--name",
            "X",
            "--office",
            "b-office",
        ]
    )
    assert result.exit_code == 0
    assert db.session.scalar(db.select(User)).office.slug == "b-office"


def test_bad_input_from_the_shell_is_a_message_not_a_traceback(app, db):
    runner = app.test_cli_runner()
    runner.invoke(args=["offices", "create", "--slug", "only", "--name", "Only"])
    result = runner.invoke(
        args=["users", "create", "--email", "not-an-email", "--password", "short", "--role", "officer", "--name", "X"]
    )
    assert result.exit_code == 2
    assert "email:" in result.output and "password:" in result.output
    assert runner.invoke(args=["offices", "create", "--slug", "Bad Slug!", "--name", "X"]).exit_code == 2
    assert db.session.scalar(db.select(db.func.count(Office.id))) == 1


def test_demo_data_loads(app, db):
    from grants.calls.models import Call, CallStatus
    from grants.calls.queries import public_calls

    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert "referat@opole.example" in result.output
    assert {o.slug for o in db.session.scalars(db.select(Office))} == {"opole-cdo", "gdansk"}
    titles = [c.title for c in public_calls("open")]
    assert any("Integracja cudzoziemców w Opolu" in t for t in titles)
    assert len(public_calls("closed")) == 1
    assert db.session.scalar(db.select(db.func.count(Call.id)).where(Call.status == CallStatus.draft)) == 1
    from grants.offers.models import Offer
    from grants.organizations.models import Organization

    assert db.session.scalar(db.select(db.func.count(Organization.id))) == 3
    statuses = sorted(o.status.value for o in db.session.scalars(db.select(Offer).where(Offer.call_id.is_not(None))))
    # two in the closed call, one draft and one submitted in the open one, three in the finished cycle
    assert statuses == ["draft"] + ["submitted"] * 6
    # and the three small grants of art. 19a (offers without a call): open for comments, awaiting publication,
    # accepted (tests/test_demo.py looks at each)
    from grants.smallgrants.models import SmallGrant

    small = sorted(g.status.value for g in db.session.scalars(db.select(SmallGrant)))
    assert small == ["accepted", "published", "submitted"]
    again = app.test_cli_runner().invoke(args=["demo", "load", "--if-empty"])
    assert "already present" in again.output
