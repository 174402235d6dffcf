"""Members hear of their appointment (issue 11): each newly appointed member gets one e-mail in their own
language with the call, the role, the link to the one declaration and the selection deadline; a member
who already sat (a changed role, a repeated PUT) gets none."""

from grants.extensions import db
from grants.formatting import date_pl
from grants.mail import OutboundMail


def mails_to(email: str) -> list[OutboundMail]:
    return list(db.session.scalars(db.select(OutboundMail).where(OutboundMail.recipient == email)))


def test_newly_appointed_members_get_one_mail_each(flow):
    c = flow.c
    c.m2.locale = "uk"
    db.session.commit()
    flow.appoint()
    mail = mails_to(c.m1.email)
    assert len(mail) == 1
    body = mail[0].body
    assert flow.call.title in mail[0].subject and flow.call.title in body
    assert "członek(-ini)" in body
    assert f"/review/calls/{flow.call.id}/declaration" in body
    deadline = flow.call.selection_deadline
    assert f"Termin dokonania wyboru ofert: {date_pl(deadline)}\n" in body and "art. 15 ust. 2f" in body
    assert "przewodniczący(-a)" in mails_to(c.chair.email)[0].body
    # In the member's own language, the date too.
    (ukrainian,) = mails_to(c.m2.email)
    assert "Вас призначено" in ukrainian.body and date_pl(deadline, "uk") in ukrainian.body
    # Again with one more member and a changed role: only the new one hears of it.
    flow.appoint(
        [
            {"user_id": c.chair.id, "role": "chair"},
            {"user_id": c.m1.id, "role": "expert"},
            {"user_id": c.m2.id, "role": "member"},
            {"user_id": c.m3.id, "role": "member"},
            {"user_id": c.expert.id, "role": "expert"},
        ]
    )
    assert len(mails_to(c.m1.email)) == 1
    assert len(mails_to(c.m3.email)) == 1
    assert "Ekspert" not in mails_to(c.m3.email)[0].subject
