#!/usr/bin/env python3
"""The web interface in a real browser (headless Chromium through chromedriver, with Selenium).

Run by the Swift test BrowserTests against a server it started; it can also be run by hand against any server:

  python3 Tests/Browser/walkthrough.py --url http://127.0.0.1:8080 --researcher USER:PASSWORD \
      --reviewer USER:PASSWORD --screenshots DIR --exhibit FILE

A researcher signs in, enters a source, uploads an exhibit, creates an item (typing a place's name in Cyrillic and
choosing the match offered), links it to a criterion element, and submits it; a reviewer verifies it; the
researcher builds a dossier and downloads it. Along the way: keyboard navigation of the sign-in form, and every
page at 200 % zoom without sideways scrolling. A screenshot of each page is kept. Exit 0 when every check holds;
otherwise the first failed check is printed and the exit status is 1.
"""

import argparse
import os
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select


class Walkthrough:
    def __init__(self, args):
        self.url = args.url.rstrip("/")
        self.shots = args.screenshots
        self.downloads = os.path.join(self.shots, "downloads")
        os.makedirs(self.downloads, exist_ok=True)
        options = webdriver.ChromeOptions()
        options.binary_location = args.chromium
        for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1000",
                     "--no-first-run", "--disable-extensions", "--lang=en"]:
            options.add_argument(flag)
        self.driver = webdriver.Chrome(service=Service(args.chromedriver), options=options)
        self.driver.set_page_load_timeout(300)
        self.driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": self.downloads})
        self.step = 0

    # -- helpers ---------------------------------------------------------------------------------------------------

    def check(self, condition, what):
        if not condition:
            self.shot("failed")
            raise AssertionError(what + " (at " + self.driver.current_url + ")")

    def eventually(self, condition, what, seconds=120):
        """Waits for a condition that a click's navigation brings about, then checks it."""
        deadline = time.time() + seconds
        while time.time() < deadline:
            try:
                if condition():
                    return
            except Exception:
                pass
            time.sleep(0.1)
        self.check(condition(), what)

    def shot(self, name):
        self.step += 1
        path = os.path.join(self.shots, "%02d-%s.png" % (self.step, name))
        self.driver.save_screenshot(path)
        return path

    def go(self, path):
        self.driver.get(self.url + path)

    def field(self, name, form=None):
        scope = form if form is not None else self.driver
        return scope.find_element(By.NAME, name)

    def type(self, name, text, form=None):
        element = self.field(name, form)
        element.clear()
        element.send_keys(text)

    def choose(self, name, value, form=None):
        Select(self.field(name, form)).select_by_value(value)

    def body(self):
        return self.driver.find_element(By.TAG_NAME, "body").text

    def labels_hold(self):
        """Every visible input, select and textarea has a label that names it."""
        for element in self.driver.find_elements(By.CSS_SELECTOR, "input, select, textarea"):
            kind = element.get_attribute("type")
            if kind in ("hidden", "submit", "radio") or not element.is_displayed():
                continue
            ident = element.get_attribute("id")
            self.check(ident and self.driver.find_elements(By.CSS_SELECTOR, "label[for='%s']" % ident),
                       "the field %s has a label" % element.get_attribute("name"))

    def zoomed(self, name):
        """The page at 200 % zoom: half the CSS width, twice the pixels; nothing may need sideways scrolling."""
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                    {"width": 640, "height": 900, "deviceScaleFactor": 2, "mobile": False})
        try:
            self.driver.refresh()
            overflow = self.driver.execute_script(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
            self.shot(name + "-200pct")
            self.check(overflow <= 1, "%s at 200 %% zoom scrolls sideways by %s px" % (name, overflow))
        finally:
            self.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
            self.driver.refresh()

    def sign_in(self, credentials):
        user, password = credentials.split(":", 1)
        self.go("/sign-in")
        self.type("user", user)
        self.type("password", password)
        self.field("password").send_keys(Keys.RETURN)
        self.eventually(lambda: "Signed in as" in self.body(), "signed in as " + user)

    def sign_out(self):
        self.driver.find_element(By.XPATH, "//button[normalize-space()='Sign out']").click()
        self.eventually(lambda: self.driver.current_url.endswith("/sign-in"), "signed out")

    # -- the walk --------------------------------------------------------------------------------------------------

    def keyboard(self):
        """The sign-in form by keyboard alone: skip link first, then user, password and the button, in that order."""
        self.go("/sign-in")
        self.shot("sign-in")
        self.labels_hold()
        body = self.driver.find_element(By.TAG_NAME, "body")
        body.send_keys(Keys.TAB)
        order = []
        for _ in range(4):
            active = self.driver.switch_to.active_element
            order.append(active.get_attribute("name") or active.get_attribute("class") or active.tag_name)
            active.send_keys(Keys.TAB)
        self.check(order[0] == "skip", "the first tab stop is the skip link (got %s)" % order)
        self.check(order[1:4] == ["user", "password", "button"] or order[1:3] == ["user", "password"],
                   "tab order is user, password, then the button (got %s)" % order)
        self.zoomed("sign-in")

    def researcher_enters(self, credentials, exhibit):
        self.sign_in(credentials)
        self.shot("ledger")
        self.zoomed("ledger")

        # A source.
        self.go("/sources/new")
        self.labels_hold()
        self.type("id", "src-browser-walkthrough")
        self.type("title", "Walkthrough report")
        self.type("publisher", "Test publisher")
        self.type("published", "2023-11-16")
        self.choose("kind", "media")
        self.choose("reliability", "C")
        self.shot("source-form")
        self.driver.find_element(By.XPATH, "//button[normalize-space()='Add the source']").click()
        self.eventually(lambda: "added to the ledger" in self.body(), "the source was added")
        self.shot("sources")

        # An exhibit.
        self.go("/exhibits/new")
        self.labels_hold()
        self.field("file").send_keys(os.path.abspath(exhibit))
        self.type("id", "exh-browser-walkthrough")
        self.type("source", "src-browser-walkthrough")
        self.type("collected_by", "walkthrough")
        self.type("collected_at", "2024-03-01T10:00:00Z")
        self.shot("exhibit-form")
        self.driver.find_element(By.XPATH, "//button[normalize-space()='Upload the exhibit']").click()
        self.eventually(lambda: "SHA-256" in self.body() and "added" in self.body(), "the exhibit was stored with its SHA-256")
        self.shot("exhibits")

        # An item: first its kind, then its fields; the place typed as a name.
        self.go("/items/new")
        self.choose("kind", "missile-launch")
        self.driver.find_element(By.XPATH, "//button[normalize-space()='Continue']").click()
        self.eventually(lambda: self.driver.find_elements(By.NAME, "attr_count"), "the fields of a missile launch are shown")
        self.labels_hold()
        self.type("id", "item-browser-walkthrough")
        self.type("title", "Walkthrough: launches reported from the Gomel region")
        self.type("occurred_from", "2022-03-01")
        self.choose("precision", "day")
        self.type("place", "Мозырь")
        self.type("acting_state", "actor-russia")
        self.type("territorial_state", "actor-belarus")
        self.type("attr_count", "3")
        self.type("source_1", "src-browser-walkthrough")
        self.type("locator_1", "para. 2")
        self.type("exhibit_1", "exh-browser-walkthrough")
        self.choose("review_status", "submitted")
        self.shot("item-form")
        self.driver.find_element(By.XPATH, "//button[normalize-space()='Add the item']").click()
        self.eventually(lambda: "is not the id of a place" in self.body(), "the Cyrillic name is offered as matches")
        offered = [o.get_attribute("value") for o in Select(self.field("place")).options]
        self.check("place-mozyr" in offered, "Мозырь matches place-mozyr (offered: %s)" % offered)
        self.check(Select(self.field("place")).first_selected_option.get_attribute("value") == "", "no match is chosen for the user")
        self.choose("place", "place-mozyr")
        self.shot("item-form-matches")
        self.driver.find_element(By.XPATH, "//button[normalize-space()='Add the item']").click()
        self.eventually(lambda: "The item was added" in self.body(), "the item was added once the match was chosen")
        self.shot("item")
        self.zoomed("item")

        # A link, with the provision's text beside the argument.
        self.driver.find_element(By.LINK_TEXT, "Link it to a criterion").click()
        self.eventually(lambda: "/item/link" in self.driver.current_url and self.driver.find_elements(By.NAME, "element"), "the link form is shown")
        self.choose("element", "UNGA-3314/3(f).3")
        self.driver.find_element(By.XPATH, "//button[normalize-space()=\"Show the provision's text\"]").click()
        self.eventually(lambda: "Article 3(f)" in self.body(), "the provision is shown")
        self.choose("relation", "supports")
        self.choose("credibility", "3")
        self.type("argument", "Launches from Belarusian territory, as the report says.")
        self.shot("link-form")
        self.driver.find_element(By.XPATH, "//button[normalize-space()='Link the item']").click()
        self.eventually(lambda: "The link was recorded" in self.body(), "the link was recorded")
        self.shot("item-linked")
        self.sign_out()

    def reviewer_verifies(self, credentials):
        self.sign_in(credentials)
        self.go("/review")
        self.check("item-browser-walkthrough" in self.body(), "the submitted item is in the review queue")
        self.shot("review-queue")
        form = self.driver.find_element(By.XPATH, "//form[.//input[@name='id' and @value='item-browser-walkthrough']]")
        form.find_element(By.CSS_SELECTOR, "input[name='status'][value='verified']").click()
        self.type("note", "Source and exhibit checked against the original.", form)
        form.find_element(By.XPATH, ".//button[normalize-space()='Record the review']").click()
        self.eventually(lambda: "is now verified" in self.body(), "the review was recorded")
        self.shot("reviewed")
        self.sign_out()

    def researcher_builds_dossier(self, credentials, spec):
        self.sign_in(credentials)
        self.go("/dossiers?spec=" + spec)
        self.shot("dossier-form")
        self.driver.find_element(By.XPATH, "//button[normalize-space()='Build the dossier']").click()
        self.eventually(lambda: "Download" in self.body(), "the dossier was built", seconds=300)
        self.shot("dossier-built")
        self.driver.find_element(By.PARTIAL_LINK_TEXT, "HTML").click()
        target = os.path.join(self.downloads, "dossier.html")
        for _ in range(600):
            if os.path.exists(target):
                break
            time.sleep(0.1)
        self.check(os.path.exists(target), "the dossier's HTML was downloaded")
        with open(target, encoding="utf-8") as f:
            # The dossier is the ledger as of the latest signed checkpoint, which predates this walk's item.
            self.check("Article 3(f)" in f.read(), "the downloaded dossier holds its criterion")
        self.driver.get("file://" + target)
        self.shot("dossier-html")
        self.go("/")
        self.sign_out()

    def close(self):
        self.driver.quit()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True)
    parser.add_argument("--researcher", required=True, help="USER:PASSWORD")
    parser.add_argument("--reviewer", required=True, help="USER:PASSWORD")
    parser.add_argument("--screenshots", required=True)
    parser.add_argument("--exhibit", required=True, help="a file to upload")
    parser.add_argument("--spec", default="belarus-3314-3f.yaml", help="a spec the server offers")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--chromedriver", default="/usr/bin/chromedriver")
    args = parser.parse_args()
    os.makedirs(args.screenshots, exist_ok=True)
    walk = Walkthrough(args)
    try:
        walk.keyboard()
        walk.researcher_enters(args.researcher, args.exhibit)
        walk.reviewer_verifies(args.reviewer)
        walk.researcher_builds_dossier(args.researcher, args.spec)
    except AssertionError as failure:
        print("walkthrough: " + str(failure), file=sys.stderr)
        return 1
    finally:
        walk.close()
    print("walkthrough: every check holds; %d screenshots in %s" % (walk.step, args.screenshots))
    return 0


if __name__ == "__main__":
    sys.exit(main())
