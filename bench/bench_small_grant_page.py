"""The public page of a small-grant offer (art. 19a) under gunicorn (2 workers) on PostgreSQL, loaded with wrk at
8 connections: the offer open for comments (the page with the comment form and its CSRF token, never served from
the public-page cache), an accepted one (no form), and the list.

Run by hand:  .venv/bin/python bench/bench_small_grant_page.py [--seconds 15] [--comments 30] [--extra 60]
Needs: PostgreSQL on 127.0.0.1:5432 (trust), Debian's wrk (make apt). Figures go to docs/benchmarks.md.
"""

import argparse
import os
import re
import urllib.request

from harness import Summary, demo_database, gunicorn, json_argument, load_average, run_script, server_env, wrk

PORT = 5057
DB = "oko_bench_small_grants"


def prepare(env, comments, extra):
    """The demo (three small grants in Opole), then `comments` more comments (every other one answered) on the
    one open for comments, and `extra` more published small grants for the list."""
    demo_database(env, DB)
    script = f"""
import copy
from datetime import timedelta
from grants import create_app
from grants.clock import now_utc
from grants.extensions import db
from grants.auth.queries import user_by_email
from grants.offers.models import Offer, OfferStatus, OfferVersion
from grants.smallgrants import rules
from grants.smallgrants.models import SmallGrant, SmallGrantStatus
from grants.smallgrants.operations.comments import add_comment, answer_comment
app = create_app()
with app.app_context():
    officer = user_by_email("referat@opole.example")
    open_one = db.session.scalar(db.select(SmallGrant).where(SmallGrant.status == SmallGrantStatus.published))
    for i in range({comments}):
        comment = add_comment(small_grant=open_one, client_address=f"198.51.100.{{i}}",
            raw={{"author": f"Mieszkaniec {{i + 1}}", "text": "Dobry pomysł. " * 20}})
        if i % 2 == 0:
            answer_comment(actor=officer, small_grant=open_one, comment=comment,
                raw={{"text": "Dziękujemy, uwzględnimy to w umowie. " * 5}})
    # More published small grants for the list, written directly as copies of the open one.
    version = open_one.offer.current_version
    for i in range({extra}):
        moment = now_utc() - timedelta(days=3 + i)
        offer = Offer(call_id=None, organization_id=open_one.organization_id, status=OfferStatus.submitted,
            title=f"Zadanie nr {{i + 1}}", content=copy.deepcopy(open_one.offer.content))
        db.session.add(offer)
        db.session.flush()
        copy_version = OfferVersion(offer_id=offer.id, call_id=None, number=1, document=version.document,
            control_sum=f"{{offer.id:064x}}", control_code=f"B{{offer.id:011d}}", total_cost=version.total_cost,
            requested_grant=version.requested_grant, submitted_at=moment)
        db.session.add(copy_version)
        db.session.flush()
        offer.current_version_id = copy_version.id
        db.session.add(SmallGrant(id=offer.id, office_id=open_one.office_id, organization_id=offer.organization_id,
            status=SmallGrantStatus.accepted, budget_year=open_one.budget_year, title=offer.title,
            requested_grant=open_one.requested_grant, task_start=open_one.task_start, task_end=open_one.task_end,
            received_at=moment, publications=open_one.publications, published_at=moment,
            comments_until=rules.comments_until(moment), decided_at=moment))
    db.session.commit()
"""
    run_script(env, script)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--comments", type=int, default=30)
    parser.add_argument("--extra", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    json_argument(parser)
    args = parser.parse_args()
    summary = Summary("small_grants", args.json)
    env = server_env(DB)
    prepare(env, args.comments, args.extra)
    with gunicorn(env, PORT, args.workers, ready_path="/small-grants"):
        listing = urllib.request.urlopen(f"http://127.0.0.1:{PORT}/small-grants").read().decode()
        ids = re.findall(r'href="/small-grants/(\d+)"', listing)
        open_id, closed_id = ids[0], ids[-1]
        page = urllib.request.urlopen(f"http://127.0.0.1:{PORT}/small-grants/{open_id}").read().decode()
        assert 'id="comment-form"' in page and 'name="csrf_token"' in page, "the open offer's page has its form"
        pages = {
            f"/small-grants/{open_id} (open, {args.comments + 2} comments, the form)": f"/small-grants/{open_id}",
            f"/small-grants/{closed_id} (accepted, no form)": f"/small-grants/{closed_id}",
            f"/small-grants (list, {len(ids)} offers)": "/small-grants",
        }
        for path in pages.values():  # warm-up
            wrk(f"http://127.0.0.1:{PORT}{path}", 2)
        load = os.getloadavg()[0]
        print(f"load average before the run: {load:.2f}")
        table = summary.table(("page", "requests/s", "p50 ms", "p95 ms", "p99 ms", "non-2xx"))
        for label, path in pages.items():
            before = load_average()
            r = wrk(f"http://127.0.0.1:{PORT}{path}", args.seconds)
            table.row(label, f"{float(r['rps']):.0f}", r["p50"], r["p95"], r["p99"], r["non2xx"], load=before)
    summary.write()


if __name__ == "__main__":
    main()
