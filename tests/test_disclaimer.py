"""Every page tells the reader it is not medical advice, and links to the full disclaimer."""

from urllib.parse import urljoin

BASE = "https://fibro-il6.github.io/"


def page_url(path: str) -> str:
    return BASE + (path[: -len("index.html")] if path.endswith("index.html") else path)


def test_every_page_shows_the_disclaimer(pages):
    missing = []
    for path, soup in pages.items():
        notice = soup.select_one("article .site-disclaimer")
        if notice is None or "not medical advice" not in notice.get_text():
            missing.append(f"{path}: no disclaimer notice in the page content")
        elif not any(urljoin(page_url(path), a["href"]) == BASE + "about/disclaimer/"
                     for a in notice.find_all("a", href=True)):
            missing.append(f"{path}: the notice does not link to the full disclaimer")
    assert not missing, "\n".join(missing)


def test_the_disclaimer_page_says_it_is_not_medical_advice(pages):
    text = pages["about/disclaimer/index.html"].select_one("article").get_text(" ")
    for phrase in ("not medical advice", "emergency number", "Do not start, stop or change any medicine"):
        assert phrase in text, f"about/disclaimer/index.html: missing '{phrase}'"
