"""Questions to ask your doctor: real checkboxes that work on screen and on
paper (with and without JavaScript), an IL-6 section, and printing or copying
only the ticked questions, with nothing leaving the page."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

QUESTIONS = "tools/questions-for-your-doctor/"
TICK = ["Could my symptoms be fibromyalgia?", "Do I need an IL-6 or CRP test?"]
UNTICKED = "What help can I get to keep working or studying?"


def question(tab, start: str):
    return tab.locator("label.question", has_text=start).locator("input[type=checkbox]")


def test_every_question_has_a_real_labelled_checkbox_and_no_form(pages):
    soup = pages[QUESTIONS + "index.html"]
    article = soup.select_one("article")
    assert article.find("form") is None, "the questions page must not have a form: nothing is submitted"
    items = article.select(".question-list li")
    assert len(items) >= 15, f"only {len(items)} questions have boxes"
    for li in items:
        label = li.select_one("label.question")
        box = label and label.select_one("input[type=checkbox]")
        assert box is not None and not box.has_attr("disabled"), f"no working checkbox: {li.get_text()[:60]}"
        assert label.get_text(strip=True).endswith("?"), f"not a question: {label.get_text(strip=True)[:60]}"


def test_the_il6_section_asks_the_three_questions(pages):
    soup = pages[QUESTIONS + "index.html"]
    heading = soup.find("h2", id="if-you-have-read-about-il-6")
    assert heading is not None, "no section 'If you have read about IL-6'"
    section = []
    for node in heading.find_next_siblings():
        if node.name == "h2":
            break
        section.append(node.get_text(" ", strip=True))
    text = " ".join(section)
    for wanted in ("Do I need an IL-6 or CRP test? What would the result change",
                   "Is a medicine that blocks IL-6 right for me?",
                   "My IL-6 or CRP result was high. Why"):
        assert wanted in text, f"the IL-6 section does not ask '{wanted}'"
    assert heading.find_next("sup", class_="cite"), "the IL-6 facts are not cited"


@pytest.mark.browser
def test_without_javascript_boxes_tick_and_print_ticked_or_empty(browser, server):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    try:
        tab.goto(server + QUESTIONS)
        assert tab.locator(".js-needed").is_visible(), "the how-to-print note is hidden without JavaScript"
        assert tab.locator("#questions-print").is_hidden()
        box = question(tab, TICK[0])
        tab.locator("label.question", has_text=TICK[0]).click()
        assert box.is_checked(), "clicking the question text does not tick its box"
        tab.emulate_media(media="print")
        boxes = tab.locator(".question-list input[type=checkbox]")
        assert boxes.count() >= 15 and all(b.is_visible() for b in boxes.all()), "boxes are not printed"
        assert box.is_checked() and not question(tab, UNTICKED).is_checked()
        assert tab.locator(".questions-tools").is_hidden(), "the buttons are printed"
    finally:
        context.close()


@pytest.mark.browser
def test_print_only_my_ticked_questions(page, server):
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.add_init_script("window.print = () => { window.__printed = (window.__printed || 0) + 1; };")
    page.goto(server + QUESTIONS)
    page.click("#questions-print")
    assert "Tick at least one question" in page.inner_text("#questions-status")
    assert page.evaluate("window.__printed || 0") == 0, "printed with nothing ticked"

    for start in TICK:
        question(page, start).check()
    page.keyboard.press("Tab")
    page.focus("#questions-print")
    page.keyboard.press("Enter")
    assert page.evaluate("window.__printed") == 1
    sheet = page.locator("#questions-ticked")
    assert sheet.is_hidden(), "the print sheet shows on screen"
    page.emulate_media(media="print")
    assert sheet.is_visible()
    printed = sheet.inner_text()
    for start in TICK:
        assert start in printed, f"'{start}' is missing from the printout"
    assert UNTICKED not in printed
    assert "[" not in printed and "\u00b6" not in printed, "citation numbers or link signs are printed"
    for hidden in (".question-list", "h2#what-can-i-do-before-the-appointment"):
        assert page.locator(hidden).first.is_hidden(), f"{hidden} is printed with the ticked questions"
    assert page.locator("h1").is_visible()

    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.locator("#questions-ticked").count() == 0, "the print sheet is not removed after printing"
    assert page.locator(".question-list").first.is_visible(), "after printing, the whole page prints again"
    host = urlparse(server).netloc
    assert all(urlparse(u).netloc == host or urlparse(u).scheme in ("data", "blob") for u in requests), requests
    assert not errors, errors


@pytest.mark.browser
def test_copy_my_ticked_questions_and_the_fallback_when_copying_is_refused(page, server):
    page.add_init_script("""
        window.__copied = [];
        Object.defineProperty(navigator, 'clipboard', {value: {writeText: (text) => {
            window.__copied.push(text);
            return window.__refuse ? Promise.reject(new Error('no')) : Promise.resolve();
        }}});""")
    page.goto(server + QUESTIONS)
    for start in TICK:
        question(page, start).check()
    page.click("#questions-copy")
    page.wait_for_function("document.getElementById('questions-status').textContent.includes('Copied 2')")
    text = page.evaluate("window.__copied[0]")
    assert text.startswith("My questions for my doctor")
    for start in TICK:
        assert f"- {start}" in text, text
    assert UNTICKED not in text and "[" not in text and "\u00b6" not in text, text
    assert "If you have read about IL-6" in text, "questions are not grouped under their heading"

    page.evaluate("window.__refuse = true")
    page.click("#questions-copy")
    box = page.locator("#questions-copy-text")
    box.wait_for()
    assert TICK[1] in box.input_value()
    assert page.evaluate("document.activeElement.id") == "questions-copy-text"
    assert "copy them from there" in page.inner_text("#questions-status")
