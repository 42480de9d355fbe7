"""The authorization matrix: every URL of the site (and every integration API operation) is
requested as a visitor, as customer A, as customer B and as a staff member of each single
role, and each answer is held to the access policy the view declares
(``rekisteri.access.declared``).

- A URL whose view declares no policy fails ``test_every_url_declares_an_access_policy``.
- A URL with parameters needs sample arguments in ``SAMPLES`` below (one line each, built
  from the world of ``world``: customer A's and B's order, return, credit account, contest
  entry and feedback, a product, the staff); one without fails
  ``test_every_url_with_parameters_has_sample_arguments``.
- The parameters are always A's objects, so customer B requesting them is the object-level
  check: B must get 404 or 403, never A's page.
- Every 403 must leave a ``security.access_denied`` event in the audit log.

What each policy expects:

| policy         | visitor               | customer A / B      | staff (each role)        |
|----------------|-----------------------|---------------------|--------------------------|
| public, signed | served                | served              | served                   |
| customer       | customer sign-in page | A served, B 404/403 | 403/404                  |
| staff(roles)   | staff sign-in page    | 403                 | served if role, else 403 |
| signed in      | staff sign-in page    | served              | served                   |
| api            | 401/403               | 401/403             | 401/403 (tokens only)    |

"Served" is any answer but 401, 403, a redirect to a sign-in page or a server error. A view
that takes POST only answers GET with 405: that counts as served for those let in, and those
who must be refused are then asked with an empty POST, which must be refused.
"""

from __future__ import annotations

import datetime
import functools
import inspect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import import_module
from typing import Any

import pytest
from django.core import signing
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from rekisteri.access.declared import AccessKind, AccessPolicy, policy_of
from rekisteri.access.roles import Role
from rekisteri.accounts.models import User
from rekisteri.audit.actors import Actor
from rekisteri.audit.denials import ACCESS_DENIED
from rekisteri.audit.models import AuditEvent
from rekisteri.consents.models import MarketingChannel
from rekisteri.consents.unsubscribe import unsubscribe_token
from rekisteri.customers.models import Channel, Customer
from rekisteri.customers.services import customer_create
from rekisteri.orders.links import order_token
from tests.fixtures.staff import sign_in_staff

# --- The world ------------------------------------------------------------------------------


@dataclass
class Person:
    customer: Customer
    user: User
    order: Any  # a delivered order of theirs
    shipment: Any
    return_record: Any
    credit_account: Any
    invoice: Any
    payment_default: Any
    contest_entry: Any
    feedback: Any

    @property
    def order_token(self) -> str:
        return order_token(self.order)


@dataclass
class World:
    a: Person
    b: Person
    staff: dict[Role, User]
    product: Any
    category: Any
    extra: dict[str, Any] = field(default_factory=dict)


# --- Sample URL arguments: one line per URL name with parameters ----------------------------
# Always customer A's objects (B asking for them is the object-level check).

Sample = Callable[[World], dict[str, Any]]
SAMPLES: dict[str, Sample] = {
    # Public and signed-link pages.
    "accounts:email_confirm": lambda w: {"token": "not-a-valid-token"},
    "accounts:password_reset_confirm": lambda w: {"uidb64": "MQ", "token": "set-password"},
    "consents:unsubscribe": lambda w: {
        "token": unsubscribe_token(w.a.customer, MarketingChannel.EMAIL)
    },
    "contests:detail": lambda w: {"pk": w.a.contest_entry.contest_id},
    "contests:entered": lambda w: {"pk": w.a.contest_entry.contest_id},
    "privacy:register_description_version": lambda w: {"number": 1},
    "shop:product": lambda w: {"slug": w.product.slug},
    "orders:guest_order": lambda w: {"token": w.a.order_token},
    "orders:guest_pay": lambda w: {"token": w.a.order_token},
    "orders:guest_cancel": lambda w: {"token": w.a.order_token},
    "orders:guest_withdraw": lambda w: {"token": w.a.order_token},
    "orders:guest_withdraw_done": lambda w: {"token": w.a.order_token},
    # My account: customer A's own objects.
    "orders:detail": lambda w: {"public_id": w.a.order.public_id},
    "orders:pay": lambda w: {"public_id": w.a.order.public_id},
    "orders:cancel": lambda w: {"public_id": w.a.order.public_id},
    "orders:withdraw": lambda w: {"public_id": w.a.order.public_id},
    "orders:withdraw_done": lambda w: {"public_id": w.a.return_record.order.public_id},
    # Staff pages.
    "staff:contest_entries": lambda w: {"pk": w.a.contest_entry.contest_id},
    "staff:contest_edit": lambda w: {"pk": w.a.contest_entry.contest_id},
    "staff:contest_draw": lambda w: {"pk": w.a.contest_entry.contest_id},
    "staff:feedback_detail": lambda w: {"pk": w.a.feedback.pk},
    "staff:catalogue_product_edit": lambda w: {"pk": w.product.pk},
    "staff:catalogue_category_edit": lambda w: {"pk": w.category.pk},
    "staff:orders_shipment_ship": lambda w: {"shipment_id": w.a.shipment.pk},
    "staff:orders_shipment_deliver": lambda w: {"shipment_id": w.a.shipment.pk},
    "staff:orders_return_receive": lambda w: {"return_id": w.a.return_record.pk},
    "staff:orders_return_refund": lambda w: {"return_id": w.a.return_record.pk},
    "staff:credit_account": lambda w: {"pk": w.a.credit_account.pk},
    "staff:credit_limit": lambda w: {"pk": w.a.credit_account.pk},
    "staff:credit_payment": lambda w: {"pk": w.a.invoice.pk},
    "staff:credit_default_mark": lambda w: {"pk": w.a.invoice.pk},
    "staff:credit_default_clear": lambda w: {"pk": w.a.payment_default.pk},
    "staff:customers_card": lambda w: {"public_id": w.a.customer.public_id},
    "staff:customers_correct": lambda w: {"public_id": w.a.customer.public_id},
    "staff:invitation": lambda w: {"token": "not-a-valid-token"},
    "staff:staff_account": lambda w: {"public_id": w.staff[Role.WAREHOUSE].public_id},
    "staff:staff_account_roles": lambda w: {"public_id": w.staff[Role.WAREHOUSE].public_id},
    "staff:staff_account_disable": lambda w: {"public_id": w.staff[Role.WAREHOUSE].public_id},
    "staff:staff_account_enable": lambda w: {"public_id": w.staff[Role.WAREHOUSE].public_id},
    "staff:staff_account_invite": lambda w: {"public_id": w.staff[Role.WAREHOUSE].public_id},
    "staff:staff_account_second_factor_reset": lambda w: {
        "public_id": w.staff[Role.WAREHOUSE].public_id
    },
    "staff:marketing_campaign": lambda w: {"pk": _a_row(w, "marketing", "delivery").campaign_id},
    "staff:marketing_campaign_send": lambda w: {
        "pk": _a_row(w, "marketing", "delivery").campaign_id
    },
    "staff:subject_requests_detail": lambda w: {"pk": _a_row(w, "subject_requests").pk},
    "staff:subject_requests_identity": lambda w: {"pk": _a_row(w, "subject_requests").pk},
    "staff:subject_requests_extend": lambda w: {"pk": _a_row(w, "subject_requests").pk},
    "staff:subject_requests_notes": lambda w: {"pk": _a_row(w, "subject_requests").pk},
    "staff:subject_requests_execute": lambda w: {"pk": _a_row(w, "subject_requests").pk},
    "staff:subject_requests_close": lambda w: {"pk": _a_row(w, "subject_requests").pk},
    "staff:authority_requests_detail": lambda w: {
        "public_id": _a_row(w, "authority_requests").public_id
    },
    "staff:authority_requests_approve": lambda w: {
        "public_id": _a_row(w, "authority_requests").public_id
    },
    "staff:authority_requests_reject": lambda w: {
        "public_id": _a_row(w, "authority_requests").public_id
    },
    "staff:authority_requests_package": lambda w: {
        "public_id": _a_row(w, "authority_requests").public_id
    },
    "staff:api_client_revoke": lambda w: {"public_id": _an_api_client(w).public_id},
    # The integration API.
    "api-v1:customer_get": lambda w: {"public_id": w.a.customer.public_id},
    "api-v1:customer_update_view": lambda w: {"public_id": w.a.customer.public_id},
    "api-v1:customer_orders": lambda w: {"public_id": w.a.customer.public_id},
    "api-v1:customer_order": lambda w: {
        "public_id": w.a.customer.public_id,
        "order_id": w.a.order.public_id,
    },
    "api-v1:customer_consents": lambda w: {"public_id": w.a.customer.public_id},
    "api-v1:consent_grant_view": lambda w: {
        "public_id": w.a.customer.public_id,
        "channel": "email",
    },
    "api-v1:consent_withdraw_view": lambda w: {
        "public_id": w.a.customer.public_id,
        "channel": "email",
    },
}

# URLs without a name (a catch-all): the path to request, keyed by the route.
UNNAMED: dict[str, str] = {
    "api/^(?P<rest>.*)$": "/api/ei-tallaista/",
}


def _a_row(w: World, app: str, kind: str = "request") -> Any:
    """Customer A's row made by an app's own test factory (``tests/<app>/subject_rows.py``,
    function ``<kind>_rows``), made once per test."""
    key = f"{app}.{kind}"
    if key not in w.extra:
        module = import_module(f"tests.{app}.subject_rows")
        (w.extra[key],) = getattr(module, f"{kind}_rows")(w.a.customer)
    return w.extra[key]


def _an_api_client(w: World) -> Any:
    """An integration client (made once per test)."""
    if "api_client" not in w.extra:
        from rekisteri.api.services import api_client_create

        w.extra["api_client"], _token = api_client_create(
            actor=Actor.system("test"), name="Matrix ERP", roles=[Role.CUSTOMER_SERVICE]
        )
    return w.extra["api_client"]


# Views of frameworks that serve nothing themselves (django-ninja's root only ever says 404).
NOT_SERVED = {"ninja.openapi.views.default_home"}


# --- Walking the URLs -----------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str  # namespaced URL name, or the route itself when it has none
    pattern: URLPattern
    route: str  # the full route, for messages
    converters: tuple[str, ...]

    @property
    def callback(self) -> Callable[..., Any]:
        return self.pattern.callback


def _walk(
    patterns: list[URLPattern | URLResolver],
    prefix: str = "",
    namespace: str = "",
    converters: tuple[str, ...] = (),
) -> Iterator[Route]:
    for entry in patterns:
        found = converters + tuple(getattr(entry.pattern, "converters", {}))
        regex = getattr(entry.pattern, "regex", None)
        if not found and regex is not None and regex.groupindex:
            found = tuple(regex.groupindex)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if entry.namespace else namespace
            yield from _walk(
                entry.url_patterns, prefix + str(entry.pattern), inner.lstrip(":"), found
            )
        else:
            route = prefix + str(entry.pattern)
            name = f"{namespace}:{entry.name}".lstrip(":") if entry.name else route
            yield Route(name, entry, route, found)


@functools.cache
def routes() -> tuple[Route, ...]:
    return tuple(
        route
        for route in _walk(get_resolver().url_patterns)
        if _qualified(route.callback) not in NOT_SERVED
        and not route.route.startswith(("static/", "media/"))
    )


def _qualified(callback: Callable[..., Any]) -> str:
    target = callback.func if isinstance(callback, functools.partial) else callback
    return f"{getattr(target, '__module__', '')}.{getattr(target, '__qualname__', '')}"


def _ninja_operations(callback: Callable[..., Any]) -> list[Any] | None:
    """The operations behind a django-ninja URL (its view closes over a PathView)."""
    for cell in getattr(inspect.unwrap(callback), "__closure__", None) or ():
        try:
            contents = cell.cell_contents
        except ValueError:
            continue
        if type(contents).__name__ == "PathView" and hasattr(contents, "operations"):
            return list(contents.operations)
    return None


def declared_policy(route: Route) -> AccessPolicy | None:
    policy = policy_of(route.callback)
    if policy is not None:
        return policy
    operations = _ninja_operations(route.callback)
    if operations and all(operation.auth_callbacks for operation in operations):
        return AccessPolicy(AccessKind.API)
    return None


ROUTES = routes()


# --- Fixtures -------------------------------------------------------------------------------


def _person(letter: str) -> Person:
    from tests.contests.subject_rows import entry_rows
    from tests.credit.subject_rows import default_rows
    from tests.feedback.subject_rows import feedback_rows
    from tests.orders.subject_rows import order_rows, return_rows, shipment_rows

    customer = customer_create(
        actor=Actor.system("test"),
        channel=Channel.REGISTRATION,
        first_name=f"Asiakas{letter}",
        last_name="Pallonen",
        email=f"asiakas.{letter.lower()}@example.fi",
        street_address="Kumikuja 1",
        postal_code="33100",
        city="Tampere",
        country="FI",
        phone="+358 40 123 4567",
    )
    user = User.objects.create_user(customer.email, "pallo-salasana-2026-" + letter)
    Customer.objects.filter(pk=customer.pk).update(user=user)
    customer.refresh_from_db()
    (order,) = order_rows(customer)
    (shipment,) = shipment_rows(customer)
    (return_record,) = return_rows(customer)
    (payment_default,) = default_rows(customer)
    (entry,) = entry_rows(customer)
    (feedback,) = feedback_rows(customer)
    return Person(
        customer=customer,
        user=user,
        order=order,
        shipment=shipment,
        return_record=return_record,
        credit_account=payment_default.account,
        invoice=payment_default.invoice,
        payment_default=payment_default,
        contest_entry=entry,
        feedback=feedback,
    )


@pytest.fixture
def world(db, make_staff: Callable[..., User], settings, tmp_path) -> World:
    from rekisteri.shop.models import Category, Product

    settings.MEDIA_ROOT = tmp_path / "media"
    category = Category.objects.create(name="Foliopallot", slug="foliopallot", position=1)
    product = Product.objects.create(
        category=category,
        name="Sydänpallo",
        slug="sydanpallo",
        price_cents=1290,
        vat_rate=Decimal("25.5"),
        stock=5,
        active=True,
    )
    return World(
        a=_person("A"),
        b=_person("B"),
        staff={role: make_staff(role) for role in Role},
        product=product,
        category=category,
    )


def _clients(world: World) -> dict[str, Client]:
    clients = {"anonymous": Client()}
    for label, person in (("customer A", world.a), ("customer B", world.b)):
        client = Client()
        client.force_login(person.user)
        clients[label] = client
    for role, user in world.staff.items():
        clients[f"staff {role.value}"] = sign_in_staff(Client(), user)
    return clients


# --- The expectations -----------------------------------------------------------------------


def _sign_in_paths() -> dict[str, str]:
    return {"staff": reverse("staff:login"), "customer": reverse("accounts:sign_in")}


def _redirect_to(response: Any) -> str:
    if response.status_code not in (301, 302, 303, 307, 308):
        return ""
    return str(response.get("Location", ""))


def _served(response: Any) -> str | None:
    """None when the answer counts as served, else what is wrong with it."""
    location = _redirect_to(response)
    if response.status_code >= 500:
        return f"server error {response.status_code}"
    if response.status_code in (401, 403):
        return f"refused with {response.status_code}"
    if any(location.startswith(path) for path in _sign_in_paths().values()):
        return f"sent to sign in ({location})"
    return None


def _expected(policy: AccessPolicy, who: str, with_objects: bool) -> str:
    """'served', 'staff_sign_in', 'customer_sign_in', 'refused' (403) or 'not_theirs'
    (403 or 404)."""
    kind = policy.kind
    if kind in (AccessKind.PUBLIC, AccessKind.SIGNED_LINK, AccessKind.SIGNED_REQUEST):
        return "served"
    if kind == AccessKind.API:
        return "api_refused"
    if who == "anonymous":
        return "customer_sign_in" if kind == AccessKind.CUSTOMER else "staff_sign_in"
    if kind == AccessKind.SIGNED_IN:
        return "served"
    if kind == AccessKind.CUSTOMER:
        if who == "customer A" or (who == "customer B" and not with_objects):
            return "served"
        # B asking for A's objects, or staff asking for a customer's page.
        return "not_theirs"
    # Staff pages.
    if not who.startswith("staff "):
        return "refused"
    role = Role(who.removeprefix("staff "))
    return "served" if not policy.roles or role in policy.roles else "refused"


def _problem(expected: str, response: Any) -> str | None:
    status, location = response.status_code, _redirect_to(response)
    paths = _sign_in_paths()
    if expected == "served":
        return _served(response)
    if expected == "staff_sign_in":
        return None if location.startswith(paths["staff"]) else f"got {status} {location}"
    if expected == "customer_sign_in":
        return None if location.startswith(paths["customer"]) else f"got {status} {location}"
    if expected == "refused":
        return None if status == 403 else f"got {status} {location}, expected 403"
    if expected == "not_theirs":
        return None if status in (403, 404) else f"got {status} {location}, expected 403/404"
    if expected == "api_refused":
        return None if status in (401, 403) else f"got {status} {location}, expected 401/403"
    raise AssertionError(expected)


def _post_only(response: Any) -> bool:
    return response.status_code == 405 and "GET" not in response.get("Allow", "")


def _denials() -> int:
    return AuditEvent.objects.filter(action=ACCESS_DENIED).count()


def _ask(client: Client, url: str, expected: str) -> tuple[Any, str]:
    before = _denials()
    response = client.get(url)
    method = "GET"
    if _post_only(response) and expected != "served":
        before = _denials()
        response = client.post(url)
        method = "POST"
    if response.status_code == 403 and _denials() == before:
        return response, f"{method}: a 403 without a {ACCESS_DENIED} audit event"
    return response, method


def _url(route: Route, world: World) -> str:
    if not route.pattern.name:
        return UNNAMED[route.route]
    sample = SAMPLES.get(route.name)
    return reverse(route.name, kwargs=sample(world) if sample else {})


# --- The tests ------------------------------------------------------------------------------


def test_every_url_declares_an_access_policy() -> None:
    missing = [f"{r.name} ({r.route})" for r in ROUTES if declared_policy(r) is None]
    assert not missing, (
        "These URLs' views declare no access policy. Use role_required/staff_required, "
        "customer_required, login_not_required or a decorator of rekisteri.access.declared "
        "(public, signed_link, signed_request, signed_in, customer_page, api_operation): "
        + ", ".join(missing)
    )


def missing_samples() -> list[str]:
    return sorted(
        route.name
        for route in ROUTES
        if route.converters and route.name not in SAMPLES and route.route not in UNNAMED
    )


def test_every_url_with_parameters_has_sample_arguments() -> None:
    missing = missing_samples()
    assert not missing, (
        "Add a line for each of these URL names to SAMPLES in "
        "tests/test_authorization_matrix.py (sample URL arguments built from the world): "
        + ", ".join(missing)
    )


def test_the_samples_name_only_urls_that_exist() -> None:
    names = {route.name for route in ROUTES}
    stale = sorted(set(SAMPLES) - names)
    assert not stale, "Remove these from SAMPLES (no such URL any more): " + ", ".join(stale)


def test_every_url_has_a_name_or_a_sample_path() -> None:
    nameless = [r.route for r in ROUTES if not r.pattern.name and r.route not in UNNAMED]
    assert not nameless, "Name these URLs, or add a path for them to UNNAMED: " + ", ".join(
        nameless
    )


@pytest.mark.parametrize("route", ROUTES, ids=[route.name for route in ROUTES])
def test_the_matrix(route: Route, world: World) -> None:
    policy = declared_policy(route)
    if policy is None:
        pytest.fail(f"{route.name} declares no access policy (see the first test)")
    if route.name in missing_samples():
        pytest.fail(f"add a line for {route.name} to SAMPLES in {__file__}")
    url = _url(route, world)
    problems = []
    for who, client in _clients(world).items():
        expected = _expected(policy, who, bool(route.converters))
        response, note = _ask(client, url, expected)
        problem = note if note not in ("GET", "POST") else None
        if problem is None and not (expected == "served" and _post_only(response)):
            problem = _problem(expected, response)
        if problem:
            problems.append(f"{who}: {problem}")
    assert not problems, f"{route.name} ({policy.kind}) {url}: " + "; ".join(problems)


# --- Object-level checks beyond the matrix --------------------------------------------------


def _b_client(world: World) -> Client:
    client = Client()
    client.force_login(world.b.user)
    return client


@pytest.mark.parametrize(
    "name", ["orders:detail", "orders:withdraw", "orders:withdraw_done", "orders:pay"]
)
def test_customer_b_never_reaches_a_s_order_pages(world: World, name: str) -> None:
    client = _b_client(world)
    for order in (world.a.order, world.a.return_record.order, world.a.shipment.order):
        url = reverse(name, kwargs={"public_id": order.public_id})
        response = client.post(url) if name == "orders:pay" else client.get(url)
        assert response.status_code in (403, 404), (name, response.status_code)


def test_customer_b_sees_only_their_own_orders_credit_and_data(world: World) -> None:
    client = _b_client(world)
    pages = [
        reverse("orders:my_orders"),
        reverse("credit:my_credit"),
        reverse("privacy:my_data"),
        reverse("privacy:my_data_json"),
        reverse("accounts:my_account"),
        reverse("accounts:profile"),
    ]
    # Marks only A's data can carry (numbers are short and would match B's own by chance).
    a_marks = [
        str(world.a.order.public_id),
        str(world.a.return_record.order.public_id),
        str(world.a.invoice.order.public_id),
        str(world.a.customer.public_id),
        world.a.customer.email,
        world.a.customer.first_name,
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        leaked = [mark for mark in a_marks if mark in body]
        assert not leaked, f"{url} shows customer A's {leaked}"


def test_forged_guest_links_to_b_s_orders_are_not_found(world: World) -> None:
    client = Client()
    client.force_login(world.a.user)
    b_id = str(world.b.order.public_id)
    a_token = world.a.order_token
    forged = [
        # B's order id under another salt, or with A's signature glued on.
        signing.dumps(b_id, salt="rekisteri.other", compress=False),
        signing.dumps(b_id, salt="rekisteri.orders.link", compress=False, key="x" * 50),
        b_id + ":" + a_token.rsplit(":", 1)[-1],
        a_token[:-2] + ("AA" if not a_token.endswith("AA") else "BB"),
    ]
    for token in forged:
        for name in ("orders:guest_order", "orders:guest_withdraw", "orders:guest_withdraw_done"):
            response = client.get(reverse(name, kwargs={"token": token}))
            assert response.status_code == 404, (name, token, response.status_code)
        response = client.post(reverse("orders:guest_cancel", kwargs={"token": token}))
        assert response.status_code == 404


def test_a_refusal_is_audited_without_personal_data(world: World) -> None:
    client = _b_client(world)
    before = timezone.now() - datetime.timedelta(seconds=1)

    response = client.get(reverse("staff:home"))

    assert response.status_code == 403
    event = AuditEvent.objects.get(action=ACCESS_DENIED, occurred_at__gte=before)
    assert event.actor_kind == "customer"
    assert event.actor_ref == str(world.b.customer.public_id)
    assert event.subject == ""
    assert event.detail == {"method": "GET", "view": "staff:home"}
    assert world.b.customer.email not in str(event.detail)


def test_a_staff_member_refused_a_customer_page_is_audited(world: World) -> None:
    staff = world.staff[Role.CUSTOMER_SERVICE]
    client = sign_in_staff(Client(), staff)

    assert client.get(reverse("orders:my_orders")).status_code == 403

    event = AuditEvent.objects.get(action=ACCESS_DENIED)
    assert event.actor_ref == str(staff.public_id)
    assert event.actor_roles == Role.CUSTOMER_SERVICE.value
    assert event.detail["view"] == "orders:my_orders"


# --- The integration API's operations, with a client token of each role ----------------------
# Placeholders of the API's paths (``{public_id}``…): customer A's objects.

API_PLACEHOLDERS: dict[str, Sample] = {
    "public_id": lambda w: {"public_id": w.a.customer.public_id},
    "order_id": lambda w: {"order_id": w.a.order.public_id},
    "channel": lambda w: {"channel": "email"},
}


def _api_operations() -> list[Any]:
    try:
        from rekisteri.api.policy import api_operations
    except ImportError:  # no API yet
        return []
    return list(api_operations())


API_OPERATIONS = _api_operations()


def _api_path(path: str, world: World) -> str:
    values: dict[str, Any] = {}
    for name in re.findall(r"{(\w+)}", path):
        if name not in API_PLACEHOLDERS:
            pytest.fail(f"add the API placeholder {{{name}}} to API_PLACEHOLDERS in {__file__}")
        values.update(API_PLACEHOLDERS[name](world))
    return re.sub(r"{(\w+)}", lambda match: str(values[match.group(1)]), path)


def test_the_api_is_walked_when_it_exists() -> None:
    api_routes = [route for route in ROUTES if route.route.startswith("api/")]
    if API_OPERATIONS:
        assert api_routes, "the API has operations, but the URL walk found none under api/"
        assert any(declared_policy(r) == AccessPolicy(AccessKind.API) for r in api_routes)


@pytest.mark.parametrize(
    "operation", API_OPERATIONS, ids=[f"{op.method} {op.path}" for op in API_OPERATIONS]
)
def test_the_api_matrix(operation: Any, world: World) -> None:
    from rekisteri.api.policy import CLIENT_ROLES
    from rekisteri.api.services import api_client_create

    path = _api_path(operation.path, world)
    # Not JSON: a client let in gets 400/422 and nothing is written.
    body = "" if operation.method == "GET" else "{not json"
    problems = []
    callers: dict[str, str | None] = {"no token": None}
    # Every role a client may hold (the administrator's is refused to clients).
    for role in sorted(CLIENT_ROLES):
        _client, token = api_client_create(
            actor=Actor.system("test"), name=f"matriisi-{role.value}", roles=[role]
        )
        callers[f"client {role.value}"] = token
    for who, token in callers.items():
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        before = _denials()
        response = Client().generic(
            operation.method, path, data=body, content_type="application/json", headers=headers
        )
        if operation.public:
            problem = _served(response)
        elif token is None:
            problem = None if response.status_code == 401 else f"got {response.status_code}"
        elif Role(who.removeprefix("client ")) in operation.roles:
            problem = _served(response)
        else:
            problem = None if response.status_code == 403 else f"got {response.status_code}"
        if problem is None and response.status_code == 403 and _denials() == before:
            problem = f"a 403 without a {ACCESS_DENIED} audit event"
        if problem:
            problems.append(f"{who}: {problem}")
    assert not problems, f"{operation.method} {path}: " + "; ".join(problems)
