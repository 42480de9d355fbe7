"""The staff console of issue 5 in a real browser, in Finnish, Swedish and English: each role
signs in through both steps, and every page it works with — with a customer who has rows in
every sub-register, requests waiting, audit events, a campaign draft and an API client —
passes axe-core with no serious or critical violation, has exactly one h1, a title of its
own, and a label for every form field. Pages with a form are also checked after a submission
with errors."""

from __future__ import annotations

import datetime
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page

from rekisteri.access.roles import Role
from rekisteri.accounts.models import User
from rekisteri.api.services import api_client_create, api_client_revoke
from rekisteri.audit.actors import Actor
from rekisteri.authority_requests.models import AuthorityRequest, Decision
from rekisteri.authority_requests.services import authority_request_record
from rekisteri.customers.models import Customer
from rekisteri.marketing.models import Campaign, CampaignStatus
from rekisteri.marketing.services import campaign_create
from rekisteri.staff import totp
from rekisteri.staff.services import staff_invite
from rekisteri.subject_requests.models import (
    RequestChannel,
    RequestKind,
    RequestStatus,
    SubjectRequest,
)
from rekisteri.subject_requests.services import request_receive
from tests.consents.conftest import permission_texts  # noqa: F401 - the first texts
from tests.fixtures.staff import TEST_TOTP_SECRET, enrol_staff
from tests.privacy.conftest import organisation  # noqa: F401 - the seed's organisation
from tests.privacy.subject_factories import make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long and fresh passphrase 2026"
LANGUAGES = ("fi", "sv", "en")
STAFF = "/henkilokunta"

# One h1, a title of the page's own (base.html puts " · <organisation>" after it), and a
# non-empty label for every field a person fills in: by <label>, aria-label or
# aria-labelledby. The page's language is returned too, to prove the language was switched.
STRUCTURE = r"""() => {
  const problems = [];
  const h1 = document.querySelectorAll('h1').length;
  if (h1 !== 1) problems.push(`${h1} h1 elements`);
  const title = document.querySelectorAll('head > title');
  if (title.length !== 1) problems.push(`${title.length} title elements`);
  else if (!document.title.split('·')[0].trim()) problems.push('a title without the page');
  const named = (id) => (document.getElementById(id) || {textContent: ''}).textContent.trim();
  for (const el of document.querySelectorAll('input, select, textarea')) {
    if (['hidden', 'submit', 'button', 'reset', 'image'].includes(el.type)) continue;
    const byLabel = Array.from(el.labels || []).some((l) => l.textContent.trim());
    const byAria = (el.getAttribute('aria-label') || '').trim()
      || (el.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean).some(named);
    if (!byLabel && !byAria) problems.push(`no label: ${el.tagName.toLowerCase()} ${el.name}`);
  }
  const ids = new Map();
  for (const el of document.querySelectorAll('[id]')) ids.set(el.id, (ids.get(el.id) || 0) + 1);
  for (const [id, n] of ids) if (n > 1) problems.push(`id ${id} used ${n} times`);
  for (const a of document.querySelectorAll('a[href^="#"]')) {
    const target = decodeURIComponent(a.getAttribute('href').slice(1));
    if (!target || !document.getElementById(target)) problems.push(`link to a missing #${target}`);
  }
  for (const el of document.querySelectorAll('[aria-describedby], [aria-labelledby]')) {
    for (const name of ['aria-describedby', 'aria-labelledby']) {
      for (const id of (el.getAttribute(name) || '').split(/\s+/).filter(Boolean)) {
        if (!document.getElementById(id)) problems.push(`${name} to a missing ${id}`);
      }
    }
  }
  for (const el of document.querySelectorAll('[aria-invalid="true"]')) {
    // Django ties a group's error to its fieldset; a single field's to the field itself.
    const holder = el.type === 'checkbox' || el.type === 'radio' ? el.closest('fieldset') : el;
    const described = (holder && holder.getAttribute('aria-describedby') || '')
      .split(/\s+/).some(named);
    if (!described) problems.push(`an error not tied to ${el.name || el.id}`);
  }
  for (const set of document.querySelectorAll('fieldset')) {
    const legend = set.querySelector(':scope > legend');
    if (!legend || !legend.textContent.trim()) problems.push('a fieldset without a legend');
  }
  return {problems, lang: document.documentElement.lang};
}"""

# Checked on a narrow screen too (once: the layout does not depend on the language).
NARROW_LANGUAGE = "en"
# What sticks out sideways at the viewport's width, tables' scrolling wrappers excepted.
REFLOW = r"""() => {
  const width = document.documentElement.clientWidth;
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '');
  const wide = (el) => el.getBoundingClientRect().right > width + 1;
  const spills = (el) => el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1
    && getComputedStyle(el).overflowX === 'visible';
  const problems = new Set();
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest('.table-wrap')) continue;
    const children = Array.from(el.children);
    if (wide(el) && !children.some(wide)) problems.add(`wider than the screen: ${name(el)}`);
    if (spills(el) && !children.some(spills)) problems.add(`text wider than its box: ${name(el)}`);
  }
  if (document.documentElement.scrollWidth > width + 1) problems.add('the page scrolls sideways');
  return Array.from(problems);
}"""


@dataclass
class Sweep:
    """Checks pages and collects what is wrong, by language and page."""

    page: Page
    base: str
    language: str = "fi"
    problems: dict[str, list[str]] = field(default_factory=dict)
    checked: int = 0
    # Reported, not failed: axe's moderate and minor findings, and what does not reflow on
    # a narrow screen (which the site's style sheet decides, not the pages).
    minor: dict[str, set[str]] = field(default_factory=dict)
    reflow: dict[str, set[str]] = field(default_factory=dict)

    def check(self, name: str) -> None:
        found = self._axe(name)
        structure = self.page.evaluate(STRUCTURE)
        found += structure["problems"]
        if structure["lang"] != self.language:
            found.append(f"page in {structure['lang']!r}, not {self.language!r}")
        if self.language == NARROW_LANGUAGE:
            found += self._narrow(name)
        if found:
            self.problems[f"{self.language} {name}"] = found
        self.checked += 1

    def _axe(self, name: str) -> list[str]:
        """axe-core's serious and critical violations (as ``serious_violations`` words
        them); the moderate and minor ones are noted."""
        serious = []
        for rule in Axe().run(self.page).response["violations"]:
            if rule["impact"] in {"serious", "critical"}:
                serious.append(f"{rule['id']}: {rule['help']}")
            else:
                self.minor.setdefault(f"{rule['impact']} {rule['id']}", set()).add(name)
        return serious

    def _narrow(self, name: str) -> list[str]:
        """The page on a narrow phone screen (WCAG 1.4.10 reflow, at 320 CSS pixels): no
        sideways scrolling of the page, and axe again (a table that now scrolls must be
        reachable by keyboard)."""
        page = self.page
        wide = page.viewport_size or {"width": 1280, "height": 720}
        page.set_viewport_size({"width": 320, "height": 640})
        try:
            found = [f"narrow: {problem}" for problem in self._axe(f"{name} (narrow)")]
            for problem in page.evaluate(REFLOW):
                self.reflow.setdefault(problem, set()).add(name)
        finally:
            page.set_viewport_size(wide)
        return found

    def visit(self, path: str, *, status: int = 200) -> None:
        response = self.page.goto(f"{self.base}{path}")
        assert response is not None
        assert response.status == status, (path, response.status)
        self.check(path)

    def submit(self, name: str, form: str = "main form.stacked", *, status: int = 400) -> None:
        """Submit ``form`` as it is filled now, and check the page that answers."""
        page = self.page
        with page.expect_navigation() as navigation:
            page.click(f"{form} button[type=submit]")
        response = navigation.value
        assert response is not None and response.status == status, (name, response.status)
        self.check(name)


@pytest.fixture
def sweep(live_server, browser) -> Iterator[Callable[[], Sweep]]:
    contexts = []

    def new() -> Sweep:
        context = browser.new_context(locale="fi-FI")
        contexts.append(context)
        return Sweep(page=context.new_page(), base=live_server.url)

    yield new
    for context in contexts:
        context.close()


def _language(sweep: Sweep, language: str) -> None:
    """Switch the browser's language as the language form does (by its cookie)."""
    sweep.page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": sweep.base}]
    )
    sweep.language = language


def _password_step(sweep: Sweep, user: User) -> None:
    page = sweep.page
    page.goto(f"{sweep.base}{STAFF}/kirjaudu/")
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form.stacked button[type=submit]")
    page.wait_for_load_state()


def _code_step(sweep: Sweep, code: str) -> None:
    page = sweep.page
    page.fill("#id_code", code)
    page.click("main form.stacked button[type=submit]")
    page.wait_for_load_state()


def _signed_in(sweep: Sweep, user: User) -> Sweep:
    """``sweep``'s browser signed in as ``user`` through both steps, as a person does."""
    enrol_staff(user)
    _password_step(sweep, user)
    assert "/henkilokunta/tunnistus/" in sweep.page.url
    _code_step(sweep, totp.totp(TEST_TOTP_SECRET, time.time()))
    assert sweep.page.url.endswith(f"{STAFF}/"), sweep.page.url
    return sweep


@dataclass
class World:
    person: Customer
    manager: User
    other_manager: User
    overdue: SubjectRequest
    to_check: SubjectRequest
    rectification: SubjectRequest
    done: SubjectRequest
    awaiting: AuthorityRequest
    mine: AuthorityRequest
    approved: AuthorityRequest
    draft: Campaign
    sent: Campaign


def _world(make_staff: Callable[..., User]) -> World:
    """A customer with rows everywhere (an order, a consent, a contest entry, feedback, a
    credit account, a closed data-subject request, an approved authority request, a campaign
    message), open requests in each state, a campaign draft and API clients; every service
    leaves its audit events."""
    person = make_person()
    manager = make_staff(Role.REGISTER_MANAGER, password=PASSWORD)
    other_manager = make_staff(Role.REGISTER_MANAGER, password=PASSWORD)
    as_manager = Actor.for_staff(manager)
    today = timezone.localdate()
    overdue = request_receive(
        actor=as_manager,
        customer=person,
        kind=RequestKind.ERASURE,
        channel=RequestChannel.PHONE,
        received_on=today - datetime.timedelta(days=40),
        identity_check_note="Soitettu takaisin rekisterissä olevaan numeroon",
    )
    to_check = request_receive(
        actor=as_manager, customer=person, kind=RequestKind.ACCESS, channel=RequestChannel.EMAIL
    )
    rectification = request_receive(
        actor=as_manager,
        customer=person,
        kind=RequestKind.RECTIFICATION,
        channel=RequestChannel.LETTER,
        received_on=today - datetime.timedelta(days=25),
        identity_check_note="Allekirjoitettu kirje, osoite täsmää",
    )
    done = SubjectRequest.objects.get(customer=person, status=RequestStatus.DONE)

    def record(by: User) -> AuthorityRequest:
        return authority_request_record(
            actor=Actor.for_staff(by),
            customer=person,
            authority="Poliisi / Sisä-Suomen poliisilaitos",
            legal_basis="Poliisilaki 872/2011 4 luku 3 §",
            reference="R-2026-11",
            received_at=timezone.now() - datetime.timedelta(hours=3),
            scope_subregisters=["customers"],
            decision=Decision.DISCLOSE,
        )

    awaiting = record(other_manager)
    mine = record(manager)
    approved = AuthorityRequest.objects.get(customer=person, status="approved")
    marketer = Actor.for_staff(make_staff(Role.MARKETING))
    draft = campaign_create(
        actor=marketer,
        subject="Joulun ilmapallot",
        body="Punaiset ja vihreät pallot ovat tulleet.",
        language="fi",
        soft_opt_in=True,
    )
    sent = Campaign.objects.get(status=CampaignStatus.SENT)
    administrator = Actor.for_staff(make_staff(Role.ADMINISTRATOR))
    api_client_create(
        actor=administrator, name="Verkkokauppa", roles=[Role.CUSTOMER_SERVICE, Role.WAREHOUSE]
    )
    old, _token = api_client_create(actor=administrator, name="Kirjanpito", roles=[Role.MARKETING])
    api_client_revoke(actor=administrator, client=old)
    return World(
        person=person,
        manager=manager,
        other_manager=other_manager,
        overdue=overdue,
        to_check=to_check,
        rectification=rectification,
        done=done,
        awaiting=awaiting,
        mine=mine,
        approved=approved,
        draft=draft,
        sent=sent,
    )


def _search_and_card(sweep: Sweep, world: World, *, corrects: bool) -> None:
    """The customer search (empty, refused, with results) and the card; the correction form
    with an error for the roles that correct."""
    page = sweep.page
    sweep.visit(f"{STAFF}/asiakkaat/")
    sweep.submit("search without a term")
    page.fill("#id_term", "pallonen")
    sweep.submit("search results", status=200)
    assert page.locator("main table tbody tr").count() == 1
    page.fill("#id_term", "ei-ketään-tällä-nimellä")
    sweep.submit("search without results", status=200)
    card = f"{STAFF}/asiakkaat/{world.person.public_id}/"
    sweep.visit(card)
    if corrects:
        page.fill("main form.stacked input[name=email]", "ei osoite")
        sweep.submit("correction with an error")
        assert page.locator(".error-summary").count() == 1
    else:
        assert page.locator("main form.stacked").count() == 0


def _forge_role(page: Page) -> None:
    """Tick a role checkbox whose value has been changed to a role that does not exist."""
    page.eval_on_selector(
        "input[name=roles]", "(box) => { box.value = 'no-such-role'; box.checked = true; }"
    )


def _report(*sweeps: Sweep) -> None:
    """Print what was checked and noted (``pytest -s`` shows it); fail on any problem."""
    problems: dict[str, list[str]] = {}
    for sweep in sweeps:
        problems.update(sweep.problems)
    print(f"\n{sum(sweep.checked for sweep in sweeps)} pages checked")
    for kind in ("minor", "reflow"):
        for finding, pages in sorted(
            {k: v for s in sweeps for k, v in getattr(s, kind).items()}.items()
        ):
            print(f"  {kind}: {finding}: {', '.join(sorted(pages))}")
    for name, found in problems.items():
        print(f"  PROBLEM {name}: {sorted(set(found))}")
    assert problems == {}


def _run(sweep: Sweep, pages: Callable[[Sweep], None]) -> None:
    for language in LANGUAGES:
        _language(sweep, language)
        sweep.visit(f"{STAFF}/")
        pages(sweep)
    _report(sweep)


def test_customer_service_pages(
    sweep,
    make_staff,
    permission_texts,  # noqa: F811
    organisation,  # noqa: F811
) -> None:
    world = _world(make_staff)
    browser = _signed_in(sweep(), make_staff(Role.CUSTOMER_SERVICE, password=PASSWORD))

    def pages(sweep: Sweep) -> None:
        _search_and_card(sweep, world, corrects=True)
        sweep.visit(f"{STAFF}/tietopyynnot/uusi/")
        sweep.submit("receive form with errors")
        sweep.visit(f"{STAFF}/tunnistus/varakoodit/")

    _run(browser, pages)


def test_credit_control_pages(
    sweep,
    make_staff,
    permission_texts,  # noqa: F811
    organisation,  # noqa: F811
) -> None:
    world = _world(make_staff)
    browser = _signed_in(sweep(), make_staff(Role.CREDIT_CONTROL, password=PASSWORD))
    _run(browser, lambda sweep: _search_and_card(sweep, world, corrects=False))


def test_register_manager_pages(
    sweep,
    make_staff,
    permission_texts,  # noqa: F811
    organisation,  # noqa: F811
) -> None:
    world = _world(make_staff)
    browser = _signed_in(sweep(), world.manager)

    def pages(sweep: Sweep) -> None:
        page = sweep.page
        _search_and_card(sweep, world, corrects=True)
        # The marketing figures (without the export, which is marketing's).
        sweep.visit(f"{STAFF}/markkinointi/")
        # The data-subject request queue, its filters, and each request's page.
        for query in ("", "?tila=all", "?tila=identity_check", "?tila=done"):
            sweep.visit(f"{STAFF}/tietopyynnot/{query}")
        sweep.visit(f"{STAFF}/tietopyynnot/?tila=no-such", status=400)
        for request in (world.overdue, world.to_check, world.rectification, world.done):
            sweep.visit(f"{STAFF}/tietopyynnot/{request.pk}/")
        sweep.visit(f"{STAFF}/tietopyynnot/{world.overdue.pk}/")
        sweep.submit("extension without a reason", "main form[action$='/jatko/']")
        sweep.visit(f"{STAFF}/tietopyynnot/uusi/")
        sweep.submit("receive form with errors")
        # Authority requests: the list, the record form (also refused), each state's page.
        sweep.visit(f"{STAFF}/viranomaispyynnot/")
        sweep.visit(f"{STAFF}/viranomaispyynnot/uusi/")
        sweep.submit("authority request form with errors")
        for authority_request in (world.awaiting, world.mine, world.approved):
            sweep.visit(f"{STAFF}/viranomaispyynnot/{authority_request.public_id}/")
        # The audit review: empty, searched by the person's email address (the results),
        # by a staff member, and with an id that is not one.
        sweep.visit(f"{STAFF}/loki/")
        page.fill("#id_subject", world.person.email)
        sweep.submit("audit review results", status=200)
        assert page.locator("main table tbody tr").count() > 0
        sweep.visit(f"{STAFF}/loki/?staff={world.other_manager.public_id}&action=*.read")
        sweep.visit(f"{STAFF}/loki/?subject=ei-tunniste", status=400)
        sweep.visit(f"{STAFF}/tunnistus/varakoodit/")

    _run(browser, pages)


def test_marketing_pages(
    sweep,
    make_staff,
    permission_texts,  # noqa: F811
    organisation,  # noqa: F811
) -> None:
    world = _world(make_staff)
    browser = _signed_in(sweep(), make_staff(Role.MARKETING, password=PASSWORD))

    def pages(sweep: Sweep) -> None:
        sweep.visit(f"{STAFF}/markkinointi/")
        # A forged channel: the export is refused on the overview page.
        sweep.page.eval_on_selector(
            "#id_channel", "(select) => { select.options[0].value = 'no-such-channel'; }"
        )
        sweep.page.select_option("#id_channel", index=0)
        sweep.submit("export with a forged channel")
        sweep.visit(f"{STAFF}/markkinointi/kampanjat/")
        sweep.visit(f"{STAFF}/markkinointi/kampanjat/uusi/")
        sweep.submit("campaign form with errors")
        sweep.visit(f"{STAFF}/markkinointi/kampanjat/{world.draft.pk}/")
        sweep.visit(f"{STAFF}/markkinointi/kampanjat/{world.sent.pk}/")

    _run(browser, pages)


def test_administrator_pages(
    sweep,
    make_staff,
    permission_texts,  # noqa: F811
    organisation,  # noqa: F811
) -> None:
    world = _world(make_staff)
    administrator = make_staff(Role.ADMINISTRATOR, password=PASSWORD)
    invited = make_staff(Role.WAREHOUSE, password=PASSWORD)
    invited.set_unusable_password()
    invited.save()
    browser = _signed_in(sweep(), administrator)

    def pages(sweep: Sweep) -> None:
        page = sweep.page
        sweep.visit(f"{STAFF}/kayttajat/")
        for user in (administrator, invited, world.manager):
            sweep.visit(f"{STAFF}/kayttajat/{user.public_id}/")
        _forge_role(page)
        sweep.submit("staff roles with a forged role")
        sweep.visit(f"{STAFF}/kayttajat/uusi/")
        sweep.submit("staff account form with errors")
        _forge_role(page)
        sweep.submit("staff account form with a forged role")
        sweep.visit(f"{STAFF}/rajapinta/")
        sweep.visit(f"{STAFF}/rajapinta/uusi/")
        sweep.submit("API client form with errors")
        _forge_role(page)
        sweep.submit("API client form with a forged role")
        page.fill("#id_name", f"Kassa {sweep.language}")
        page.check(f"input[name=roles][value={Role.WAREHOUSE.value}]")
        sweep.submit("API client created", status=200)
        assert page.locator("#token").count() == 1
        sweep.visit(f"{STAFF}/tunnistus/varakoodit/")

    _run(browser, pages)


def test_second_factor_pages(
    sweep,
    make_staff,
    organisation,  # noqa: F811
) -> None:
    """The invitation, taking the authenticator into use, the recovery codes once, and the
    code page (also with a wrong code), in each language, each by a person of their own."""
    administrator = Actor.for_staff(make_staff(Role.ADMINISTRATOR))
    sweeps: list[Sweep] = []
    for language in LANGUAGES:
        browser = sweep()
        _language(browser, language)
        browser.visit(f"{STAFF}/kutsu/ei-tallaista-kutsua/", status=404)
        email = f"uusi-{language}@example.test"
        staff_invite(actor=administrator, email=email, roles=[Role.WAREHOUSE])
        token = re.search(r"/henkilokunta/kutsu/([A-Za-z0-9_\-]+)/", str(mail.outbox[-1].body))
        assert token is not None
        browser.visit(f"{STAFF}/kutsu/{token.group(1)}/")
        browser.submit("invitation without a password")
        browser.page.fill("#id_password", PASSWORD)
        browser.submit("invitation accepted", status=200)
        person = User.objects.get(email=email)
        _password_step(browser, person)
        assert "/tunnistus/kayttoonotto/" in browser.page.url
        browser.check("enrolment")
        browser.page.fill("#id_code", "000000")
        browser.submit("enrolment with a wrong code")
        secret = totp.secret_from_base32(browser.page.inner_text("#totp-secret"))
        browser.page.fill("#id_code", totp.totp(secret, time.time()))
        browser.submit("recovery codes", status=200)
        assert browser.page.locator("#recovery-codes li").count() == 10

        returning = sweep()
        _language(returning, language)
        _password_step(returning, person)
        assert returning.page.url.split("?")[0].endswith("/henkilokunta/tunnistus/")
        returning.check("code")
        returning.page.fill("#id_code", "000000")
        returning.submit("code with a wrong code")
        sweeps += [browser, returning]
    _report(*sweeps)
