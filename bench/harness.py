"""What every benchmark in bench/ shares: a fresh PostgreSQL database with the demo, gunicorn on a port,
logging in (a bearer token, a session cookie through the HTML form), wrk with bench/p95.lua, percentiles,
the load average, the machine — and a machine-readable summary of the figures (`--json PATH`) that
bench/run_all.py turns into docs/benchmarks.md's tables.

Each bench still runs alone by hand (`.venv/bin/python bench/bench_x.py ...`); this module only saves them
from carrying their own copy of the start-up code. It imports nothing of the application, so a bench can
set its environment before `grants` is imported.
"""

import http.client
import json
import math
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
PG = ("-h", "127.0.0.1", "-U", "postgres")
DEMO_PASSWORD = "oko-demo-2027"  # grants.demo.DEMO_PASSWORD


def sh(*args, env=None, check=True):
    return subprocess.run(args, cwd=ROOT, env=env, check=check, capture_output=True, text=True)


# ---------------------------------------------------------------- figures


def percentile(values, q):
    """The nearest-rank q-th percentile (q in per cent): the smallest value with at least q % of the values at
    or below it. One definition for every bench (some had rounded the rank, which moves it by one at most)."""
    ordered = sorted(values)
    rank = math.ceil(round(q / 100 * len(ordered), 9))
    return ordered[min(len(ordered) - 1, max(0, rank - 1))]


def load_average() -> str:
    return "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def cpu_seconds(pids) -> float:
    """CPU seconds (user + system) the processes `pids` and every descendant of theirs, living or waited for, have
    used so far (Linux's /proc): what a server costs, which the other processes on a shared machine do not
    change the way they change its latency."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    todo = list(pids)
    while todo:
        pid = todo.pop()
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            children = [
                int(child)
                for task in Path(f"/proc/{pid}/task").iterdir()
                for child in (task / "children").read_text().split()
            ]
        except (FileNotFoundError, ProcessLookupError):
            continue  # gone meanwhile: its time is in its parent's waited-for figures
        total += sum(int(value) for value in fields[11:15]) / tick  # utime, stime, cutime, cstime
        todo += children
    return total


def parse_wrk(output: str) -> dict:
    """The `RESULT key=value ...` line bench/p95.lua prints, as strings (the benches print them as they are)."""
    match = re.search(r"^RESULT (.*)$", output, re.MULTILINE)
    if match is None:
        raise ValueError("no RESULT line in wrk's output (is bench/p95.lua in use?)")
    return dict(pair.split("=", 1) for pair in match.group(1).split())


def wrk(url, seconds, cookie=None, connections=8, threads=2, script="bench/p95.lua", timeout=None) -> dict:
    """wrk's figures for `url`; `script` bench/p95_2xx.lua counts redirects in non2xx too (a logged-in page).
    wrk drops an answer slower than `timeout` seconds (2 by default) from the latencies, as an error."""
    headers = ("-H", f"Cookie: {cookie}") if cookie else ()
    headers += ("--timeout", f"{timeout}s") if timeout else ()
    command = ("wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", script, *headers, url)
    out = sh(*command).stdout
    return parse_wrk(out)


# ---------------------------------------------------------------- the database and the environment


def fresh_postgres(name: str) -> str:
    """Drop and re-create database `name` on 127.0.0.1:5432 (trust); its URL."""
    sh("dropdb", *PG, "--if-exists", name)
    sh("createdb", *PG, name)
    return f"postgresql://postgres@127.0.0.1:5432/{name}"


def psql(database: str, sql: str) -> str:
    return sh("psql", *PG, "-d", database, "-At", "-c", sql).stdout.strip()


def server_env(database: str, **extra) -> dict:
    """The environment of a bench's flask commands and gunicorn: PostgreSQL database `database`, a temporary
    instance directory, no Redis unless `extra` gives REDIS_URL."""
    env = dict(
        os.environ,
        DATABASE_URL=f"postgresql://postgres@127.0.0.1:5432/{database}",
        SECRET_KEY="bench",
        OKO_INSTANCE_DIR=tempfile.mkdtemp(prefix="oko-bench-"),
        FLASK_APP="wsgi.py",
        OKO_ENV="development",
    )
    env.pop("REDIS_URL", None)
    env.update(extra)
    return env


def demo_database(env: dict, database: str) -> None:
    """A fresh database `database`, migrated, with the demo loaded (`flask db upgrade` + `flask demo load`)."""
    fresh_postgres(database)
    sh(str(PY), "-m", "flask", "db", "upgrade", env=env)
    sh(str(PY), "-m", "flask", "demo", "load", env=env)


def run_script(env: dict, script: str, *args) -> None:
    """A Python snippet run in its own process with the bench's environment (the app's set-up through its
    operations)."""
    subprocess.run([str(PY), "-c", script, *map(str, args)], cwd=ROOT, env=env, check=True)


def in_process_database(kind: str, name: str, prefix: str) -> tuple[str, str]:
    """For the in-process benches: a migrated database (PostgreSQL `name`, re-created, or SQLite in a temporary
    directory) and that directory; (URL, instance directory)."""
    instance = tempfile.mkdtemp(prefix=prefix)
    url = f"sqlite:///{instance}/bench.sqlite" if kind == "sqlite" else fresh_postgres(name)
    env = dict(os.environ, DATABASE_URL=url, OKO_INSTANCE_DIR=instance, SECRET_KEY="bench", FLASK_APP="wsgi.py")
    env.pop("REDIS_URL", None)
    subprocess.run([str(PY), "-m", "flask", "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    return url, instance


def registry_numbers(n: int) -> dict:
    """A valid NIP and KRS of its own for the bench's n-th extra organisation (n >= 0): a copy of a demo profile
    with the demo's numbers would wait for an officer (the same NIP or KRS as another profile)."""
    weights = (6, 5, 7, 2, 3, 4, 5, 6, 7)
    candidate = 7_790_000_00 + n * 2
    while True:
        digits = [int(d) for d in f"{candidate:09d}"]
        check = sum(w * d for w, d in zip(weights, digits, strict=True)) % 11
        if check != 10:
            return {"nip": f"{candidate:09d}{check}", "krs": f"{900_000 + n:010d}", "regon": None}
        candidate += 1


def count_statements(engine) -> list:
    """A one-item list counting the SQL statements `engine` executes (reset it to [0] before a request)."""
    from sqlalchemy import event

    counter = [0]
    event.listen(engine, "before_cursor_execute", lambda *a, **k: counter.__setitem__(0, counter[0] + 1))
    return counter


# ---------------------------------------------------------------- gunicorn and HTTP


@contextmanager
def gunicorn(env: dict, port: int, workers: int = 2, threads: int = 1, ready_path: str = "/calls", extra=()):
    """gunicorn (sync workers, or gthread with threads > 1; `extra` more options) on 127.0.0.1:`port`, up once
    `ready_path` answers; stopped on the way out."""
    command = [str(GUNICORN), "-w", str(workers), "-b", f"127.0.0.1:{port}", "--log-level", "warning", *extra]
    if threads > 1:
        command += ["--threads", str(threads)]
    server = subprocess.Popen(command + ["wsgi:app"], cwd=ROOT, env=env)
    try:
        for _ in range(100):
            try:
                request(port, "GET", ready_path)
                break
            except OSError:
                time.sleep(0.2)
        yield server
    finally:
        server.terminate()
        server.wait(timeout=10)


NGINX_PROXY_LINES = ROOT / "deploy" / "nginx-oko-proxy.conf"


def nginx_config(port: int, upstream: int, prefix: Path) -> str:
    """A whole nginx.conf: 127.0.0.1:`port` passing everything to 127.0.0.1:`upstream` with the production proxy
    lines (`deploy/nginx-oko-proxy.conf`, included as docs/deployment.md's server block does), every file nginx
    writes under `prefix`."""
    temp = "\n".join(
        f"    {kind}_temp_path {prefix}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    user = "user root;\n" if os.geteuid() == 0 else ""  # as root nginx's workers would otherwise be nobody
    return f"""{user}worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{
    worker_connections 4096;
}}
http {{
    access_log off;
{temp}
    upstream oko {{
        server 127.0.0.1:{upstream};
    }}
    server {{
        listen 127.0.0.1:{port} backlog=4096;
        location / {{
            proxy_pass http://oko;
            include {NGINX_PROXY_LINES};
        }}
    }}
}}
"""


@contextmanager
def nginx(port: int, upstream: int):
    """Debian's nginx (`make apt`) on 127.0.0.1:`port` in front of gunicorn on `upstream`, in the foreground of a
    temporary prefix; up once it answers, stopped on the way out."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(binary).exists():
        raise RuntimeError("nginx is not installed (make apt installs Debian's nginx-light)")
    prefix = Path(tempfile.mkdtemp(prefix="oko-nginx-"))
    (prefix / "nginx.conf").write_text(nginx_config(port, upstream, prefix))
    command = [binary, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-e", str(prefix / "error.log")]
    server = subprocess.Popen([*command, "-g", "daemon off;"], cwd=ROOT)
    try:
        for _ in range(100):
            try:
                request(port, "GET", "/calls")
                break
            except OSError:
                if server.poll() is not None:
                    raise RuntimeError(f"nginx stopped: {(prefix / 'error.log').read_text()[-2000:]}") from None
                time.sleep(0.1)
        yield server
    finally:
        server.terminate()
        server.wait(timeout=10)


def request(port, method, path, body=None, headers=None, timeout=30):
    """One request on its own connection: (status, headers, body bytes)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        conn.close()


def api_token(port, email, password=DEMO_PASSWORD) -> str:
    status, _headers, data = request(
        port,
        "POST",
        "/api/v1/auth/token",
        json.dumps({"email": email, "password": password}),
        {"Content-Type": "application/json"},
    )
    assert status == 200, (status, data[:300])
    return json.loads(data)["token"]


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', html
    )
    return match.group(1)


def session_cookie(port, email, password=DEMO_PASSWORD) -> str:
    """Log in through the HTML form, CSRF token and all, and return the Cookie header value."""
    status, headers, data = request(port, "GET", "/login")
    assert status == 200, status
    jar = {}

    def keep(headers):
        for name, value in headers:
            if name.lower() == "set-cookie":
                key, _sep, rest = value.partition("=")
                jar[key] = rest.split(";", 1)[0]

    keep(headers)
    form = urllib.parse.urlencode({"csrf_token": csrf_token(data.decode()), "email": email, "password": password})
    status, headers, data = request(
        port,
        "POST",
        "/login",
        form,
        {"Content-Type": "application/x-www-form-urlencoded", "Cookie": "; ".join(f"{k}={v}" for k, v in jar.items())},
    )
    assert status == 302, (status, data[:500])
    keep(headers)
    return "; ".join(f"{k}={v}" for k, v in jar.items())


# ---------------------------------------------------------------- job workers


def start_workers(env: dict, count: int, command=None) -> list:
    """`count` job workers (`flask jobs worker`, or `command`), each in its own session so that it and its RQ
    work-horses are stopped together; returns once every one has registered with Redis (preload done)."""
    from redis import Redis
    from rq import Worker

    command = command or [str(PY), "-m", "flask", "jobs", "worker"]
    procs = [
        subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        for _ in range(count)
    ]
    redis = Redis.from_url(env["REDIS_URL"])
    try:
        deadline = time.monotonic() + 120
        while len(Worker.all(connection=redis)) < count:
            if time.monotonic() > deadline:
                stop_workers(procs)
                raise RuntimeError("workers did not start")
            time.sleep(0.2)
    finally:
        redis.close()
    return procs


def stop_workers(procs) -> None:
    for p in procs:
        os.killpg(p.pid, signal.SIGTERM)
    for p in procs:
        try:
            p.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()


# ---------------------------------------------------------------- the machine


def _first_line(*command) -> str:
    try:
        out = subprocess.run(command, capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "?"
    return out.splitlines()[0] if out else "?"


def machine() -> dict:
    """What a figure was measured on: CPU model, cores, RAM, Debian, Python, PostgreSQL and Redis versions."""
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        meminfo = Path("/proc/meminfo").read_text().splitlines()
        ram_kb = next(int(line.split()[1]) for line in meminfo if line.startswith("MemTotal"))
    except (OSError, StopIteration, ValueError):
        ram_kb = 0
    try:
        debian = Path("/etc/debian_version").read_text().strip()
    except OSError:
        debian = "?"
    postgres = _first_line("psql", *PG, "-At", "-c", "SHOW server_version")
    info = sh_lines("redis-cli", "INFO", "server")
    redis = next((line.split(":", 1)[1].strip() for line in info if line.startswith("redis_version")), "?")
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gib": round(ram_kb / 1024 / 1024),
        "debian": debian,
        "python": platform.python_version(),
        "postgresql": postgres.split()[0] if postgres != "?" else "?",
        "redis": redis,
    }


def sh_lines(*command) -> list[str]:
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=10).stdout.splitlines()
    except (OSError, subprocess.SubprocessError):
        return []


def describe_machine(m: dict) -> str:
    return (
        f"{m['cpu']}, {m['cores']} cores, {m['ram_gib']} GiB RAM, Debian {m['debian']}, Python {m['python']}, "
        f"PostgreSQL {m['postgresql']}, Redis {m['redis']}"
    )


# ---------------------------------------------------------------- the machine-readable summary


class Summary:
    """A bench's figures as it prints them, kept for `--json PATH`: the command, the load average before the
    run, its tables (each printed as it fills, exactly as before) and free lines (notes).

    `table(columns)` prints the Markdown header and returns a Table; `Table.row(cells)` prints one row. With no
    path the summary only prints, so a bench run by hand behaves as it always did."""

    def __init__(self, bench: str, path: str | None = None):
        self.path = path
        self.data = {
            "bench": bench,
            "command": command_line(),
            "started": datetime.now(UTC).isoformat(timespec="seconds"),
            "load_before": load_average(),
            "tables": [],
            "notes": [],
            "ok": True,
        }

    def table(self, columns, *, title="", printed=True) -> "Table":
        table = Table(list(columns), title, printed)
        self.data["tables"].append(table.data)
        return table

    def note(self, text: str, *, printed=True) -> None:
        if printed:
            print(text)
        self.data["notes"].append(text)

    def fail(self) -> None:
        self.data["ok"] = False

    def write(self) -> None:
        if self.path:
            Path(self.path).write_text(json.dumps(self.data, ensure_ascii=False, indent=1))


class Table:
    def __init__(self, columns, title, printed):
        self.printed = printed
        self.data = {"title": title, "columns": columns, "rows": [], "load": []}
        if printed:
            print("| " + " | ".join(columns) + " |")
            print("|" + "---|" * len(columns))

    def row(self, *cells, load=None) -> None:
        cells = [str(cell) for cell in cells]
        self.data["rows"].append(cells)
        self.data["load"].append(load)
        if self.printed:
            print("| " + " | ".join(cells) + " |")
            sys.stdout.flush()


def command_line() -> str:
    """How this bench was started, as one would type it (without `--json PATH`, which is run_all's)."""
    args, skip = [], False
    for arg in sys.argv[1:]:
        if skip or arg.startswith("--json="):
            skip = False
            continue
        if arg == "--json":
            skip = True
            continue
        args.append(arg)
    return " ".join([".venv/bin/python", f"bench/{Path(sys.argv[0]).name}", *args])


def json_argument(parser) -> None:
    parser.add_argument(
        "--json", metavar="PATH", help="also write the figures as JSON (bench/run_all.py rewrites docs from it)"
    )
