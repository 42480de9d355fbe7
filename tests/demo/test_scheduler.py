"""The demo's scheduler: runs jobs on time and logs results without personal data."""

from __future__ import annotations

import logging
import threading

import pytest
from django.conf import settings

from rekisteri.audit.actors import Actor
from rekisteri.customers.models import Channel
from rekisteri.customers.services import customer_create
from rekisteri.demo.scheduler import Job, Scheduler, audit_verify_job, default_jobs


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_job_runs_at_start_and_then_every_interval() -> None:
    clock = FakeClock()
    runs: list[float] = []
    scheduler = Scheduler([Job("tick", 60, lambda: runs.append(clock.now) or "ok")], clock=clock)

    assert scheduler.run_due() == ["tick"]
    clock.now += 59
    assert scheduler.run_due() == []
    clock.now += 1
    assert scheduler.run_due() == ["tick"]
    assert runs == [1000.0, 1060.0]


def test_a_failing_job_is_logged_by_its_type_only(caplog) -> None:
    def leaky() -> str:
        raise ValueError("aino.virtanen@example.com")

    with caplog.at_level(logging.INFO, logger="rekisteri.scheduler"):
        Scheduler([Job("leaky", 60, leaky)]).run_due()

    assert "leaky: FAILED with ValueError" in caplog.text
    assert "aino" not in caplog.text


def test_the_thread_runs_jobs_until_stopped() -> None:
    ran = threading.Event()
    scheduler = Scheduler([Job("signal", 3600, lambda: ran.set() or "ok")], tick=0.01)

    scheduler.start()
    try:
        assert ran.wait(5)
    finally:
        scheduler.stop()
    assert scheduler._thread is not None and not scheduler._thread.is_alive()


def test_audit_verification_is_scheduled_at_the_configured_interval(settings) -> None:
    settings.REKISTERI_AUDIT_VERIFY_INTERVAL = 42

    jobs = {job.name: job for job in default_jobs()}

    assert jobs["audit_verify"].interval == 42


@pytest.mark.django_db
def test_audit_verification_logs_counts_not_people(caplog) -> None:
    customer_create(
        actor=Actor.system("test"),
        channel=Channel.CHECKOUT,
        first_name="Aino",
        last_name="Virtanen",
        email="aino.virtanen@example.com",
    )

    with caplog.at_level(logging.INFO, logger="rekisteri.scheduler"):
        Scheduler([Job("audit_verify", 60, audit_verify_job)]).run_due()

    assert "audit_verify: chain intact, 1 entries" in caplog.text
    assert "Aino" not in caplog.text and "virtanen" not in caplog.text


@pytest.mark.django_db
def test_a_broken_audit_chain_is_logged_as_a_failure(caplog) -> None:
    customer_create(
        actor=Actor.system("test"),
        channel=Channel.CHECKOUT,
        first_name="Aino",
        last_name="Virtanen",
        email="aino.virtanen@example.com",
    )
    # An anchor outside the database that disagrees with entry 1.
    anchor = settings.REKISTERI_AUDIT_ANCHOR_FILE
    anchor.write_text(f"1 {'f' * 64} 2025-01-01T00:00:00+00:00\n", encoding="ascii")

    with caplog.at_level(logging.INFO, logger="rekisteri.scheduler"):
        Scheduler([Job("audit_verify", 60, audit_verify_job)]).run_due()

    assert "audit_verify: FAILED: broken at entry 1" in caplog.text
    assert "Aino" not in caplog.text


@pytest.mark.django_db
def test_retention_is_scheduled_and_logs_counts_only(settings, caplog) -> None:
    from rekisteri.demo.scheduler import retention_job

    settings.REKISTERI_RETENTION_INTERVAL = 3600
    jobs = {job.name: job for job in default_jobs()}
    assert jobs["retention_run"].interval == 3600
    with caplog.at_level(logging.INFO, logger="rekisteri.scheduler"):
        Scheduler([Job("retention_run", 60, retention_job)]).run_due()
    assert "nothing expired" in caplog.text


def test_the_backup_is_scheduled_daily_unless_configured_otherwise(settings) -> None:
    assert {job.name: job for job in default_jobs()}["backup"].interval == 24 * 60 * 60

    settings.REKISTERI_BACKUP_INTERVAL = 7200
    jobs = {job.name: job for job in default_jobs()}

    assert jobs["backup"].interval == 7200


@pytest.mark.django_db(transaction=True)
def test_the_backup_job_writes_a_backup_and_logs_its_file_name_only(
    settings, tmp_path, caplog
) -> None:
    from rekisteri.demo.scheduler import backup_job

    settings.REKISTERI_BACKUP_DIR = tmp_path / "backups"
    settings.REKISTERI_BACKUP_KEY_FILE = tmp_path / "backup_key"
    customer_create(
        actor=Actor.system("test"),
        channel=Channel.CHECKOUT,
        first_name="Aino",
        last_name="Virtanen",
        email="aino.virtanen@example.com",
    )

    with caplog.at_level(logging.INFO, logger="rekisteri.scheduler"):
        Scheduler([Job("backup", 60, backup_job)]).run_due()

    [written] = (tmp_path / "backups").glob("rekisteri-*.rkb")
    assert f"backup: backup written: {written.name}" in caplog.text
    assert "Aino" not in caplog.text and "virtanen" not in caplog.text
