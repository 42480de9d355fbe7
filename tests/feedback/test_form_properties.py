"""Property: whatever a visitor types into the feedback form, the answer is saved feedback
that holds what was typed, or a 400 with nothing saved; never a server error."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from rekisteri.audit.models import AuditEvent
from rekisteri.customers.models import Customer
from rekisteri.feedback.models import Feedback

any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=120)
plausible_text = st.text(st.characters(categories=("L", "Zs", "Nd", "P")), min_size=1, max_size=60)
long_text = st.text(st.characters(exclude_categories=("Cs",)), min_size=4900, max_size=5100)
emailish = st.one_of(st.just(""), any_text, st.emails())


def counts() -> tuple[int, int, int]:
    return Feedback.objects.count(), Customer.objects.count(), AuditEvent.objects.count()


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    message=st.one_of(any_text, plausible_text, long_text),
    name=st.one_of(st.just(""), any_text, plausible_text),
    email=emailish,
    wants_reply=st.sampled_from([None, "on", "", "false"]),
)
def test_any_feedback_is_saved_whole_or_refused_with_nothing_saved(
    client: Client, db: None, message: str, name: str, email: str, wants_reply: str | None
) -> None:
    data = {"message": message, "name": name, "email": email}
    if wants_reply is not None:
        data["wants_reply"] = wants_reply
    before = counts()

    response = client.post(reverse("feedback:form"), data)

    assert response.status_code in {303, 400}
    event(f"status {response.status_code}")
    after = counts()
    if response.status_code == 400:
        assert after == before
        return
    assert after[0] == before[0] + 1
    feedback = Feedback.objects.latest("pk")
    feedback.full_clean()
    assert feedback.message == message.strip()
    assert feedback.email == email.strip().lower()
    assert (feedback.customer is not None) == bool(feedback.email)
    assert not feedback.wants_reply or feedback.email
