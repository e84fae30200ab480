"""The story desk (issue 23): every page and API route on an undated, a mixed and an empty
store; headlines, summaries, ranking, themes, timelines, feeds; in-process over httpx.

The undated store is the demo corpus with every date removed (no ``published``, URLs without a
date in their path), as a folder of text files gives; the mixed store keeps every other date.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import feedparser
import httpx
import pytest
from conftest import DEMO_DIR, write_jsonl
from conftest_web import demo_db_copy

from newsdesk.cli.app import main
from newsdesk.config import Settings
from newsdesk.web import create_app

TOKEN = "desk-token"


def _records(dated: str) -> list[dict]:
    """The demo records; ``dated``: "all", "none" or "mixed" (every other one keeps its date)."""
    out = []
    for path in sorted(DEMO_DIR.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.append(json.loads(line))
    for k, r in enumerate(out):
        if dated == "none" or (dated == "mixed" and k % 2):
            r.pop("published", None)
            r.pop("date", None)
            r["url"] = f"https://news.example.com/story-{k}"
    return out


def _build(folder: Path, dated: str) -> Path:
    db = folder / f"{dated}.db"
    if dated == "empty":
        from newsdesk.store.sqlite import SQLiteStore

        SQLiteStore(db).close()
        return db
    src = write_jsonl(folder / f"{dated}.jsonl", _records(dated))
    assert main(["ingest", str(src), "--db", str(db), "--no-progress"]) == 0
    return db


class Client:
    def __init__(self, app) -> None:
        self.app = app

    def request(self, method: str, url: str, **kw) -> httpx.Response:
        async def go() -> httpx.Response:
            transport = httpx.ASGITransport(app=self.app, raise_app_exceptions=False)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
                return await c.request(method, url, **kw)

        return asyncio.run(go())

    def get(self, url: str, **kw) -> httpx.Response:
        return self.request("GET", url, **kw)

    def post(self, url: str, **kw) -> httpx.Response:
        return self.request("POST", url, **kw)


@pytest.fixture(scope="module", params=["none", "mixed", "empty"])
def desk(request, tmp_path_factory, embedder):
    db = _build(tmp_path_factory.mktemp(f"desk-{request.param}"), request.param)
    app = create_app(Settings(db=str(db), token=TOKEN), embedder=embedder)
    yield request.param, Client(app), db
    app.state.newsdesk.close()


def _pages(client: Client) -> list[str]:
    """Every page and API GET route, with real IDs from the store where it has any."""
    stories = client.get("/api/stories").json()
    themes = client.get("/api/themes").json()
    arts = client.get("/api/articles").json()
    paths = [
        "/",
        "/?format=json",
        "/themes",
        "/timeline",
        "/timeline?topic=measles",
        "/timeline?topic=measles&format=json",
        "/topics",
        "/brief",
        "/brief?topic=measles&words=80",
        "/brief?topic=measles&words=80&format=json",
        "/search",
        "/search?q=port",
        "/search?q=port&source=Harbor+Daily&since=2026-01-01",
        "/articles",
        "/articles?since=2026-02-01",
        "/api/stories",
        "/api/stories?since=2026-02-01",
        "/api/themes",
        "/api/articles",
        "/api/search?q=measles",
        "/api/timeline?topic=measles",
        "/stories/nope",
        "/themes/nope",
        "/api/stories/nope",
        "/articles/zzzz",
        "/feeds/themes/nope.atom",
        "/feeds/topics/99.atom",
        "/openapi.json",
        "/docs",
    ]
    for s in stories[:3]:
        paths += [f"/stories/{s['id']}", f"/api/stories/{s['id']}"]
    for t in themes[:2]:
        paths += [f"/themes/{t['id']}", f"/feeds/themes/{t['id']}.atom"]
    for a in arts[:2]:
        paths += [f"/articles/{a['id']}", f"/api/articles/{a['id']}"]
    return paths


def test_every_route_answers_200_or_a_clean_4xx(desk):
    kind, client, _db = desk
    for path in _pages(client):
        r = client.get(path)
        assert r.status_code == 200 or 400 <= r.status_code < 500, (kind, path, r.text[:500])
        assert "Traceback" not in r.text, path
        if r.status_code >= 400 and (path.startswith("/api/") or "format=json" in path):
            assert set(r.json()) == {"error"}, (path, r.text)


def test_a_posted_briefing_answers_200_or_a_clean_4xx(desk):
    kind, client, _db = desk
    r = client.post("/api/briefings", json={"topic": "measles vaccination", "words": 80})
    assert r.status_code == 200 or 400 <= r.status_code < 500, (kind, r.text[:500])
    if r.status_code >= 400:
        assert set(r.json()) == {"error"}, r.text


def test_overview_says_how_many_articles_are_undated(desk):
    kind, client, _db = desk
    data = client.get("/?format=json").json()
    if kind == "empty":
        assert data["stories"] == [] and data["undated"] == 0
        return
    assert data["undated"] > 0
    html = client.get("/").text
    assert f"{data['undated']} articles carry no date" in html
    if kind == "none":
        assert data["first_day"] is None and "<rect" not in html


def test_undated_story_page_has_no_days_but_says_so(desk):
    kind, client, _db = desk
    if kind != "none":
        pytest.skip("the undated store only")
    s = client.get("/api/stories").json()[0]
    story = client.get(f"/api/stories/{s['id']}").json()
    assert story["developments"] == [] and story["bars"] == []
    assert "No dated articles: nothing to order by day." in client.get(f"/stories/{s['id']}").text


# -- the demo store: headlines, summaries, feeds, the briefing page ---------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory, embedder):
    db = demo_db_copy(tmp_path_factory, "desk-demo")
    app = create_app(Settings(db=str(db), token=TOKEN), embedder=embedder)
    yield Client(app), db
    app.state.newsdesk.close()


def test_clean_title_drops_outlet_suffixes_only():
    from newsdesk.stories.names import clean_title

    assert clean_title("Ports reopen after strike - BBC News") == "Ports reopen after strike"
    assert clean_title("Ports reopen | Harbor Daily", ["Harbor Daily"]) == "Ports reopen"
    assert clean_title("Analysis: Why tariffs bite") == "Why tariffs bite"
    # a subtitle after a colon or dash that names no outlet stays
    assert (
        clean_title("Measles: cases reach 52 - officials") == "Measles: cases reach 52 - officials"
    )


def test_every_demo_story_summary_verifies(demo):
    from newsdesk.cli.app import main as cli

    client, db = demo
    assert cli(["summaries", "--db", str(db), "--no-progress"]) == 0
    stories = client.get("/api/stories").json()
    assert stories and all(s["summary"] for s in stories)
    for s in stories:
        summ = s["summary"]
        assert 1 <= len(summ["sentences"]) <= 3 and summ["words"] <= 110, summ
        assert summ["passed"] == summ["checked"] >= len(summ["sentences"]), summ
        assert all(x["citations"] for x in summ["sentences"])
        assert not summ["text"].startswith("Reported ")
    # the overview shows them; a second run writes nothing (stored, current)
    page = client.get("/").text
    assert stories[0]["summary"]["sentences"][0]["text"][:60] in page
    again = client.get("/api/stories").json()
    assert [x["summary"] for x in again] == [x["summary"] for x in stories]


def test_story_labels_are_headlines_of_original_reporting(demo):
    client, _db = demo
    stories = client.get("/api/stories").json()
    titles = {a["id"]: a for a in client.get("/api/articles?limit=1000").json()}
    assert all(" · " not in s["label"] for s in stories)  # no keyword pairs
    for s in stories[:8]:
        members = [
            a
            for d in client.get(f"/api/stories/{s['id']}").json()["timeline"]
            for a in d["articles"]
        ]
        shown = {titles[a["id"]]["title"] for a in members}
        assert s["label"] in shown, (s["label"], shown)
        originals = [a for a in members if not a["original_id"]]
        if originals:
            assert s["label"] in {titles[a["id"]]["title"] for a in originals}


def test_summary_is_rewritten_only_when_the_story_changes(demo, embedder):
    from newsdesk.engine import Engine
    from newsdesk.store.sqlite import SQLiteStore
    from newsdesk.stories.summaries import refresh_summaries

    client, db = demo
    store = SQLiteStore(db)
    eng = Engine(store, embedder)
    try:
        first = refresh_summaries(eng)
        assert first.written == 0 or first.current > 0
        again = refresh_summaries(eng)
        assert again.written == 0 and again.current > 0
        # a story whose member set changes is summarised again, and only it
        sid = next(iter(sorted(store.desk_rows())))
        store.put_desk_rows(
            [{"story_id": sid, "members": "changed", "headline": "x", "summary": None}]
        )
        after = refresh_summaries(eng)
        assert after.written == 1 and store.desk_rows([sid])[sid]["summary"]
    finally:
        store.close()


def test_story_page_has_summary_day_by_day_and_the_troops_disagreement(demo):
    client, _db = demo
    stories = client.get("/api/stories").json()
    found = None
    for s in stories:
        data = client.get(f"/api/stories/{s['id']}").json()
        values = [side["value"] for x in data["disagreements"] for side in x["sides"]]
        if any("15,000" in v for v in values) and any("10,000" in v for v in values):
            found = data
            break
    assert found is not None, "the demo's 10,000 vs 15,000 troops"
    assert found["developments"] and all(
        line["cites"] for d in found["developments"] for line in d["sentences"]
    )
    html = client.get(f"/stories/{found['id']}").text
    for needle in (
        "What happened, day by day",
        "Where reports differ",
        "15,000",
        "10,000",
        found["label"].replace("'", "&#39;"),
    ):
        assert needle in html, needle
    assert html.index("story-summary") < html.index("What happened, day by day")


def test_story_breadcrumb_names_the_theme_as_the_themes_page_does(demo):
    """The story page's crumb showed the stored keyword label ("Cartel · Companies") while the
    themes page showed the subject label."""
    client, _db = demo
    themes = {t["id"]: t["label"] for t in client.get("/api/themes").json()}
    themed = [s for s in client.get("/api/stories").json() if s.get("theme_id") in themes]
    assert themed, "the demo store has themed stories"
    for s in themed[:3]:
        data = client.get(f"/api/stories/{s['id']}").json()
        assert data["theme_label"] == themes[s["theme_id"]], s["id"]
        html = client.get(f"/stories/{s['id']}").text
        crumb = html[html.index('class="crumbs"') :].split("</p>", 1)[0]
        assert themes[s["theme_id"]].replace("'", "&#39;") in crumb


def test_story_chart_only_when_the_story_spans_days(demo):
    """A one-day story's chart was a single bar at the left end of an empty axis."""
    client, _db = demo
    one_day: dict[bool, str] = {}  # one story that spans one day, one that spans more
    for s in client.get("/api/stories").json():
        days = [d for d in s["articles_per_day"] if d[:4].isdigit()]
        one_day.setdefault(len(days) > 1, s["id"])
    assert set(one_day) == {True, False}
    for spans, sid in one_day.items():
        assert (len(client.get(f"/api/stories/{sid}").json()["bars"]) > 1) == spans, sid
        html = client.get(f"/stories/{sid}").text
        assert ('<svg class="chart"' in html) == spans, sid


def test_briefing_window_line_has_no_citations_and_dates_are_iso(demo):
    client, _db = demo
    html = client.get("/brief?topic=fentanyl+tariffs+and+cartels&words=250").text
    import re as _re

    window = _re.search(r"Reported (?:on|between)[^<]*</span>", html)
    assert window, "the window line"
    assert "cite-link" not in window.group(0)
    assert 'type="date"' not in html and 'placeholder="YYYY-MM-DD"' in html


def test_search_filters_by_outlet_and_date(demo):
    client, _db = demo
    every = client.get("/api/search?q=port&limit=50").json()["results"]
    outlet = every[0]["source"]
    only = client.get("/api/search", params={"q": "port", "source": outlet}).json()["results"]
    assert only and all(r["source"] == outlet for r in only)
    assert len(only) < len(every)
    html = client.get("/search", params={"q": "port", "source": outlet}).text
    assert f"<option selected>{outlet}</option>" in html


def test_theme_and_topic_feeds_are_valid_atom(demo, embedder):
    from newsdesk.engine import Engine
    from newsdesk.model import BriefRequest
    from newsdesk.store.sqlite import SQLiteStore

    client, db = demo
    theme = client.get("/api/themes").json()[0]
    r = client.get(f"/feeds/themes/{theme['id']}.atom")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(r.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert len(feed.entries) == theme["story_count"]
    assert {e.link for e in feed.entries} == {
        f"http://test/stories/{s['id']}" for s in theme["stories"]
    }
    assert f'href="/feeds/themes/{theme["id"]}.atom"' in client.get(f"/themes/{theme['id']}").text
    # a saved topic with two recorded briefings
    store = SQLiteStore(db)
    try:
        tid = store.add_saved_topic(
            "measles outbreak", 86400, str(db.parent / "out"), 120, "2026-03-01T00:00:00Z"
        )
        eng = Engine(store, embedder)
        eng.brief(BriefRequest("measles outbreak", words=120), record=True)
        eng.brief(BriefRequest("measles outbreak", words=120, since_last=True), record=True)
    finally:
        store.close()
    r = client.get(f"/feeds/topics/{tid}.atom")
    feed = feedparser.parse(r.content)
    assert r.status_code == 200 and not feed.bozo, feed.get("bozo_exception")
    assert len(feed.entries) == 2 and feed.feed.title == "newsdesk: measles outbreak"
    assert "measles" in feed.entries[-1].content[0].value.lower()
    assert f'href="/feeds/topics/{tid}.atom"' in client.get("/topics").text


def test_ingest_refreshes_the_touched_stories_summaries(demo, tmp_path):
    """Once a store keeps summaries, ``ingest`` rewrites those of the stories it touched."""
    from newsdesk.store.sqlite import SQLiteStore
    from newsdesk.stories.summaries import fingerprint, members_of

    _client, db = demo
    record = {
        "title": "Port of Calder dockworkers ratify contract ending strike",
        "text": "Dockworkers at the Port of Calder voted on Monday to ratify the contract that "
        "ended their 27-day strike, the longshore union said. The terminal operators said all "
        "berths were working and the backlog of ships at anchor had fallen to four.",
        "url": "https://harbor-daily.example.com/2026/02/23/calder-ratify",
        "source": "Harbor Daily",
        "published": "2026-02-23T10:00:00Z",
    }
    src = write_jsonl(tmp_path / "new.jsonl", [record])
    assert main(["ingest", str(src), "--db", str(db), "--no-progress"]) == 0
    store = SQLiteStore(db)
    try:
        new = [a["id"] for a in store.list_articles(limit=1000) if "ratify" in a["title"]]
        sid = store.stories_of(new)[new[0]]
        row = store.desk_rows([sid])[sid]
        assert row["summary"] and row["members"] == fingerprint(members_of(store)[sid])
    finally:
        store.close()


def test_api_ingest_has_the_touched_stories_summaries_rewritten(demo):
    """POST /api/ingest on a store that keeps summaries: the background writer rewrites them."""
    import time

    from newsdesk.store.sqlite import SQLiteStore
    from newsdesk.stories.summaries import fingerprint, members_of

    client, db = demo
    record = {
        "title": "Mexico sends 2,000 more National Guard troops to the border",
        "text": "Mexico sent 2,000 more National Guard troops to its northern border on "
        "Sunday, the defense ministry said, adding to the deployment agreed under the tariff "
        "deal with the United States.",
        "url": "https://border-news.example.com/2026/02/15/guard-troops",
        "source": "Border News",
        "published": "2026-02-15T09:00:00Z",
    }
    r = client.post(
        "/api/ingest",
        content=json.dumps(record) + "\n",
        headers={"content-type": "application/x-ndjson", "Authorization": f"Bearer {TOKEN}"},
    )
    assert r.status_code == 200, r.text
    aid = r.json()["ids"][0]
    store = SQLiteStore(db)
    try:
        sid = store.stories_of([aid])[aid]
        want = fingerprint(members_of(store)[sid])
        for _ in range(600):  # the background writer's turn comes; bounded wait
            row = store.desk_rows([sid]).get(sid)
            if row and row["members"] == want and row["summary"]:
                break
            time.sleep(0.5)
        assert row and row["members"] == want and row["summary"], row
    finally:
        store.close()


def test_theme_labels_leave_out_document_format_words():
    """A theme of press briefings is named by what sets it apart, not "Press · Secretary"."""
    from newsdesk.stories.summaries import theme_labels_of

    who = ["Jen Psaki"] * 3 + ["Karine Jean-Pierre"] * 3
    briefings = [
        {"id": f"s{k}", "label": f"Press Briefing by Press Secretary {name}, May {k}, 2021"}
        for k, name in enumerate(who)
    ]
    places = ["Calder", "Ashgrove", "Linden Falls", "Tapachula", "Sonora", "Kansas", "Ohio",
              "Sinaloa", "Tijuana", "Villahermosa"]  # fmt: skip
    others = [
        {"id": f"o{k}", "label": f"Ferry Strike Talks Resume in {p}"} for k, p in enumerate(places)
    ] + [
        {"id": f"m{k}", "label": f"Measles Outbreak Grows in {p}"} for k, p in enumerate(places)
    ]
    # the format's words turn up in the other themes too
    others[0]["label"] = "Statement by Press Secretary Jen Psaki on the Ferry Strike"
    others[10]["label"] = "Readout from the Press Secretary on the Measles Outbreak"
    themes = [
        {"id": "t1", "label": "Press · Secretary", "stories": briefings},
        {"id": "t2", "label": "Calder · Ferry Strike", "stories": others[:10]},
        {"id": "t3", "label": "Ashgrove · Measles", "stories": others[10:]},
    ]
    labels = theme_labels_of(themes)
    assert "Press" not in labels[0] and "Secretary" not in labels[0], labels
    assert "Jen Psaki" in labels[0] or "Karine Jean-Pierre" in labels[0], labels
    # labels without format words stay as the grouping made them
    assert labels[1:] == ["Calder · Ferry Strike", "Ashgrove · Measles"]
