"""The browser set-up itself: headless Chromium signs in through the login page and sees the home
page with its navigation (the walk-throughs of each capability build on this)."""

import pytest
from selenium.webdriver.common.by import By

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_through_the_page_shows_the_home_page(cast, browser_as):
    driver = browser_as(cast["hq"])
    assert driver.current_url == browser_as.url("/")
    nav = driver.find_element(By.CSS_SELECTOR, "nav[aria-label=Main]").text.splitlines()
    assert "My tasks" in nav and "Audit trail" in nav
    assert driver.find_element(By.XPATH, "//button[normalize-space()='Sign out']")


def test_wrong_password_stays_on_the_login_page_with_an_error(cast, chromium, live_server):
    chromium.delete_all_cookies()
    chromium.get(live_server.url + "/accounts/login/")
    chromium.find_element(By.NAME, "username").send_keys(cast["hq"].username)
    chromium.find_element(By.NAME, "password").send_keys("wrong")
    chromium.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    error = chromium.find_element(By.CSS_SELECTOR, "[role=alert], .errorlist, .error")
    assert "/accounts/login/" in chromium.current_url
    assert error.text
