"""Benchmark of backups and restores against the database's own tools, run by hand (never in
tests).

On a throwaway database of the configured kind (SQLite by default, PostgreSQL when
DATABASE_URL points at one), filled with ``rekisteri generate_data --customers N`` (default
1,000,000), each of these runs in a child process and is timed, with its peak memory:

  SQLite       rekisteri backup           against  sqlite3 DB ".backup FILE"
               rekisteri restore FILE     against  sqlite3 NEW ".restore FILE"
  PostgreSQL   rekisteri backup           against  pg_dump --format=custom
               rekisteri restore FILE     against  pg_restore into an empty database

                                             target: ours / theirs <= 1.5 in each case

Each backup and restore runs --repeat times (default 5), ours and theirs taking turns, and
the ratio is taken between the medians: the machine is shared, and one busy moment would
otherwise decide it. ``rekisteri backup_verify FILE`` is timed once (no counterpart, reported
only), and so is the start-up of a ``rekisteri`` command alone (``rekisteri version``), which
every run of ours includes and which dominates on a small database. Restores go into an empty
data directory (SQLite) or a new empty database (PostgreSQL) with the same key files, and the
restored database's customers are counted afterwards.

Our commands run as an installed program does, from compiled bytecode: the package is
compiled first, and a PYTHONDONTWRITEBYTECODE in the environment is not passed on (without
bytecode, every start would compile the project's modules again).

Peak memory is sampled from /proc every 50 ms while the child runs: the larger of the
summed resident sets of its whole process tree (``rekisteri backup`` may run ``pg_dump``
beside itself) and the largest high-water mark (VmHWM) of one process in it.

The throwaway database is a temporary SQLite file, or PostgreSQL databases
``rekisteri_bench_backup`` (and ``rekisteri_bench_backup_restore`` for the restores) beside
the configured one, dropped at the end (unless --keep-data, which keeps the generated one
for the next run: generating 1,000,000 customers takes minutes).

    python bench/backup.py --quick
    python bench/backup.py --customers 1000000 --keep-data /tmp/bench-backup-sqlite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rekisteri python bench/backup.py
"""

from __future__ import annotations

import argparse
import compileall
import datetime
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import bench.run
from bench.run import RESULTS_DIR, Figure, bench_database_url, is_postgresql

bench.run.BENCH_DATABASE = "rekisteri_bench_backup"
RESTORE_DATABASE = "rekisteri_bench_backup_restore"

RATIO_TARGET = 1.5
STARTUP = "rekisteri start-up"
REKISTERI = [str(Path(sys.executable).parent / "rekisteri")]
PACKAGE = Path(__file__).resolve().parent.parent / "rekisteri"
SAMPLE_SECONDS = 0.05
NO_BYTECODE = "PYTHONDONTWRITEBYTECODE"
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


@dataclass
class Run:
    label: str
    seconds: float
    peak_mib: float  # sampled from /proc: see MemorySampler
    maxrss_mib: float  # the kernel's ru_maxrss, which counts the fork before exec too


# Measuring a child process --------------------------------------------------------------


def _process_tree(root: int) -> dict[int, int]:
    """``root`` and all its descendants now, each with its parent (Linux /proc)."""
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as stat:
                # The command name may hold spaces; the fields after its ")" do not.
                fields = stat.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
    tree, frontier = {root: parents.get(root, 0)}, [root]
    while frontier:
        parent = frontier.pop()
        for pid, ppid in parents.items():
            if ppid == parent and pid not in tree:
                tree[pid] = ppid
                frontier.append(pid)
    return tree


def _command_line(pid: int) -> bytes | None:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            return cmdline.read()
    except OSError:
        return None


def _not_yet_exec(pid: int, parent: int) -> bool:
    """A child caught between fork and exec still runs its parent's program, in the
    parent's memory (vfork) or a copy-on-write image of it: counting it would count the
    parent twice."""
    own = _command_line(pid)
    return own is not None and own == _command_line(parent)


def _memory_kib(pid: int) -> tuple[int, int]:
    """A process's resident set now and its high-water mark since its last exec (KiB)."""
    rss = hwm = 0
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1])
                elif line.startswith("VmHWM:"):
                    hwm = int(line.split()[1])
    except OSError:
        pass  # it ended meanwhile
    return rss, hwm


class MemorySampler:
    """Samples a process tree's memory until stopped.

    The peak is the larger of the tree's summed resident sets (processes running side by
    side, such as ``rekisteri backup`` and its ``pg_dump``) and the largest high-water mark
    of one process. High-water marks count only from a process's exec: the kernel's own
    ``ru_maxrss`` would also count the forked copy of this (Python) process before exec. For
    the same reason a child sampled between its fork and its exec is left out.
    """

    def __init__(self, root: int) -> None:
        self.root = root
        self.tree_peak_kib = 0
        self.hwm_kib: dict[int, int] = {}
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._done.is_set():
            total = 0
            for pid, parent in _process_tree(self.root).items():
                if pid != self.root and _not_yet_exec(pid, parent):
                    continue
                rss, hwm = _memory_kib(pid)
                total += rss
                self.hwm_kib[pid] = max(self.hwm_kib.get(pid, 0), hwm)
            self.tree_peak_kib = max(self.tree_peak_kib, total)
            self._done.wait(SAMPLE_SECONDS)

    def stop(self) -> float:
        """The peak in MiB (0 when the process ended before the first sample)."""
        self._done.set()
        self._thread.join()
        return max(self.tree_peak_kib, *self.hwm_kib.values(), 0) / 1024


def measure(label: str, argv: list[str], env: dict[str, str]) -> tuple[Run, str]:
    """Run ``argv`` in a child process; its wall time, peak memory and standard output."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        print(f"  {label} ...", end="", flush=True)
        started = time.perf_counter()
        # Popen returns once the child has exec'd, so the first sample sees the program.
        child = subprocess.Popen(argv, env=env, stdout=out, stderr=err)
        sampler = MemorySampler(child.pid)
        # wait4 reaps the child with its own resource use; ru_maxrss (KiB on Linux) is the
        # largest resident set of the child or any descendant, the fork's copy included.
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        peak = sampler.stop()
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    if child.returncode != 0:
        print(" FAILED", flush=True)
        sys.stderr.write(stderr[-2000:])
        raise SystemExit(f"bench: {label} exited with {child.returncode}")
    largest = usage.ru_maxrss / 1024
    run = Run(label, seconds, peak or largest, largest)
    print(f" {run.seconds:.2f} s, peak memory {run.peak_mib:.0f} MiB", flush=True)
    return run, stdout


# The databases --------------------------------------------------------------------------


def _maintenance_url(url: str) -> str:
    return urlunsplit(urlsplit(url)._replace(scheme="postgresql", path="/postgres"))


def _database_url(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(scheme="postgresql", path="/" + name))


def _recreate_database(configured: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(_maintenance_url(configured), autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _drop_database(configured: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(_maintenance_url(configured), autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def _customers_in_postgres(url: str) -> int:
    import psycopg

    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT count(*) FROM customers_customer").fetchone()
    assert row is not None
    return int(row[0])


def _customers_in_sqlite(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("SELECT count(*) FROM customers_customer").fetchone()[0])


def _check_restored(label: str, found: int, expected: int) -> None:
    if found != expected:
        raise SystemExit(f"bench: {label} restored {found:,} customers, not {expected:,}")


def _size_mib(path: Path) -> float:
    return path.stat().st_size / 1024 / 1024


# The benchmark --------------------------------------------------------------------------


class Bench:
    """The throwaway database, its key files, and the runs measured on it."""

    def __init__(self, args: argparse.Namespace, configured: str, work: Path) -> None:
        self.args = args
        self.configured = configured
        self.postgres = bool(configured) and is_postgresql(configured)
        self.work = work
        # --keep-data keeps the generated database (and its key files) for the next run.
        self.kept: Path | None = args.keep_data
        home = self.kept or work
        self.data_dir = home / "data"
        self.keys = home / "keys"
        self.backups = work / "backups"
        for directory in (self.data_dir, self.keys, self.backups):
            directory.mkdir(parents=True, exist_ok=True)
        self.runs: list[Run] = []
        self.sizes: dict[str, float] = {}

    def env(self, *, data_dir: Path | None = None, database: str | None = None) -> dict[str, str]:
        """The children's environment: the throwaway data directory or database, and key
        files of their own that the restores share with the backups."""
        env = {
            **{name: value for name, value in os.environ.items() if name != NO_BYTECODE},
            "REKISTERI_ENV": "development",
            "DJANGO_SETTINGS_MODULE": "rekisteri.settings",
            "REKISTERI_DATA_DIR": str(data_dir or self.data_dir),
            "REKISTERI_BACKUP_DIR": str(self.backups),
            "REKISTERI_BACKUP_KEY_FILE": str(self.keys / "backup_key"),
            "REKISTERI_AUDIT_KEY_FILE": str(self.keys / "audit_key"),
            "REKISTERI_AUDIT_ANCHOR_FILE": str(self.keys / "audit-anchor.log"),
            "REKISTERI_ERASURE_LEDGER_FILE": str(self.keys / "erasure-ledger.log"),
        }
        if self.postgres:
            env["DATABASE_URL"] = _database_url(
                self.configured, database or bench.run.BENCH_DATABASE
            )
        else:
            env.pop("DATABASE_URL", None)
        return env

    def run(self, label: str, argv: list[str], env: dict[str, str]) -> str:
        run, stdout = measure(label, argv, env)
        self.runs.append(run)
        return stdout

    def setup(self) -> None:
        compileall.compile_dir(PACKAGE, quiet=1)
        marker = {"customers": self.args.customers, "postgresql": self.postgres}
        if self.kept is not None and (self.kept / "generated.json").is_file():
            if json.loads((self.kept / "generated.json").read_text()) != marker:
                raise SystemExit(f"bench: {self.kept} holds another database; remove it first")
            # A run without --keep-data drops the PostgreSQL database of the same name.
            if self._customers() == self.args.customers:
                print(f"Using the {self.args.customers:,} customers kept in {self.kept}")
                return
            print("The kept database is gone or changed; generating it again", flush=True)
        if self.kept is not None:  # what an interrupted run left behind, if anything
            for directory in (self.data_dir, self.keys):
                shutil.rmtree(directory)
                directory.mkdir()
        if self.postgres:
            _recreate_database(self.configured, bench.run.BENCH_DATABASE)
        print("Migrating the throwaway database ...", flush=True)
        subprocess.run([*REKISTERI, "migrate", "--verbosity=0"], env=self.env(), check=True)
        print(f"Generating {self.args.customers:,} customers ...", flush=True)
        started = time.perf_counter()
        subprocess.run(
            [*REKISTERI, "generate_data", "--customers", str(self.args.customers)],
            env=self.env(),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        print(f"  {time.perf_counter() - started:.1f} s", flush=True)
        if self.kept is not None:
            (self.kept / "generated.json").write_text(json.dumps(marker) + "\n")

    def _customers(self) -> int | None:
        """Customers in the benchmark's database, or None if there is none."""
        try:
            if self.postgres:
                url = _database_url(self.configured, bench.run.BENCH_DATABASE)
                return _customers_in_postgres(url)
            return _customers_in_sqlite(self.data_dir / "rekisteri.sqlite3")
        except Exception:  # no database, or no such table: either way, none kept
            return None

    def teardown(self) -> None:
        if self.postgres:
            if self.kept is None:
                _drop_database(self.configured, bench.run.BENCH_DATABASE)
            _drop_database(self.configured, RESTORE_DATABASE)

    def our_backup(self) -> Path:
        # Each turn's backup replaces the last one, as the native tools' file does (writing
        # into disk blocks freed a moment ago can be several times faster, on a virtual
        # disk, than into fresh ones, so both must be treated alike); an empty directory
        # also keeps two backups within one second from having the same name.
        shutil.rmtree(self.backups, ignore_errors=True)
        stdout = self.run(
            "rekisteri backup", [*REKISTERI, "backup", "--dir", str(self.backups)], self.env()
        )
        lines = stdout.splitlines()
        if not lines or not Path(lines[0].strip()).is_file():
            raise SystemExit("bench: rekisteri backup did not print the path of its file")
        path = Path(lines[0].strip())
        self.sizes["rekisteri backup"] = _size_mib(path)
        return path

    def startup_and_verify(self, backup: Path) -> None:
        # A command's start-up alone (Django, settings, apps): part of every run of ours.
        self.run(STARTUP, [*REKISTERI, "version"], self.env())
        self.run("rekisteri backup_verify", [*REKISTERI, "backup_verify", str(backup)], self.env())

    def sqlite(self) -> list[Figure]:
        database = self.data_dir / "rekisteri.sqlite3"
        native = self.work / "native.sqlite3"
        print(f"SQLite, {self.args.customers:,} customers ({_size_mib(database):,.0f} MiB)")
        # Ours and theirs take turns, so that a busy moment of the machine hits both.
        for _ in range(self.args.repeat):
            native.unlink(missing_ok=True)
            self.run(
                "sqlite3 .backup", ["sqlite3", str(database), f".backup {native}"], dict(os.environ)
            )
            ours = self.our_backup()
        self.sizes["sqlite3 .backup"] = _size_mib(native)
        self.startup_and_verify(ours)

        for turn in range(self.args.repeat):
            native_dir = self.work / f"native-restore-{turn}"
            native_dir.mkdir()
            restored = native_dir / "rekisteri.sqlite3"
            self.run(
                "sqlite3 .restore",
                ["sqlite3", str(restored), f".restore {native}"],
                dict(os.environ),
            )
            _check_restored("sqlite3 .restore", _customers_in_sqlite(restored), self.args.customers)
            shutil.rmtree(native_dir)

            our_dir = self.work / f"restore-{turn}"
            our_dir.mkdir()
            self.run(
                "rekisteri restore", [*REKISTERI, "restore", str(ours)], self.env(data_dir=our_dir)
            )
            _check_restored(
                "rekisteri restore",
                _customers_in_sqlite(our_dir / "rekisteri.sqlite3"),
                self.args.customers,
            )
            shutil.rmtree(our_dir)
        return [
            self.ratio("backup", "rekisteri backup", "sqlite3 .backup"),
            self.ratio("restore", "rekisteri restore", "sqlite3 .restore"),
        ]

    def postgresql(self) -> list[Figure]:
        source = _database_url(self.configured, bench.run.BENCH_DATABASE)
        target = _database_url(self.configured, RESTORE_DATABASE)
        native = self.work / "native.dump"
        print(f"PostgreSQL, {self.args.customers:,} customers")
        for _ in range(self.args.repeat):
            native.unlink(missing_ok=True)
            self.run(
                "pg_dump --format=custom",
                ["pg_dump", "--format=custom", f"--file={native}", f"--dbname={source}"],
                dict(os.environ),
            )
            ours = self.our_backup()
        self.sizes["pg_dump --format=custom"] = _size_mib(native)
        self.startup_and_verify(ours)

        for _ in range(self.args.repeat):
            _recreate_database(self.configured, RESTORE_DATABASE)
            self.run(
                "pg_restore", ["pg_restore", f"--dbname={target}", str(native)], dict(os.environ)
            )
            _check_restored("pg_restore", _customers_in_postgres(target), self.args.customers)

            _recreate_database(self.configured, RESTORE_DATABASE)
            self.run(
                "rekisteri restore",
                [*REKISTERI, "restore", str(ours)],
                self.env(database=RESTORE_DATABASE),
            )
            _check_restored(
                "rekisteri restore", _customers_in_postgres(target), self.args.customers
            )
        return [
            self.ratio("backup", "rekisteri backup", "pg_dump --format=custom"),
            self.ratio("restore", "rekisteri restore", "pg_restore"),
        ]

    def summary(self) -> dict[str, Run]:
        """Per command: the median time of its runs and the highest peak memory."""
        labels = dict.fromkeys(run.label for run in self.runs)
        summary = {}
        for label in labels:
            runs = [run for run in self.runs if run.label == label]
            summary[label] = Run(
                label,
                statistics.median(run.seconds for run in runs),
                max(run.peak_mib for run in runs),
                max(run.maxrss_mib for run in runs),
            )
        return summary

    def ratio(self, what: str, ours: str, theirs: str) -> Figure:
        summary = self.summary()
        value = summary[ours].seconds / summary[theirs].seconds
        return Figure(f"{what}: {ours} / {theirs}", value, "x", RATIO_TARGET, False)


def machine_info(postgres: bool, configured: str) -> dict[str, str]:
    info = {
        "cores": str(os.cpu_count()),
        "cpu": bench.run._cpu_model(),
        "memory": bench.run._memory(),
        "os": __import__("platform").platform(),
        "python": sys.version.split()[0],
    }
    if postgres:
        import psycopg

        with psycopg.connect(_maintenance_url(configured)) as conn:
            number = conn.info.server_version
        info["database"] = f"PostgreSQL {number // 10000}.{number % 10000}"
        info["tools"] = subprocess.run(
            ["pg_dump", "--version"], capture_output=True, text=True, check=True
        ).stdout.strip()
    else:
        info["database"] = f"SQLite {sqlite3.sqlite_version} (WAL, file in a temporary dir)"
        info["tools"] = (
            "sqlite3 "
            + subprocess.run(
                ["sqlite3", "--version"], capture_output=True, text=True, check=True
            ).stdout.split()[0]
        )
    return info


def report(bench_: Bench, info: dict[str, str], figures: list[Figure]) -> Path:
    print()
    print(f"{'run':<26}  {'median time':>11}  {'of':>3}  {'peak memory':>12}  {'file':>11}")
    for run in bench_.summary().values():
        size = bench_.sizes.get(run.label)
        file = f"{size:,.1f} MiB" if size is not None else ""
        count = sum(1 for each in bench_.runs if each.label == run.label)
        print(
            f"{run.label:<26}  {run.seconds:>9.2f} s  {count:>3}  {run.peak_mib:>8.0f} MiB  "
            f"{file:>11}"
        )
    bench.run.report(info, figures)
    RESULTS_DIR.mkdir(exist_ok=True)
    moment = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    vendor = "postgresql" if bench_.postgres else "sqlite"
    path = RESULTS_DIR / f"{moment}-backup-{vendor}.json"
    path.write_text(
        json.dumps(
            {
                "machine": info,
                "customers": bench_.args.customers,
                "repeat": bench_.args.repeat,
                "runs": [asdict(run) for run in bench_.runs],
                "file_sizes_mib": bench_.sizes,
                "figures": [{**asdict(figure), "ratio": figure.ratio} for figure in figures],
            },
            indent=2,
        )
        + "\n"
    )
    return path


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument(
        "--repeat", type=int, default=5, help="runs of each backup and restore (median taken)"
    )
    parser.add_argument("--quick", action="store_true", help="a small run to try the script")
    parser.add_argument(
        "--keep-data",
        type=Path,
        metavar="DIR",
        help="keep the generated database (SQLite files and key files in DIR; PostgreSQL's "
        "database is not dropped) and use it again when DIR already holds one",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.customers = 2_000
    for name in ("customers", "repeat"):
        if getattr(args, name) < 1:
            parser.error(f"--{name} must be positive")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    configured = os.environ.get("DATABASE_URL", "").strip()
    if configured and is_postgresql(configured):
        bench_database_url(configured)  # refuses a DATABASE_URL that names the bench's own
        if urlsplit(configured).path.strip("/") == RESTORE_DATABASE:
            raise SystemExit(f"bench: DATABASE_URL already names {RESTORE_DATABASE}; refusing")
    for tool in ("pg_dump", "pg_restore") if is_postgresql(configured) else ("sqlite3",):
        if shutil.which(tool) is None:
            raise SystemExit(f"bench: {tool} is not installed")
    work = Path(tempfile.mkdtemp(prefix="rekisteri-bench-backup-"))
    bench_ = Bench(args, configured, work)
    load = os.getloadavg()
    print(f"load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}", flush=True)
    try:
        bench_.setup()
        figures = bench_.postgresql() if bench_.postgres else bench_.sqlite()
        info = machine_info(bench_.postgres, configured)
    finally:
        bench_.teardown()
        shutil.rmtree(work, ignore_errors=True)
    load = os.getloadavg()
    print(f"load average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}", flush=True)
    path = report(bench_, info, figures)
    print(f"\nsaved to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
