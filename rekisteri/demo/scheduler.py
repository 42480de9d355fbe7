"""The demo's scheduler: runs the scheduled jobs in a background thread, so the demo keeps
itself checked without a human. Production runs the same jobs from cron or systemd timers
(see the README).

Each job returns a one-line summary for the log. Summaries hold counts and sequence numbers,
never personal data, and a failing job is logged by its exception's type only: a database
error's message can quote the values of the row it was writing.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import close_old_connections, connection

from rekisteri.audit.verify import audit_verify
from rekisteri.marketing.jobs import CAMPAIGNS_SEND_INTERVAL, campaigns_send_job

logger = logging.getLogger("rekisteri.scheduler")

DEFAULT_AUDIT_VERIFY_INTERVAL = 600.0


@dataclass(frozen=True)
class Job:
    name: str
    interval: float  # seconds between the starts of two runs
    run: Callable[[], str]


def audit_verify_job() -> str:
    result = audit_verify()
    if not result.ok:
        raise AuditChainBroken(f"broken at entry {result.bad_sequence}: {result.problem}")
    return f"chain intact, {result.checked} entries, {result.anchored} anchor points"


def retention_job() -> str:
    from rekisteri.audit.actors import Actor
    from rekisteri.privacy.services import retention_run

    report = retention_run(actor=Actor.system("scheduler"))
    removed = ", ".join(f"{key} {count}" for key, count in sorted(report.removed.items()))
    return f"retention applied: {removed or 'nothing expired'}"


def payments_reconcile_job() -> str:
    import datetime

    from rekisteri.audit.actors import Actor
    from rekisteri.payments.services import payments_reconcile

    report = payments_reconcile(
        actor=Actor.system("scheduler"),
        older_than=datetime.timedelta(minutes=15),
        expire_after=datetime.timedelta(hours=24),
    )
    return (
        f"payments reconciled: asked {report.asked}, changed {report.changed}, "
        f"unreachable {report.unreachable}, cancelled {report.cancelled}"
    )


def backup_job() -> str:
    from rekisteri.audit.actors import Actor
    from rekisteri.backups.services import backup_create

    report = backup_create(actor=Actor.system("scheduler"))
    return (
        f"backup written: {report.path.name}, {report.trailer.payload_size} bytes, "
        f"{len(report.rotated)} old ones rotated away"
    )


class AuditChainBroken(Exception):
    """The audit chain did not verify; the message names the entry, not its content."""


def default_jobs() -> list[Job]:
    interval = float(
        getattr(settings, "REKISTERI_AUDIT_VERIFY_INTERVAL", DEFAULT_AUDIT_VERIFY_INTERVAL)
    )
    retention = float(settings.REKISTERI_RETENTION_INTERVAL)
    return [
        Job("audit_verify", interval, audit_verify_job),
        Job("retention_run", retention, retention_job),
        Job(
            "payments_reconcile",
            float(settings.REKISTERI_PAYMENTS_RECONCILE_INTERVAL),
            payments_reconcile_job,
        ),
        Job("campaigns_send", CAMPAIGNS_SEND_INTERVAL, campaigns_send_job),
        Job("backup", float(settings.REKISTERI_BACKUP_INTERVAL), backup_job),
    ]


class Scheduler:
    """Runs each job at start and then every ``interval`` seconds, one job at a time."""

    def __init__(
        self,
        jobs: Sequence[Job],
        *,
        tick: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.jobs = list(jobs)
        self._tick = tick
        self._clock = clock
        self._next_run = {job.name: 0.0 for job in self.jobs}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="rekisteri-scheduler", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def run_due(self) -> list[str]:
        """Run the jobs whose time has come; returns their names."""
        ran = []
        for job in self.jobs:
            if self._stop.is_set():
                break
            if self._clock() >= self._next_run[job.name]:
                self._run(job)
                self._next_run[job.name] = self._clock() + job.interval
                ran.append(job.name)
        return ran

    def _loop(self) -> None:
        try:
            while not self._stop.is_set():
                # Like a request: drop a connection the database has closed meanwhile.
                close_old_connections()
                self.run_due()
                self._stop.wait(self._tick)
        finally:
            connection.close()  # this thread's own connection

    def _run(self, job: Job) -> None:
        started = time.monotonic()
        try:
            summary = job.run()
        except AuditChainBroken as error:
            logger.error("%s: FAILED: %s", job.name, error)
        except Exception as error:
            logger.error("%s: FAILED with %s", job.name, type(error).__name__)
        else:
            seconds = time.monotonic() - started
            logger.info("%s: %s (%.2f s)", job.name, summary, seconds)
