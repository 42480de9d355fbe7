"""The marketing app's scheduled job, for the demo's scheduler (``rekisteri.demo.scheduler``)."""

from __future__ import annotations

CAMPAIGNS_SEND_INTERVAL = 60.0


def campaigns_send_job() -> str:
    from rekisteri.audit.actors import Actor
    from rekisteri.marketing.services import campaigns_send

    report = campaigns_send(actor=Actor.system("scheduler"))
    return (
        f"campaigns sent: finished {report.campaigns_finished}, messages {report.sent}, "
        f"failed {report.failed}"
    )
