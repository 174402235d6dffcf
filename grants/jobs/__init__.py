"""Background jobs: a database outbox is the record, RQ (or an in-process worker) runs them.

Operations call `enqueue(...)` inside the request's transaction; the row commits with the
change that caused it, and only then is it handed to a runner. Both runners call the same
`run_job`, so the embedded default exercises the production code path.
"""

from grants.jobs.queue import enqueue, enqueue_many, task  # noqa: F401
