"""The Atom feed of announcements: every published call, with its amendments and cancellation, and the results
once they are published (art. 15 ust. 2h) — an entry of their own, so a reader learns of them."""

from datetime import datetime
from urllib.parse import urlsplit

from feedgen.feed import FeedGenerator
from flask import current_app, request, url_for
from flask_babel import gettext as _

from grants.calls.models import Call, CancelKind
from grants.clock import now_utc
from grants.formatting import datetime_pl, money_pl


def atom_feed(
    calls: list[Call], results: dict[int, datetime] | None = None, formal_lists: dict[int, datetime] | None = None
) -> bytes:
    """`results`: when each call's results were published (call id → moment), for those that have them;
    `formal_lists`: when each call's latest list of formal outcomes was published."""
    results = results or {}
    formal_lists = formal_lists or {}
    authority = _tag_authority()
    generator = FeedGenerator()
    generator.id(f"tag:{authority},2025:oko:calls")
    generator.title(_("OKO — ogłoszenia o otwartych konkursach ofert"))
    generator.subtitle(_("Ogłoszenia, zmiany, unieważnienia i wyniki otwartych konkursów ofert."))
    generator.link(href=url_for("public.feed", _external=True), rel="self")
    generator.link(href=url_for("public.calls", _external=True), rel="alternate")
    generator.language("pl")
    generator.updated(
        max([*(_last_change(c) for c in calls), *results.values(), *formal_lists.values()], default=now_utc())
    )
    for call in calls:
        entry = generator.add_entry(order="append")
        entry.id(f"tag:{authority},{call.created_at:%Y-%m-%d}:oko:call:{call.id}")
        entry.title(call.title)
        entry.link(href=url_for("public.call", call_id=call.id, _external=True), rel="alternate")
        entry.published(call.published_at)
        entry.updated(_last_change(call))
        entry.author(name=call.office.name)
        entry.summary(_summary(call))
        if call.id in formal_lists:
            _formal_list_entry(generator, authority, call, formal_lists[call.id])
        if call.id in results:
            _results_entry(generator, authority, call, results[call.id])
    return generator.atom_str(pretty=True)


def _results_entry(generator: FeedGenerator, authority: str, call: Call, published_at: datetime) -> None:
    summary = _(
        "%(office)s ogłasza wyniki otwartego konkursu ofert (art. 15 ust. 2h ustawy): organizacje, zadania "
        "i przyznane dotacje.",
        office=call.office.name,
    )
    title = _("Wyniki: %(title)s", title=call.title)
    _publication_entry(generator, authority, call, "results", title, "review_pages.results", published_at, summary)


def _formal_list_entry(generator: FeedGenerator, authority: str, call: Call, published_at: datetime) -> None:
    summary = _(
        "%(office)s publikuje listę ofert spełniających i niespełniających wymogów formalnych.",
        office=call.office.name,
    )
    title = _("Wyniki oceny formalnej: %(title)s", title=call.title)
    endpoint = "review_pages.public_formal_list"
    _publication_entry(generator, authority, call, "formal-list", title, endpoint, published_at, summary)


def _publication_entry(generator, authority: str, call: Call, kind: str, title, endpoint: str, at, summary) -> None:
    """An entry for something the office published about a call. One per call and kind, updated with each new
    version (entry ids never change)."""
    entry = generator.add_entry(order="append")
    entry.id(f"tag:{authority},{call.created_at:%Y-%m-%d}:oko:{kind}:{call.id}")
    entry.title(title)
    entry.link(href=url_for(endpoint, call_id=call.id, _external=True), rel="alternate")
    entry.published(at)
    entry.updated(at)
    entry.author(name=call.office.name)
    entry.summary(summary)


def _tag_authority() -> str:
    # Entry ids must not change with the host a reader happens to use, so they come from the
    # configured public address, not from the request.
    base = current_app.config.get("PUBLIC_BASE_URL") or request.host_url
    return urlsplit(base).hostname or "localhost"


def _last_change(call: Call):
    moments = [call.published_at, call.cancelled_at, *(a.created_at for a in call.amendments)]
    return max(moment for moment in moments if moment is not None)


def _summary(call: Call) -> str:
    summary = _(
        "%(office)s. Rodzaj zadania: %(task)s. Środki: %(budget)s. Termin składania ofert: %(deadline)s.",
        office=call.office.name,
        task=call.task_type,
        budget=money_pl(call.budget_total),
        deadline=datetime_pl(call.submission_deadline),
    )
    if call.cancelled_at is not None and call.cancel_kind == CancelKind.withdrawal:
        return _("Konkurs odwołany: %(reason)s", reason=call.cancel_reason) + " " + summary
    if call.cancelled_at is not None:
        return _("Konkurs unieważniony: %(reason)s", reason=call.cancel_reason) + " " + summary
    if call.amendments:
        return _("Ogłoszenie zmieniono: %(reason)s", reason=call.amendments[-1].reason) + " " + summary
    return summary
