"""Withdrawal from a distance sale (L22): the 14-day period counted in local dates, one notice
per order, who may give it, the goods coming back, and the audit events."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from rekisteri.access.roles import Role
from rekisteri.accounts.actors import customer_actor
from rekisteri.audit.actors import Actor
from rekisteri.audit.models import AuditEvent
from rekisteri.orders.models import (
    NoticeChannel,
    Order,
    OrderStatus,
    Return,
    ReturnStatus,
)
from rekisteri.orders.returns import (
    easter_sunday,
    return_goods_received,
    return_notify,
    return_refund,
    withdrawal_deadline,
    withdrawal_state,
)
from tests.orders.factories import delivered_order, local_time, make_customer, shipped_order

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def customer_service(make_staff) -> Actor:
    return Actor.for_staff(make_staff(Role.CUSTOMER_SERVICE))


def _notify(order: Order, today: datetime.date | None = None) -> Return:
    assert order.customer is not None
    return return_notify(
        actor=customer_actor(order.customer),
        order=order,
        channel=NoticeChannel.CUSTOMER,
        today=today,
    )


# The deadline.


@pytest.mark.parametrize(
    ("year", "easter"),
    [(2024, D(2024, 3, 31)), (2025, D(2025, 4, 20)), (2026, D(2026, 4, 5)), (2038, D(2038, 4, 25))],
)
def test_easter_sunday(year: int, easter: datetime.date) -> None:
    assert easter_sunday(year) == easter


@pytest.mark.parametrize(
    ("delivered_on", "deadline"),
    [
        # An ordinary weekday: 14 days later.
        (D(2025, 3, 4), D(2025, 3, 18)),
        # Day 14 a Saturday: the next Monday.
        (D(2025, 3, 8), D(2025, 3, 24)),
        # Good Friday 18.4.2025, then Easter Monday: Tuesday.
        (D(2025, 4, 4), D(2025, 4, 22)),
        # Ascension Day 29.5.2025 (a Thursday): Friday.
        (D(2025, 5, 15), D(2025, 5, 30)),
        # Midsummer Eve 20.6.2025 (a Friday): Monday.
        (D(2025, 6, 6), D(2025, 6, 23)),
        # May Day 1.5.2026 (a Friday): Monday.
        (D(2026, 4, 17), D(2026, 5, 4)),
        # Independence Day 6.12.2024 (a Friday): Monday.
        (D(2024, 11, 22), D(2024, 12, 9)),
        # Christmas Eve, Christmas, Boxing Day and the weekend of 2025: Monday 29.12.
        (D(2025, 12, 10), D(2025, 12, 29)),
        # New Year's Day and Epiphany.
        (D(2025, 12, 18), D(2026, 1, 2)),
        (D(2025, 12, 23), D(2026, 1, 7)),
    ],
)
def test_the_deadline_moves_past_weekends_and_holidays(
    delivered_on: datetime.date, deadline: datetime.date
) -> None:
    assert withdrawal_deadline(delivered_on) == deadline


def test_day_14_is_allowed_and_day_15_is_not_counted_in_helsinki_dates() -> None:
    # 22.30 UTC on Monday 3.3. is already Tuesday 4.3. in Helsinki: day 14 is Tuesday 18.3.
    # (counted in UTC it would be Monday 17.3.).
    delivered_at = datetime.datetime(2025, 3, 3, 22, 30, tzinfo=datetime.UTC)
    order = delivered_order(delivered_at=delivered_at)
    late = delivered_order(delivered_at=delivered_at)

    notice = _notify(order, today=D(2025, 3, 18))
    with pytest.raises(ValidationError) as caught:
        _notify(late, today=D(2025, 3, 19))

    assert notice.notified_on == D(2025, 3, 18)
    assert caught.value.code == "period_over"
    assert "18" in caught.value.messages[0]  # the message names the deadline
    assert not Return.objects.filter(order=late).exists()


def test_the_period_starts_on_the_local_delivery_day_not_before_it() -> None:
    order = delivered_order(delivered_at=local_time(D(2025, 3, 4), 0, 30))
    with pytest.raises(ValidationError) as caught:
        _notify(order, today=D(2025, 3, 3))
    assert caught.value.code == "before_delivery"


def test_the_state_shows_the_deadline() -> None:
    order = delivered_order(delivered_at=local_time(D(2025, 3, 8)))
    state = withdrawal_state(order, today=D(2025, 3, 24))
    assert (state.delivered_on, state.deadline, state.possible) == (
        D(2025, 3, 8),
        D(2025, 3, 24),
        True,
    )
    assert not withdrawal_state(order, today=D(2025, 3, 25)).possible


# The notice.


def test_the_customer_notifies_and_it_is_recorded_and_audited(
    django_capture_on_commit_callbacks,
) -> None:
    order = delivered_order(customer=make_customer(email="aino@example.fi"), language="en")

    with django_capture_on_commit_callbacks(execute=True):
        notice = _notify(order)

    assert notice.status == ReturnStatus.NOTIFIED
    assert notice.notice_channel == NoticeChannel.CUSTOMER
    assert notice.notified_on == timezone.localdate()
    order.refresh_from_db()
    assert order.status == OrderStatus.DELIVERED  # until the refund
    event = AuditEvent.objects.get(action="orders.return_notify")
    assert event.subject == str(order.customer.public_id)
    assert event.actor_kind == "customer"
    assert event.detail == {"return": notice.pk, "order": order.pk, "channel": "customer"}
    assert event.purpose == "essential.service.operations"


def test_the_customer_gets_an_acknowledgement_by_email(django_capture_on_commit_callbacks) -> None:
    order = delivered_order(customer=make_customer(email="aino@example.fi"), language="en")

    with django_capture_on_commit_callbacks(execute=True):
        _notify(order)

    [message] = mail.outbox
    assert message.to == ["aino@example.fi"]
    assert str(order.number) in message.subject
    assert "within 14 days" in message.body
    assert "aino@example.fi" not in message.body


def test_a_refused_notice_sends_no_mail(django_capture_on_commit_callbacks) -> None:
    order = shipped_order()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        _notify(order)
    assert mail.outbox == []


def test_a_second_notice_is_refused() -> None:
    order = delivered_order()
    _notify(order)

    with pytest.raises(ValidationError) as caught:
        _notify(order)

    assert caught.value.code == "already_notified"
    assert Return.objects.filter(order=order).count() == 1
    assert AuditEvent.objects.filter(action="orders.return_notify").count() == 1


def test_the_goods_must_have_been_delivered() -> None:
    order = shipped_order()
    with pytest.raises(ValidationError) as caught:
        _notify(order)
    assert caught.value.code == "not_delivered"
    assert not Return.objects.exists()


def test_a_notice_cannot_be_dated_in_the_future(customer_service: Actor) -> None:
    order = delivered_order()
    with pytest.raises(ValidationError) as caught:
        return_notify(
            actor=customer_service,
            order=order,
            channel=NoticeChannel.CUSTOMER_SERVICE,
            today=timezone.localdate() + datetime.timedelta(days=1),
        )
    assert set(caught.value.message_dict) == {"notified_on"}


def test_another_customer_may_not_notify_for_the_order() -> None:
    order = delivered_order()
    stranger = make_customer()
    with pytest.raises(PermissionDenied):
        return_notify(actor=customer_actor(stranger), order=order, channel=NoticeChannel.CUSTOMER)
    assert not Return.objects.exists()


def test_a_visitor_with_the_link_may_notify_through_the_link_only() -> None:
    order = delivered_order()
    with pytest.raises(PermissionDenied):
        return_notify(actor=Actor.public(), order=order, channel=NoticeChannel.CUSTOMER)
    with pytest.raises(PermissionDenied):
        return_notify(actor=Actor.public(), order=order, channel=NoticeChannel.CUSTOMER_SERVICE)

    notice = return_notify(actor=Actor.public(), order=order, channel=NoticeChannel.ORDER_LINK)

    assert notice.notice_channel == NoticeChannel.ORDER_LINK
    assert AuditEvent.objects.get(action="orders.return_notify").actor_kind == "public"


def test_customer_service_records_a_notice_by_phone_with_its_date(customer_service: Actor) -> None:
    order = delivered_order(delivered_at=timezone.now() - datetime.timedelta(days=10))
    called_on = timezone.localdate() - datetime.timedelta(days=2)

    notice = return_notify(
        actor=customer_service,
        order=order,
        channel=NoticeChannel.CUSTOMER_SERVICE,
        today=called_on,
    )

    assert (notice.notified_on, notice.notice_channel) == (
        called_on,
        NoticeChannel.CUSTOMER_SERVICE,
    )
    assert AuditEvent.objects.get(action="orders.return_notify").actor_roles == "customer_service"


@pytest.mark.parametrize("role", [Role.WAREHOUSE, Role.MARKETING, Role.REGISTER_MANAGER])
def test_other_roles_may_not_record_a_notice(make_staff, role: Role) -> None:
    order = delivered_order()
    with pytest.raises(PermissionDenied):
        return_notify(
            actor=Actor.for_staff(make_staff(role)),
            order=order,
            channel=NoticeChannel.CUSTOMER_SERVICE,
        )


def test_staff_cannot_give_the_notice_as_the_customer(customer_service: Actor) -> None:
    order = delivered_order()
    with pytest.raises(PermissionDenied):
        return_notify(actor=customer_service, order=order, channel=NoticeChannel.CUSTOMER)


# The goods come back.


def _notified(**overrides: object) -> Return:
    order = delivered_order(delivered_at=timezone.now() - datetime.timedelta(days=5), **overrides)
    return _notify(order)


def test_customer_service_records_the_goods_received(customer_service: Actor) -> None:
    notice = _notified()
    today = timezone.localdate()

    received = return_goods_received(actor=customer_service, return_id=notice.pk, received_on=today)

    assert (received.status, received.goods_received_on) == (ReturnStatus.RECEIVED, today)
    event = AuditEvent.objects.get(action="orders.return_receive")
    assert event.detail == {"return": notice.pk, "order": notice.order_id}
    assert event.subject == str(notice.order.customer.public_id)


def test_goods_received_twice_is_refused(customer_service: Actor) -> None:
    notice = _notified()
    today = timezone.localdate()
    return_goods_received(actor=customer_service, return_id=notice.pk, received_on=today)
    with pytest.raises(ValidationError) as caught:
        return_goods_received(actor=customer_service, return_id=notice.pk, received_on=today)
    assert caught.value.code == "already_received"


@pytest.mark.parametrize("days", [1, -30])
def test_goods_received_in_the_future_or_before_the_delivery_is_refused(
    customer_service: Actor, days: int
) -> None:
    notice = _notified()
    with pytest.raises(ValidationError) as caught:
        return_goods_received(
            actor=customer_service,
            return_id=notice.pk,
            received_on=timezone.localdate() + datetime.timedelta(days=days),
        )
    assert set(caught.value.message_dict) == {"received_on"}
    notice.refresh_from_db()
    assert notice.status == ReturnStatus.NOTIFIED


def test_goods_received_after_the_refund_keep_the_return_refunded(
    customer_service: Actor,
) -> None:
    notice = _notified()
    Return.objects.filter(pk=notice.pk).update(status=ReturnStatus.REFUNDED)

    received = return_goods_received(
        actor=customer_service, return_id=notice.pk, received_on=timezone.localdate()
    )

    assert received.status == ReturnStatus.REFUNDED
    assert received.goods_received_on == timezone.localdate()


@pytest.mark.parametrize("role", [Role.WAREHOUSE, Role.CREDIT_CONTROL])
def test_other_roles_may_not_handle_returns(make_staff, role: Role) -> None:
    notice = _notified()
    actor = Actor.for_staff(make_staff(role))
    with pytest.raises(PermissionDenied):
        return_goods_received(actor=actor, return_id=notice.pk, received_on=timezone.localdate())
    with pytest.raises(PermissionDenied):
        return_refund(actor=actor, return_id=notice.pk)
    with pytest.raises(PermissionDenied):
        return_refund(actor=customer_actor(notice.order.customer), return_id=notice.pk)
    notice.refresh_from_db()
    assert notice.status == ReturnStatus.NOTIFIED


def test_a_refunded_return_is_not_refunded_again(customer_service: Actor) -> None:
    notice = _notified()
    Return.objects.filter(pk=notice.pk).update(status=ReturnStatus.REFUNDED)
    with pytest.raises(ValidationError) as caught:
        return_refund(actor=customer_service, return_id=notice.pk)
    assert caught.value.code == "refunded"


def test_an_unknown_return_is_not_found(customer_service: Actor) -> None:
    with pytest.raises(Return.DoesNotExist):
        return_refund(actor=customer_service, return_id=999_999)
