"""Reader tools in a real browser: the symptom diary keeps data in this browser
only, survives bad input and damaged storage, exports CSV and deletes on
request; the tool pages send nothing off the machine and log no errors; the
questions page prints on at most two A4 sheets."""

from __future__ import annotations

import json
import re
from urllib.parse import urlparse

import pytest

from browsing import forget_site_data

DIARY = "tools/symptom-diary/"
CRITERIA = "tools/criteria-explainer/"
QUESTIONS = "tools/questions-for-your-doctor/"
KEY = "fibro-diary-v1"


# ---------- helpers ----------

def watch(page):
    """Collect errors (uncaught exceptions and console errors, CSP included) and requests."""
    log = {"errors": [], "requests": []}
    page.on("pageerror", lambda error: log["errors"].append(f"uncaught: {error}"))
    page.on("console", lambda msg: log["errors"].append(f"console: {msg.text}") if msg.type == "error" else None)
    page.on("request", lambda request: log["requests"].append(request.url))
    return log


def stored(page):
    return page.evaluate(f"localStorage.getItem('{KEY}')")


def fill_entry(page, date, pain="", fatigue="", sleep="", mood="", activity="", notes=""):
    page.fill("#diary-date", date)
    page.fill("#diary-pain", pain)
    page.fill("#diary-fatigue", fatigue)
    page.select_option("#diary-sleep", sleep)
    page.select_option("#diary-mood", mood)
    page.fill("#diary-activity", activity)
    page.fill("#diary-notes", notes)


def save(page):
    page.click("text=Save this day")


def save_day(page, date, pain="2"):
    """Fill in one day with a pain score, save it and wait until it is saved."""
    fill_entry(page, date, pain)
    save(page)
    status(page, "Saved")


def status(page, contains, timeout=3000):
    page.wait_for_function("text => document.getElementById('diary-status').textContent.includes(text)",
                           arg=contains, timeout=timeout)
    return page.inner_text("#diary-status")


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


# ---------- the diary ----------

def test_without_javascript_the_page_offers_the_printable_sheet(pages):
    soup = pages[DIARY + "index.html"]
    app = soup.select_one("#diary-app")
    assert app is not None and app.has_attr("hidden"), "the form must stay hidden until diary.js runs"
    assert "blank weekly sheet" in soup.select_one(".js-needed").get_text()
    sheet = soup.select_one("table.diary-sheet")
    days = [th.get_text(strip=True) for th in sheet.select("thead th")][1:]
    assert days == ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    rows = [th.get_text(" ", strip=True) for th in sheet.select("tbody th")]
    for item in ("Pain", "Tiredness", "Sleep", "Mood", "Activity", "Notes"):
        assert any(r.startswith(item) for r in rows), f"the sheet has no {item} row"
    assert all(len(tr.select("td")) == 7 for tr in sheet.select("tbody tr"))


def test_every_diary_field_has_a_label_and_the_status_is_announced(pages):
    soup = pages[DIARY + "index.html"]
    form = soup.select_one("#diary-form")
    for control in form.select("input, select, textarea"):
        assert soup.select_one(f'label[for="{control["id"]}"]'), f"#{control['id']} has no label"
        fieldset = control.find_parent("fieldset")
        assert fieldset is not None and fieldset.legend is not None, f"#{control['id']} is not in a fieldset"
        assert soup.select_one(f'#{control["id"]}-error'), f"#{control['id']} has no error slot"
    live = soup.select_one("#diary-status")
    assert live.get("aria-live") == "polite" and live.get("role") == "status"


def test_an_entry_is_saved_and_survives_a_reload(page, server):
    log = watch(page)
    page.goto(server + DIARY)
    assert page.is_hidden(".js-needed") and page.is_visible("#diary-form")
    fill_entry(page, "2026-03-14", "4", "6", "Poor", "Low", "Short walk, 10 minutes", "Tired after lunch")
    save(page)
    assert "Saved" in status(page, "Saved")
    data = json.loads(stored(page))
    assert data == {"version": 1, "entries": [{
        "date": "2026-03-14", "pain": 4, "fatigue": 6, "sleep": "Poor", "mood": "Low",
        "activity": "Short walk, 10 minutes", "notes": "Tired after lunch"}]}

    page.reload()
    row = page.locator("table.diary-entries tbody tr")
    assert row.count() == 1
    text = row.first.inner_text()
    assert "Saturday 14 March 2026" in text and "Short walk, 10 minutes" in text
    assert "1 saved entry" in page.inner_text("#diary-count")

    # Choosing a saved date shows the entry; saving again replaces it.
    page.fill("#diary-date", "2026-03-14")
    page.dispatch_event("#diary-date", "change")
    assert page.input_value("#diary-pain") == "4"
    page.fill("#diary-pain", "5")
    save(page)
    assert "updated" in status(page, "updated")
    assert json.loads(stored(page))["entries"][0]["pain"] == 5
    assert not log["errors"], log["errors"]


def test_export_makes_a_correct_csv_file(page, server, tmp_path):
    page.goto(server + DIARY)
    fill_entry(page, "2026-03-15", "3", "", "Good", "", "Swim", 'Said "hello", then rested\nSecond line')
    save(page)
    status(page, "Saved")
    fill_entry(page, "2026-03-14", "7", "8", "", "Very low", "", "=SUM(A1)")
    save(page)
    status(page, "14 March")
    with page.expect_download() as info:
        page.click("#diary-export")
    download = info.value
    assert re.fullmatch(r"symptom-diary-\d{4}-\d{2}-\d{2}\.csv", download.suggested_filename)
    target = tmp_path / "diary.csv"
    download.save_as(target)
    raw = target.read_bytes().decode("utf-8")
    assert raw.startswith("\ufeff"), "the file starts with a byte order mark so spreadsheets read UTF-8"
    assert raw[1:] == (  # every cell quoted; a formula-like cell starts with ' (OWASP)
        '"Date","Pain (0-10)","Tiredness (0-10)","Sleep quality","Mood","Activity","Notes"\r\n'
        '"2026-03-14","7","8","","Very low","","\'=SUM(A1)"\r\n'
        '"2026-03-15","3","","Good","","Swim","Said ""hello"", then rested\nSecond line"\r\n')
    assert "downloaded" in status(page, "downloaded")


def test_deleting_one_day_asks_first_and_deletes_only_that_day(page, server):
    import json

    page.goto(server + DIARY)
    for date in ("2026-03-14", "2026-03-15"):
        save_day(page, date, "2")
    delete = page.locator("table.diary-entries button", has_text="Delete").first
    delete.click()
    assert page.is_visible("#diary-confirm"), "one tap on Delete must not delete a day at once"
    assert page.evaluate("document.activeElement.id") == "diary-confirm-no", "focus goes to the safe choice"
    page.click("#diary-confirm-no")
    assert len(json.loads(stored(page))["entries"]) == 2, "No must keep the day"
    delete.click()
    page.click("#diary-confirm-yes")
    assert "Deleted the entry" in status(page, "Deleted the entry")
    assert len(json.loads(stored(page))["entries"]) == 1, "Yes must delete exactly one day"


def test_delete_all_needs_a_keyboard_accessible_second_step(page, server):
    log = watch(page)
    page.goto(server + DIARY)
    save_day(page, "2026-03-14", "2")

    page.click("#diary-delete-all")
    assert page.is_visible("#diary-confirm")
    assert page.evaluate("document.activeElement.id") == "diary-confirm-no", "focus goes to the safe choice"
    page.keyboard.press("Escape")
    assert page.is_hidden("#diary-confirm")
    assert stored(page) is not None, "Escape must not delete anything"
    assert page.evaluate("document.activeElement.id") == "diary-delete-all"

    page.focus("#diary-delete-all")
    page.keyboard.press("Enter")
    page.focus("#diary-confirm-yes")
    page.keyboard.press("Enter")
    assert "deleted" in status(page, "deleted")
    assert stored(page) is None
    assert page.locator("table.diary-entries").count() == 0
    assert "no saved entries" in page.inner_text("#diary-count")
    assert not log["errors"], log["errors"]


@pytest.mark.parametrize("pain, message", [
    ("11", "must be from 0 to 10"),
    ("-2", "must be from 0 to 10"),
    ("2.5", "whole number"),
])
def test_an_out_of_range_value_is_explained_and_nothing_is_lost(page, server, pain, message):
    log = watch(page)
    page.goto(server + DIARY)
    save_day(page, "2026-03-10", "3")
    before = stored(page)

    fill_entry(page, "2026-03-11", pain, "4")
    save(page)
    assert "not saved" in status(page, "not saved")
    error = page.locator("#diary-pain-error")
    assert error.is_visible() and message in error.inner_text()
    assert page.get_attribute("#diary-pain", "aria-invalid") == "true"
    assert "diary-pain-error" in page.get_attribute("#diary-pain", "aria-describedby")
    assert page.evaluate("document.activeElement.id") == "diary-pain"
    assert stored(page) == before, "the stored diary must not change"

    page.fill("#diary-pain", "4")
    save(page)
    status(page, "Saved")
    assert page.is_hidden("#diary-pain-error")
    assert page.get_attribute("#diary-pain", "aria-invalid") is None
    assert len(json.loads(stored(page))["entries"]) == 2
    assert not log["errors"], log["errors"]


def test_an_empty_form_or_missing_date_is_explained(page, server):
    log = watch(page)
    page.goto(server + DIARY)
    fill_entry(page, "2026-03-10")
    save(page)
    assert "Nothing to save" in status(page, "Nothing to save")
    fill_entry(page, "", "3")
    save(page)
    status(page, "not saved")
    assert "Enter the date" in page.inner_text("#diary-date-error")
    assert stored(page) is None
    assert not log["errors"], log["errors"]


@pytest.mark.parametrize("raw", [
    "{not json",
    "[]",
    '{"version": 1, "entries": [{"date": "2026-13-45", "pain": 99}]}',
    '{"version": 7, "entries": []}',
])
def test_damaged_storage_is_reported_and_never_overwritten_silently(page, server, tmp_path, raw):
    log = watch(page)
    page.goto(server + DIARY)
    page.evaluate("([key, raw]) => localStorage.setItem(key, raw)", [KEY, raw])
    page.reload()

    problem = page.locator("#diary-problem")
    assert problem.is_visible()
    assert "could not be read" in problem.inner_text()
    assert "Nothing has been changed" in problem.inner_text()

    fill_entry(page, "2026-03-14", "3")
    save(page)
    assert "Not saved" in status(page, "Not saved")
    assert stored(page) == raw, "the unreadable data must be kept"

    with page.expect_download() as info:
        page.click("#diary-problem-download")
    target = tmp_path / "raw.txt"
    info.value.save_as(target)
    assert target.read_text(encoding="utf-8") == raw

    page.click("#diary-problem-reset")
    assert page.evaluate("document.activeElement.id") == "diary-confirm-no"
    page.click("#diary-confirm-yes")
    status(page, "new, empty diary")
    assert problem.is_hidden()
    save(page)
    status(page, "Saved")
    assert len(json.loads(stored(page))["entries"]) == 1
    assert not log["errors"], log["errors"]


def test_the_diary_works_when_storage_is_blocked(page, server):
    # Some browsers and settings refuse storage: reading localStorage throws.
    # (Material's own scripts also read it and throw; only the diary is checked here.)
    errors = []
    page.on("pageerror", lambda error: errors.append(f"{error.message}\n{error.stack}"))
    page.add_init_script("Object.defineProperty(window, 'localStorage', "
                         "{get() { throw new DOMException('blocked', 'SecurityError'); }});")
    page.goto(server + DIARY)
    assert "not letting this page keep data" in page.inner_text("#diary-problem")
    fill_entry(page, "2026-03-14", "3")
    save(page)
    assert "not saved" in status(page, "not saved")
    assert not [e for e in errors if "diary.js" in e], errors


def test_a_full_storage_is_reported_and_the_entry_kept_in_the_form(page, server):
    log = watch(page)
    page.goto(server + DIARY)
    save_day(page, "2026-03-13", "2")
    before = stored(page)
    page.evaluate("""key => {
        const original = Storage.prototype.setItem;
        Storage.prototype.setItem = function (k, v) {
            if (k === key) { throw new DOMException('full', 'QuotaExceededError'); }
            return original.call(this, k, v);
        };
    }""", KEY)
    fill_entry(page, "2026-03-14", "5", notes="Keep me")
    save(page)
    assert "not saved" in status(page, "not saved")
    assert stored(page) == before
    assert page.input_value("#diary-notes") == "Keep me", "what the reader typed stays in the form"
    assert page.locator("table.diary-entries tbody tr").count() == 1
    assert not log["errors"], log["errors"]


# ---------- all tool pages ----------

@pytest.mark.parametrize("path", [DIARY, CRITERIA, QUESTIONS, "tools/", ""])
def test_tool_pages_send_nothing_off_this_machine_and_log_no_errors(page, server, path):
    log = watch(page)
    page.goto(server + path)
    page.wait_for_load_state("networkidle")
    if path == DIARY:
        fill_entry(page, "2026-03-14", "3", "4", "Fair", "Okay", "Walk", "Note")
        save(page)
        status(page, "Saved")
        with page.expect_download():
            page.click("#diary-export")
    if path == CRITERIA:
        page.check('input[name="area"][value="neck"]')
        page.click("text=Show how my answers count")
        page.wait_for_function("document.getElementById('criteria-result').textContent.length > 0")
    page.wait_for_load_state("networkidle")
    host = urlparse(server).netloc
    outside = [url for url in log["requests"]
               if not (urlparse(url).scheme in ("blob", "data") or urlparse(url).netloc == host)]
    assert not outside, f"{path}: requests left 127.0.0.1: {outside}"
    assert not log["errors"], f"{path}: {log['errors']}"


def test_tool_scripts_load_only_on_their_own_pages(pages):
    for path, soup in pages.items():
        scripts = {re.sub(r"\.[0-9a-f]{8}(?=\.js$)", "", s["src"].rsplit("/", 1)[-1])  # content hash off
                   for s in soup.find_all("script", src=True) if "/tools/" in s["src"]}
        expected = {DIARY + "index.html": {"diary.js"}, CRITERIA + "index.html": {"criteria.js"},
                    QUESTIONS + "index.html": {"questions.js"}}.get(path, set())
        assert scripts == expected, f"{path}: tool scripts {scripts}"


# ---------- printing ----------

@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_questions_page_prints_on_at_most_two_sheets(page, server, paper):
    page.goto(server + QUESTIONS)
    count = pdf_pages(page.pdf(format=paper))
    assert 1 <= count <= 2, f"the questions page prints on {count} {paper} pages"


def test_the_blank_weekly_sheet_prints_on_one_page(page, server):
    page.goto(server + DIARY)
    page.evaluate("document.documentElement.classList.add('diary-print-sheet')")
    assert pdf_pages(page.pdf(format="A4")) == 1
    page.emulate_media(media="print")
    assert page.is_visible("table.diary-sheet")
    assert page.is_hidden("#diary-form")
    height = page.evaluate("document.querySelector('table.diary-sheet td').getBoundingClientRect().height")
    assert height >= 60, f"sheet cells are {height}px high: too small to write in"


def test_print_my_entries_shows_the_entries_only(page, server):
    page.goto(server + DIARY)
    fill_entry(page, "2026-03-14", "4", activity="Walk")
    save(page)
    status(page, "Saved")
    page.evaluate("document.documentElement.classList.add('diary-print-entries')")
    page.emulate_media(media="print")
    assert page.is_visible("table.diary-entries")
    assert "Walk" in page.inner_text("table.diary-entries")
    for hidden in ("#diary-form", "table.diary-sheet", ".tool-actions", "#diary-status"):
        assert page.locator(hidden).first.is_hidden(), f"{hidden} is printed"
    assert page.locator("table.diary-entries .diary-no-print").first.is_hidden(), "the Delete buttons are printed"


def test_print_hides_site_chrome_and_shows_link_addresses(page, server):
    page.goto(server + QUESTIONS)
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-footer"):
        assert page.locator(selector).first.is_hidden(), f"{selector} is printed"
    assert page.is_visible(".review-box")
    after = page.evaluate("""() => {
        const after = (selector) => getComputedStyle(document.querySelector(selector), '::after').content;
        return {
            other: after('.md-content__inner ol.sources a[href^="https://"]:not([href*="doi.org"]):not([href*="ncbi.nlm.nih.gov"])'),
            pubmed: after('.md-content__inner ol.sources a[href^="https://pubmed"]'),
        };
    }""")
    assert "http" in after["other"], f"external link addresses are not printed: {after['other']}"
    # A PubMed link's text already holds its number ("PubMed 34966131"): no address after it.
    assert "http" not in after["pubmed"], f"a PubMed address is printed twice: {after['pubmed']}"


def test_a_printed_page_ends_with_its_review_dates_and_address(page, server):
    page.goto(server + QUESTIONS)
    assert page.locator(".print-url").is_hidden(), "the page address is shown on screen too"
    page.emulate_media(media="print")
    printed = page.locator(".review-box").inner_text()
    assert "Last reviewed:" in printed and "Next review due:" in printed, printed
    assert page.locator(".print-url").is_visible(), "the page address is not printed"
    address = page.locator(".print-url").inner_text()
    assert address.endswith("/tools/questions-for-your-doctor/") and "https://" in address, address


# ---------- the test tabs themselves ----------

def test_a_diary_saved_in_one_test_tab_is_gone_in_the_next(_tabs, server):
    """Tests share one browser context (conftest.py: page); what one test's
    tab saved must not be there for the next."""
    context, devtools, origin = _tabs
    first = context.new_page()
    first.goto(server + DIARY)
    save_day(first, "2026-03-14")
    first.evaluate("""() => { document.cookie = 'seen=1; path=/';
        return new Promise((done) => { const r = indexedDB.open('test-db'); r.onsuccess = () => done(); }); }""")
    first.close()
    forget_site_data(context, devtools, origin)
    second = context.new_page()
    second.add_init_script("window.__storedBefore = Object.keys(localStorage)")  # before the page's scripts
    try:
        second.goto(server + DIARY)
        left = second.evaluate("""async () => ({storage: window.__storedBefore, cookie: document.cookie,
            databases: (await indexedDB.databases()).map((d) => d.name)})""")
        rows = second.locator("table.diary-entries tbody tr").count()
    finally:
        second.close()
    assert left == {"storage": [], "cookie": "", "databases": []} and rows == 0, \
        f"the next test's tab still holds: {left}, {rows} diary rows"
