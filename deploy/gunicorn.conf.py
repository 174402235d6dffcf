"""gunicorn's production settings for OKO: `.venv/bin/gunicorn -c deploy/gunicorn.conf.py wsgi:app`.

Options on the command line win (`-b unix:/run/oko/gunicorn.sock`, `-w 8`). Why these: docs/deployment.md.
Not named gunicorn.conf.py in the project's root on purpose: gunicorn would read that one for every start
from there, the benchmarks' plain sync workers included.
"""

import os

bind = "127.0.0.1:8000"
# Threads, not sync workers: each process takes a connection off the listen socket at once and starts it on a
# free thread, so a burst (the last minute before a deadline) waits inside the application, where every request
# already has its receipt time, instead of in the kernel's queue, where it has none. A request is CPU-bound
# (≈ 20–40 ms), so one process per core and a few threads each; each thread may hold one database connection
# (grants.config: a pool of 5 + 10 per process, so threads ≤ 15). In the deadline rush 2 × 8 answered better
# than 4 × 4 or 2 × 4 for the same CPU (docs/deployment.md).
worker_class = "gthread"
workers = os.cpu_count() or 2
threads = 8
# Connections accepted but not yet started wait in the thread pool: let the kernel's queue hold a rush too.
backlog = 2048
# A request's own time (a PDF is rendered by the job workers, never here); beyond it the worker is restarted.
timeout = 60
graceful_timeout = 30
keepalive = 5
# A fresh process now and then, not all at once.
max_requests = 5000
max_requests_jitter = 500
