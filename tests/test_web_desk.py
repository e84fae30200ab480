"""The story desk (issue 23): every page and API route on an undated, a mixed and an empty
store; headlines, summaries, ranking, themes, timelines, feeds; in-process over httpx.

The undated store is the demo corpus with every date removed (no ``published``, URLs without a
date in their path), as a folder of text files gives; the mixed store keeps every other date.
"""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path

import feedparser
import httpx
import pytest
from conftest import DEMO_DIR, write_jsonl

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

    def get(self, url: str, **kw) -> httpx.Response:
        async def go() -> httpx.Response:
            transport = httpx.ASGITransport(app=self.app, raise_app_exceptions=False)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
                return await c.get(url, **kw)

        return asyncio.run(go())


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
