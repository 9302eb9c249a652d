"""One DoA from its draft to the entry on duty, through the pages in a real (headless) browser, each
step taken by the person whose step it is: the host writes and submits the DoA, headquarters
approves it and starts sourcing, the candidate finds it and applies, the recruiter shortlists,
clears the reference check and submits the candidate to the host, the host assesses and chooses
them, the recruiter makes the offer, the candidate accepts and uploads the onboarding documents, the
recruiter verifies them and records the entry on duty."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import Select, WebDriverWait

from mobilize.assignments.models import Assignment
from mobilize.recruitment.models import Application, OnboardingTask
from mobilize.recruitment.tests.factories import consenting
from mobilize.requests.models import Doa
from mobilize.talent.tests.factories import PDF_BYTES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WAIT = 15


def click_and_wait(driver, element: WebElement) -> None:
    """Click something that loads a new page and wait until the new page has loaded.

    The old page is marked with a flag on ``window``; the new page is there when the flag is gone
    and the document is complete. This never touches an element of the old page after the click:
    Chromium may answer such a look-up, while the page is being replaced, with an "unhandled
    inspector error" instead of a stale-element error, which made the wait itself fail.
    """
    driver.execute_script("window.__mobilizeOldPage = true;")
    element.click()

    def new_page_loaded(d) -> bool:  # type: ignore[no-untyped-def]
        try:
            return bool(
                d.execute_script(
                    "return window.__mobilizeOldPage === undefined && document.readyState === 'complete';"
                )
            )
        except WebDriverException:  # the page is between documents: ask again
            return False

    WebDriverWait(driver, WAIT).until(new_page_loaded)


def in_main(driver, text: str, tag: str = "button") -> WebElement:
    """The ``tag`` (a button, a link) in the page's main part whose text is ``text``."""
    return driver.find_element(By.XPATH, f"//main//{tag}[normalize-space()={text!r}]")


def set_date(driver, field_id: str, day: dt.date) -> None:
    """Fill a date input whatever the browser's locale shows it as."""
    driver.execute_script(
        "arguments[0].value = arguments[1];", driver.find_element(By.ID, field_id), day.isoformat()
    )


def no_errors(driver) -> None:
    """The page shows no error (looked up at once: the page is loaded, nothing is to wait for)."""
    driver.implicitly_wait(0)
    try:
        errors = driver.find_elements(By.CSS_SELECTOR, "main .errors, main .error")
    finally:
        driver.implicitly_wait(5)
    assert not errors, [e.text for e in errors]


def test_one_doa_from_draft_to_entry_on_duty(cast, world, browser_as, tmp_path):
    consenting(world.volunteer)
    document = tmp_path / "document.pdf"
    document.write_bytes(PDF_BYTES)
    start = timezone.localdate() + dt.timedelta(days=60)
    title = "Community health officer walk-through"

    # the host's focal point writes the DoA (one position at Nairobi, reference checks) and submits it
    driver = browser_as(cast["focal"])
    driver.get(browser_as.url("/requests/new/"))
    driver.find_element(By.ID, "id_title").send_keys(title)
    Select(driver.find_element(By.ID, "id_host_entity")).select_by_value(str(world.host.pk))
    Select(driver.find_element(By.ID, "id_country")).select_by_value(str(world.country.pk))
    Select(driver.find_element(By.ID, "id_category")).select_by_value(str(world.category.pk))
    set_date(driver, "id_start_date", start)
    set_date(driver, "id_end_date", start + dt.timedelta(days=364))
    driver.find_element(By.ID, "id_description").send_keys("Support the county health teams.")
    driver.find_element(By.ID, "id_reference_checks_required").click()
    Select(driver.find_element(By.ID, "id_positions-0-duty_station")).select_by_value(str(world.station.pk))
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    no_errors(driver)
    assert re.search(r"/requests/\d+/$", driver.current_url)
    doa = Doa.objects.get(title=title)
    click_and_wait(driver, in_main(driver, "Submit for review"))
    no_errors(driver)

    # headquarters approves it and starts sourcing
    driver = browser_as(cast["hq"])
    driver.get(browser_as.url(f"/requests/{doa.pk}/"))
    click_and_wait(driver, in_main(driver, "Approve for sourcing"))
    click_and_wait(driver, in_main(driver, "Start sourcing"))
    no_errors(driver)
    doa.refresh_from_db()
    assert doa.status == Doa.Status.SOURCING

    # the candidate finds it among the opportunities and applies
    driver = browser_as(cast["volunteer"])
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Opportunities"))
    driver.find_element(By.ID, "id_q").send_keys("walk-through")
    # the filters update the results in place (and the address), without loading a new page
    driver.find_element(By.CSS_SELECTOR, "main form.filters button[type=submit]").click()
    WebDriverWait(driver, WAIT).until(lambda d: "walk-through" in d.current_url)
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "#results").find_element(By.LINK_TEXT, title))
    driver.find_element(By.ID, "id_motivation").send_keys("I worked five years with county health teams.")
    set_date(driver, "id_available_from", start - dt.timedelta(days=10))
    driver.find_element(By.ID, "id_self_declaration").click()
    click_and_wait(driver, in_main(driver, "Send my application"))
    no_errors(driver)
    application = Application.objects.get(doa=doa, candidate=world.volunteer)
    assert driver.current_url == browser_as.url(f"/recruitment/applications/{application.pk}/")

    # the recruiter shortlists from the sourcing board, clears the reference check, submits to the host
    driver = browser_as(cast["recruiter"])
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Sourcing"))
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, doa.reference))
    click_and_wait(
        driver,
        driver.find_element(By.CSS_SELECTOR, f"#application-{application.pk} form button[type=submit]"),
    )
    no_errors(driver)
    click_and_wait(driver, in_main(driver, "Clearances to decide", tag="a"))
    clearance = application.clearances.get()
    driver.find_element(By.ID, f"id_clearance-{clearance.pk}-status_0").click()  # cleared
    click_and_wait(driver, in_main(driver, "Record"))
    no_errors(driver)
    click_and_wait(driver, in_main(driver, "Submit to the host"))
    no_errors(driver)

    # the host assesses the candidate and chooses them
    driver = browser_as(cast["focal"])
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Candidates to assess"))
    click_and_wait(driver, in_main(driver, "Assess", tag="a"))
    Select(driver.find_element(By.ID, "id_method")).select_by_value("interview")
    Select(driver.find_element(By.ID, "id_result")).select_by_value("recommended")
    driver.find_element(By.ID, "id_score").send_keys("86")
    click_and_wait(driver, in_main(driver, "Record the assessment"))
    no_errors(driver)
    assert driver.find_element(By.ID, "id_as__0").is_selected()  # preferred
    click_and_wait(driver, in_main(driver, "Record the choice"))
    no_errors(driver)

    # the recruiter makes the offer with the dates proposed from the DoA
    driver = browser_as(cast["recruiter"])
    driver.get(browser_as.url(f"/recruitment/doas/{doa.pk}/"))
    click_and_wait(driver, in_main(driver, "Make the offer", tag="a"))
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    no_errors(driver)
    offer = application.offers.get()
    assert driver.current_url == browser_as.url(f"/recruitment/offers/{offer.pk}/")

    # the candidate accepts and uploads every onboarding document
    driver = browser_as(cast["volunteer"])
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "My offers"))
    click_and_wait(driver, in_main(driver, "Answer", tag="a"))
    assert driver.find_element(By.LINK_TEXT, "Offer letter (PDF)")
    click_and_wait(driver, in_main(driver, "Accept the offer"))
    no_errors(driver)
    click_and_wait(
        driver, driver.find_element(By.CSS_SELECTOR, "main").find_element(By.LINK_TEXT, "My onboarding")
    )
    for _task in range(len(OnboardingTask.Kind.values)):
        click_and_wait(driver, in_main(driver, "Submit", tag="a"))
        driver.find_element(By.ID, "id_file").send_keys(str(document))
        click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
        no_errors(driver)
        assert driver.current_url == browser_as.url("/recruitment/my/onboarding/")
    assert set(offer.onboarding_tasks.values_list("status", flat=True)) == {OnboardingTask.Status.SUBMITTED}

    # the recruiter verifies each and records the entry on duty
    driver = browser_as(cast["recruiter"])
    driver.get(browser_as.url(f"/recruitment/offers/{offer.pk}/"))
    for _task in range(len(OnboardingTask.Kind.values)):
        button = driver.find_element(By.XPATH, "//main//button[starts-with(normalize-space(), 'Verify ')]")
        click_and_wait(driver, button)
        no_errors(driver)
    click_and_wait(driver, in_main(driver, "Record the entry on duty"))
    no_errors(driver)
    assert "Entered on duty" in driver.find_element(By.TAG_NAME, "main").text

    # then the assignment exists on the DoA's position and the DoA is recruited
    assignment = Assignment.objects.get(volunteer=world.volunteer, position__doa=doa)
    assert assignment.entry_on_duty == start
    application.refresh_from_db()
    assert application.status == Application.Status.ON_DUTY
    assert application.assignment_id == assignment.pk
    doa.refresh_from_db()
    assert doa.status == Doa.Status.RECRUITED
