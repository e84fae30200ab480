"""The reading room over a real ``newsdesk serve`` on 127.0.0.1, and in a real browser.

One server (the CLI command, in a subprocess, on a free port) and one headless Chromium
(Debian's, driven by Playwright) for the whole module. Set ``NEWSDESK_SCREENSHOTS=docs`` to
write the README's screenshots into ``docs/`` instead of the test's temporary folder.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from conftest import REPO
from conftest_web import demo_db_copy

from newsdesk.cli.app import main

CHROMIUM = os.environ.get("NEWSDESK_CHROMIUM", "/usr/bin/chromium")
TOKEN = "live-test-token"
TOPIC = "fentanyl, tariffs and cartels"
HOSTILE = {
    # entities become the characters they name at ingest, so the stored title and text really
    # contain <script>, onerror= and friends; the URL is a javascript: URL
    "title": "&lt;script&gt;window.__pwned = 'title'&lt;/script&gt; Quokka port "
             "&lt;img src=x onerror=\"window.__pwned='title-img'\"&gt;",
    "text": "Harbor officials in Quokkaville said on Monday that the port would reopen. "
            "&lt;img src=x onerror=\"window.__pwned='text'\"&gt; The statement added "
            "&lt;script&gt;window.__pwned='text-script'&lt;/script&gt; that cranes were back.",
    "url": "javascript:window.__pwned='url'",
    "source": "<b onmouseover=\"window.__pwned='source'\">Evil Outlet</b>",
    "published": "2026-02-28T09:00:00Z",
}


def wait_for_address(proc: subprocess.Popen, log: Path, timeout: float = 120) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = log.read_text() if log.exists() else ""
        m = re.search(r"reading room on (http://127\.0\.0\.1:\d+)/", text)
        if m:
            return m.group(1)
        if proc.poll() is not None:
            raise AssertionError(f"server exited ({proc.returncode}): {text[-2000:]}")
        time.sleep(0.1)
    raise AssertionError(f"server did not start: {log.read_text()[-2000:]}")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = demo_db_copy(tmp_path_factory, "web-live")
    # a store that keeps summaries (issue 23): written once, kept current from then on
    assert main(["summaries", "--db", str(db), "--no-progress"]) == 0
    log = db.parent / "serve.log"
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env.update(NEWSDESK_TOKEN=TOKEN, PYTHONPATH=os.pathsep.join(sys.path))
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "newsdesk.cli", "serve", "--port", "0", "--db", str(db)],
            stdout=out, stderr=subprocess.STDOUT, env=env,
        )
    try:
        base = wait_for_address(proc, log)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def http(server):
    with httpx.Client(base_url=server, timeout=120, trust_env=False) as c:
        yield c


# -- the API over real HTTP ------------------------------------------------------------------


def test_real_server_answers_the_api_and_docs(http):
    assert http.get("/openapi.json").json()["info"]["title"] == "newsdesk"
    assert http.get("/docs").status_code == 200
    stories = http.get("/api/stories").json()
    assert len(stories) > 10
    r = http.get("/api/articles/zzzz")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"


def test_real_server_ingest_needs_the_token_and_takes_jsonl(http):
    body = json.dumps(HOSTILE) + "\n"
    headers = {"content-type": "application/x-ndjson"}
    refused = http.post("/api/ingest", content=body, headers=headers)
    assert refused.status_code == 401 and refused.json()["error"]["code"] == "unauthorized"
    ok = http.post("/api/ingest", content=body,
                   headers={**headers, "Authorization": f"Bearer {TOKEN}"})
    assert ok.status_code == 200, ok.text
    assert ok.json()["ingested"] == 1
    stored = http.get(f"/api/articles/{ok.json()['ids'][0]}").json()
    assert "<script>" in stored["title"] and "onerror=" in stored["text"]


def test_refuses_to_serve_beyond_loopback_without_a_token(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("NEWSDESK_TOKEN", raising=False)
    rc = main(["serve", "--host", "0.0.0.0", "--port", "0", "--db", str(tmp_path / "x.db")])
    err = capsys.readouterr().err
    assert rc == 2 and "refusing to serve beyond this machine without a token" in err


# -- the browser -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield b
        b.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    where = os.environ.get("NEWSDESK_SCREENSHOTS")
    folder = (REPO / where) if where else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture()
def page(browser, server):
    context = browser.new_context(base_url=server, viewport={"width": 1100, "height": 900})
    pg = context.new_page()
    pg.dialogs = []  # type: ignore[attr-defined]
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))  # type: ignore
    yield pg
    context.close()


def test_overview_lists_the_demo_stories(page, http, shots):
    stories = http.get("/api/stories").json()
    page.goto("/")
    links = page.locator("a.story-link")
    assert links.count() == len(stories)
    assert links.first.inner_text() == stories[0]["label"]
    assert page.locator("svg.chart rect").count() >= len(stories)
    page.screenshot(path=str(shots / "overview.png"))
    # phone width: nothing wider than the screen
    page.set_viewport_size({"width": 390, "height": 844})
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= 390, wide
    # by keyboard: the first Tab reaches the skip link, which moves focus to the content
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"


def test_api_docs_render_offline(page):
    page.goto("/docs")
    page.wait_for_selector(".opblock", timeout=30_000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/briefings" in paths and "/api/ingest" in paths


def test_story_page(page, http, shots):
    stories = http.get("/api/stories").json()
    big = max(stories, key=lambda s: (s["article_count"], s["id"]))
    page.goto(f"/stories/{big['id']}")
    assert page.locator("h1").inner_text() == big["label"]
    assert f"{big['independent_sources']} independent sources" in page.inner_text("main")
    page.screenshot(path=str(shots / "story.png"))
    page.click("text=Brief this story")
    page.wait_for_selector(".briefing", timeout=120_000)
    assert page.locator(".cite-link").count() > 0


def test_briefing_citation_popover_shows_the_source_and_span(page, http, shots):
    page.goto("/brief")
    page.fill("input[name=topic]", TOPIC)
    page.fill("input[name=words]", "150")
    page.press("input[name=topic]", "Enter")
    page.wait_for_selector(".briefing .cite-link", timeout=120_000)
    link = page.locator(".cite-link").first
    aid = link.inner_text().strip("[]")
    href = link.get_attribute("href")
    m = re.search(r"start=(\d+)&end=(\d+)", href or "")
    assert m, href
    start, end = int(m.group(1)), int(m.group(2))
    art = http.get(f"/api/articles/{aid}").json()
    pop = page.locator(".cite .pop").first
    assert not pop.is_visible()
    link.hover()
    assert pop.is_visible()
    shown = pop.inner_text()
    assert art["title"] in shown and art["source"] in shown and art["published"][:10] in shown
    span = " ".join(art["text"][start:end].split())
    assert span[:80] in " ".join(shown.split())
    page.mouse.move(0, 0)
    page.screenshot(path=str(shots / "briefing.png"), full_page=False)
    link.hover()
    page.screenshot(path=str(shots / "briefing-popover.png"), full_page=False)
    page.mouse.move(0, 0)
    # keyboard: focus shows the popover too
    link.focus()
    assert pop.is_visible()
    # a click opens the article with the span highlighted
    link.click()
    page.wait_for_url(re.compile(rf"/articles/{aid}\?"))
    mark = page.locator("mark#hl")
    assert " ".join(mark.inner_text().split()) == span


def test_hostile_article_is_shown_as_text_and_runs_nothing(page, http):
    body = json.dumps(HOSTILE) + "\n"
    r = http.post("/api/ingest", content=body, headers={
        "content-type": "application/x-ndjson", "Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 200, r.text
    found = http.get("/api/search", params={"q": "Quokkaville"}).json()["results"]
    aid = found[0]["id"]
    stored = http.get(f"/api/articles/{aid}").json()
    for path in (f"/articles/{aid}", "/search?q=Quokkaville", "/articles?since=2026-02-28"):
        page.goto(path)
        page.wait_for_load_state("load")
        main_text = page.inner_text("main")
        assert page.evaluate("typeof window.__pwned") == "undefined", path
        assert page.dialogs == []
        assert "<script>" in main_text, path  # the payload is visible, as text
        assert page.locator("main script, main img, main b").count() == 0
        hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        assert not [h for h in hrefs if not h.startswith(("http://127.0.0.1", "https://"))], hrefs
    page.goto(f"/articles/{aid}")
    assert stored["url"] in page.inner_text("main")  # the javascript: URL, as plain text
    assert "onerror=" in page.inner_text(".text")
    # hovering everything on the page triggers nothing either
    for el in page.locator("main *").all()[:40]:
        el.hover()
    assert page.evaluate("typeof window.__pwned") == "undefined"


# -- the story desk (issue 23) ---------------------------------------------------------------


def _phone(page, shots: Path, name: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= 390, (name, wide)
    page.screenshot(path=str(shots / f"{name}-phone.png"), full_page=False)
    page.set_viewport_size({"width": 1100, "height": 900})


def test_desk_story_page_reads_top_down(page, http, shots):
    stories = http.get("/api/stories").json()
    troops = None
    for s in stories[:12]:
        data = http.get(f"/api/stories/{s['id']}").json()
        if any("15,000" in side["value"] for x in data["disagreements"] for side in x["sides"]):
            troops = data
            break
    assert troops is not None
    # the first view asked for the summary; it is written in the background, then shown
    for _ in range(600):
        if http.get(f"/api/stories/{troops['id']}").json()["summary"]:
            break
        time.sleep(0.5)
    page.goto(f"/stories/{troops['id']}")
    assert page.locator(".story-summary .cite-link").count() > 0
    assert page.locator("h1").inner_text() == troops["label"]
    order = page.evaluate(
        "[...document.querySelectorAll('h1, .story-summary, h2')].map(e => e.textContent)"
    )
    assert order[0] == troops["label"] and "What happened, day by day" in order
    assert order.index("What happened, day by day") < order.index("Where reports differ")
    differ = page.inner_text(".differ")
    assert "15,000" in differ and "10,000" in differ
    page.screenshot(path=str(shots / "desk-story.png"), full_page=True)
    _phone(page, shots, "desk-story")


def test_desk_overview_is_ranked_with_summaries(page, http, shots):
    stories = http.get("/api/stories").json()
    page.goto("/")
    links = page.locator("a.story-link")
    assert links.first.inner_text() == stories[0]["label"]
    page.screenshot(path=str(shots / "desk-overview.png"), full_page=False)
    _phone(page, shots, "desk-overview")


def test_desk_themes_and_timeline_pages(page, http, shots):
    themes = http.get("/api/themes").json()
    page.goto("/themes")
    assert page.locator("a.theme-link").count() == len(themes)
    page.screenshot(path=str(shots / "desk-themes.png"), full_page=False)
    _phone(page, shots, "desk-themes")
    page.click("a.theme-link >> nth=0")
    page.wait_for_selector("a.feed")
    assert page.locator("link[rel=alternate][type='application/atom+xml']").count() == 1
    page.goto("/timeline")
    page.fill("input[name=topic]", "measles outbreak")
    page.fill("input[name=since]", "2026-01-01")
    page.press("input[name=topic]", "Enter")
    page.wait_for_selector(".days li", timeout=120_000)
    assert page.locator(".days .cite-link").count() > 0
    page.screenshot(path=str(shots / "desk-timeline.png"), full_page=False)
    _phone(page, shots, "desk-timeline")


def test_popover_near_the_bottom_opens_upward(page):
    page.set_viewport_size({"width": 1100, "height": 700})
    page.goto("/brief?topic=fentanyl%2C+tariffs+and+cartels&words=300")
    page.wait_for_selector(".briefing .cite-link", timeout=120_000)
    links = page.locator(".briefing .cite")
    cite = links.nth(links.count() - 1)
    cite.scroll_into_view_if_needed()
    # put the citation near the bottom edge of the viewport
    page.evaluate(
        "el => window.scrollBy(0, el.getBoundingClientRect().bottom - window.innerHeight + 30)",
        cite.element_handle(),
    )
    cite.hover()
    pop = cite.locator(".pop")
    assert pop.is_visible()
    box = pop.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 700, box


def test_briefing_page_is_streamed(http):
    """The form and a status line go out first, the verified briefing after it (chunked)."""
    with http.stream("GET", "/brief", params={"topic": TOPIC, "words": 120}) as r:
        assert r.status_code == 200
        assert r.headers.get("transfer-encoding") == "chunked"
        assert "content-length" not in r.headers
        body = "".join(r.iter_text())
    form, status, section = (
        body.index('id="brief-form"'),
        body.index('id="brief-writing"'),
        body.index('class="briefing"'),
    )
    assert form < status < section
    assert body.rstrip().endswith("</html>")


# -- an undated store in the browser (a folder of text files has no dates) -----------------


@pytest.fixture(scope="module")
def undated_server(tmp_path_factory):
    from conftest import DEMO_DIR, write_jsonl

    folder = tmp_path_factory.mktemp("undated-live")
    records = []
    for path in sorted(DEMO_DIR.glob("*.jsonl")):
        for k, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
            if line.strip():
                r = json.loads(line)
                r.pop("published", None)
                r["url"] = f"https://news.example.com/{path.stem}-{k}"
                records.append(r)
    src = write_jsonl(folder / "undated.jsonl", records)
    db = folder / "undated.db"
    assert main(["ingest", str(src), "--db", str(db), "--no-progress"]) == 0
    log = folder / "serve.log"
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env.update(NEWSDESK_TOKEN=TOKEN, PYTHONPATH=os.pathsep.join(sys.path))
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "newsdesk.cli", "serve", "--port", "0", "--db", str(db)],
            stdout=out, stderr=subprocess.STDOUT, env=env,
        )  # fmt: skip
    try:
        yield wait_for_address(proc, log)
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_undated_store_pages_in_the_browser(browser, undated_server, shots):
    context = browser.new_context(base_url=undated_server, viewport={"width": 1100, "height": 900})
    pg = context.new_page()
    try:
        with httpx.Client(base_url=undated_server, timeout=120, trust_env=False) as c:
            sid = c.get("/api/stories").json()[0]["id"]
            tid = c.get("/api/themes").json()[0]["id"]
        for path in ("/", "/themes", f"/themes/{tid}", f"/stories/{sid}", "/timeline?topic=port"):
            r = pg.goto(path)
            assert r is not None and r.status == 200, path
            assert "Error" not in pg.title(), path
        pg.goto("/")
        assert "carry no date" in pg.inner_text("main")
        pg.screenshot(path=str(shots / "desk-undated.png"))
        pg.goto(f"/stories/{sid}")
        assert "No dated articles: nothing to order by day." in pg.inner_text("main")
        pg.set_viewport_size({"width": 390, "height": 844})
        assert pg.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()
