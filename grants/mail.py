"""Outgoing e-mail through the outbox: a row per message, sent by a job after the commit.

Without MAIL_SERVER (development, tests) messages are written as .eml files under the
storage directory, where an officer can read them.
"""

import smtplib
from email.message import EmailMessage
from pathlib import Path

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import Mapped, mapped_column

from grants.clock import now_utc
from grants.db import UTCDateTime, utcnow
from grants.extensions import db
from grants.jobs import enqueue_many, task
from grants.languages import LANGUAGES

SUBJECT_MAX = 300


class OutboundMail(db.Model):
    __tablename__ = "outbound_mail"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    recipient: Mapped[str] = mapped_column(sa.String(254), nullable=False)
    subject: Mapped[str] = mapped_column(sa.String(SUBJECT_MAX), nullable=False)
    body: Mapped[str] = mapped_column(sa.Text, nullable=False)
    sent_at = mapped_column(UTCDateTime)
    # The office whose call or offer the message is about: its officers read it in the development outbox.
    # None for the account's own messages (membership, registration), which only an admin reads there.
    office_id: Mapped[int | None] = mapped_column(sa.ForeignKey("offices.id"), index=True)


def subject_line(text: str) -> str:
    """One line that fits the column: a subject quotes names people typed (an organisation's, an
    offer's title), and a CR/LF in a header would make the message unsendable."""
    line = " ".join(text.split())
    return line if len(line) <= SUBJECT_MAX else line[: SUBJECT_MAX - 1] + "…"


def queue_mail(recipient: str, subject: str, body: str, *, office_id: int | None = None) -> OutboundMail:
    """Queue one message; `office_id` is the office whose call or offer it is about (None: an account's mail)."""
    return queue_mails([(recipient, subject, body)], office_id=office_id)[0]


def queue_mails(messages: list[tuple[str, str, str]], *, office_id: int | None = None) -> list[OutboundMail]:
    """Queue many messages — `(recipient, subject, body)` each — about one office's business: the rows of
    `queue_mail` called for each in turn (the same ids in the same order), written by one INSERT of the
    messages and one of their jobs instead of three statements a message (the results of a call, its
    cancellation, a contract's reminders)."""
    rows = [
        OutboundMail(recipient=recipient, subject=subject_line(subject), body=body, office_id=office_id)
        for recipient, subject, body in messages
    ]
    if not rows:
        return []
    db.session.add_all(rows)
    db.session.flush()
    enqueue_many("send_mail", [(f"mail-{message.id}", {"mail_id": message.id}) for message in rows], new_keys=True)
    return rows


def member_recipients(*organizations) -> list[tuple[str, str]]:
    """(e-mail, language) of the organisations' members with a confirmed address, each in the language
    they chose, then each organisation's own address in Polish when no member has it; every address once."""
    found: list[tuple[str, str]] = []
    seen: set[str] = set()

    def add(email: str, language: str) -> None:
        if email and email.lower() not in seen:
            seen.add(email.lower())
            found.append((email, language))

    # The members' addresses in one statement, not their memberships and accounts (and each account's roles)
    # one by one: two statements a member on every submission.
    from grants.auth.models import User
    from grants.organizations.models import Membership

    ids = [organization.id for organization in organizations]
    members = db.session.execute(
        sa.select(Membership.organization_id, User.email, User.locale)
        .join(User, User.id == Membership.user_id)
        .where(Membership.organization_id.in_(ids), User.active.is_(True), User.email_verified_at.is_not(None))
        .order_by(Membership.created_at, Membership.user_id)
    ).all()
    for organization_id in ids:
        for member_of, email, locale in members:
            if member_of == organization_id:
                add(email, locale if locale in LANGUAGES else "pl")
    for organization in organizations:
        add(organization.email, "pl")
    return found


@task("send_mail", light=True)  # one short SMTP exchange: no work-horse forked for it
def send_mail(mail_id: int) -> None:
    message = db.session.get(OutboundMail, mail_id)
    if message is None or message.sent_at is not None:
        return  # at-least-once delivery: a re-run after success sends nothing
    email = EmailMessage()
    email["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email.set_content(message.body)
    if current_app.config.get("MAIL_SERVER"):
        _send_smtp(email)
    else:
        _write_to_outbox(message.id, email)
    message.sent_at = now_utc()
    db.session.commit()


def _send_smtp(email: EmailMessage) -> None:
    cfg = current_app.config
    with smtplib.SMTP(cfg["MAIL_SERVER"], cfg["MAIL_PORT"], timeout=30) as smtp:
        if cfg.get("MAIL_USE_TLS"):
            smtp.starttls()
        if cfg.get("MAIL_USERNAME"):
            smtp.login(cfg["MAIL_USERNAME"], cfg["MAIL_PASSWORD"])
        smtp.send_message(email)


def outbox_dir() -> Path:
    return Path(current_app.config["STORAGE_DIR"]) / "outbox"


def _write_to_outbox(mail_id: int, email: EmailMessage) -> None:
    directory = outbox_dir()
    directory.mkdir(parents=True, exist_ok=True)
    tmp = directory / f".{mail_id}.eml.tmp"
    tmp.write_bytes(bytes(email))
    tmp.replace(directory / f"{mail_id:08d}.eml")
