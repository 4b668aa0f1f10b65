"""The symptom diary keeps a reader's data safe: every CSV cell is quoted (and
formula-like cells neutralised, as OWASP advises for CSV injection), a question
to delete is withdrawn when another tab changes the diary, and years of entries
stay quick because only the latest are drawn until the reader asks for all.
(How quick, with 3,650 entries, is a benchmark figure: tools/bench.py.)"""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.browser

DIARY = "tools/symptom-diary/"
KEY = "fibro-diary-v1"


def entries(count: int) -> list[dict]:
    import datetime as dt

    start = dt.date(2020, 1, 1)
    out = [{"date": (start + dt.timedelta(days=i)).isoformat(), "pain": i % 11, "fatigue": None, "sleep": "",
            "mood": "", "activity": "", "notes": ""} for i in range(count)]
    return out[::-1]


def seed(page, server, items: list[dict]):
    page.goto(server + DIARY)
    page.evaluate("([key, value]) => localStorage.setItem(key, value)",
                  [KEY, json.dumps({"version": 1, "entries": items})])
    page.reload()
    page.wait_for_function("() => /saved entr/.test(document.getElementById('diary-count').textContent)")


def stored_count(page) -> int:
    return len(json.loads(page.evaluate(f"localStorage.getItem('{KEY}')") or '{"entries": []}')["entries"])


def test_every_csv_cell_is_quoted_and_formulas_are_neutralised(page, server):
    page.goto(server + DIARY)
    rows = [{"date": "2026-03-14", "pain": 2, "fatigue": None, "sleep": "", "mood": "",
             "activity": "a;=1+1", "notes": "-2+3"},
            {"date": "2026-03-15", "pain": None, "fatigue": 0, "sleep": "", "mood": "",
             "activity": "@SUM(A1)", "notes": '=HYPERLINK("x")\tb'}]
    csv = page.evaluate("rows => window.FibroDiary.toCsv(rows)", rows)
    lines = csv.split("\r\n")
    assert lines[0] == '"Date","Pain (0-10)","Tiredness (0-10)","Sleep quality","Mood","Activity","Notes"'
    assert lines[1] == '"2026-03-14","2","","","","a;=1+1","\'-2+3"', lines[1]
    assert lines[2] == '"2026-03-15","","0","","","\'@SUM(A1)","\'=HYPERLINK(""x"")\tb"', lines[2]
    for line in lines[:-1]:
        cells = line.split('","')
        assert line.startswith('"') and line.endswith('"') and len(cells) == 7, f"a cell is not quoted: {line}"


@pytest.mark.parametrize("ask", ["delete all", "delete one day"])
def test_a_question_to_delete_is_withdrawn_when_another_tab_saves(browser, server, ask):
    context = browser.new_context()  # two tabs of one browser share the diary
    try:
        first, second = context.new_page(), context.new_page()
        seed(first, server, entries(2))
        second.goto(server + DIARY)
        if ask == "delete all":
            first.click("#diary-delete-all")
        else:
            first.locator("table.diary-entries button", has_text="Delete").first.click()
        assert first.is_visible("#diary-confirm")

        second.fill("#diary-date", "2026-05-01")
        second.fill("#diary-pain", "3")
        second.click("text=Save this day")
        second.wait_for_function("() => document.getElementById('diary-status').textContent.includes('Saved')")

        first.wait_for_function("() => document.getElementById('diary-confirm').hidden", timeout=5000)
        first.wait_for_function("() => document.getElementById('diary-status').textContent"
                                ".includes('Nothing was deleted')", timeout=5000)
        assert first.is_hidden("#diary-confirm-yes"), "Yes must no longer be there to press"
        assert stored_count(first) == 3, "the entry saved in the other tab must survive"
        assert "3 saved entries" in first.inner_text("#diary-count")
    finally:
        context.close()


def test_only_the_latest_entries_are_drawn_until_the_reader_asks_for_all(page, server):
    seed(page, server, entries(45))
    rows = page.locator("table.diary-entries tbody tr")
    assert rows.count() == 30
    assert "45 saved entries" in page.inner_text("#diary-count")
    assert "latest 30 are shown" in page.inner_text("#diary-count")
    assert "2020-02-14" in (rows.first.locator("button").get_attribute("data-date") or ""), "newest first"
    page.click("#diary-show-all")
    assert rows.count() == 45
    assert page.locator("#diary-show-all").count() == 0
    # Delete still works from the full list (one listener for all rows).
    page.locator("table.diary-entries button", has_text="Delete").last.click()
    page.click("#diary-confirm-yes")
    page.wait_for_function("() => document.getElementById('diary-status').textContent.includes('Deleted')")
    assert stored_count(page) == 44
