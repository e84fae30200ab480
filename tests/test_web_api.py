"""The HTTP API and pages in-process, through httpx's ASGI transport, on a real SQLite store.

URL ingest is tried against a loopback server: the app's resolver and transport are swapped so
that the SSRF guard sees the host names a test chooses while every byte goes to 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
from conftest_http import LoopbackServer, article_html, http_server  # noqa: F401
from conftest_web import demo_db_copy

from newsdesk.config import Settings
from newsdesk.web import create_app

TOKEN = "test-token-123"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
PUBLIC = "93.184.216.34"
ERROR_KEYS = {"status", "code", "message"}


class ToLoopback(httpx.HTTPTransport):
    def __init__(self) -> None:
        super().__init__()
        self.port = 0
        self.seen: list[str] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(f"{request.url.host} {request.headers['host']}{request.url.path}")
        request.url = request.url.copy_with(host="127.0.0.1", port=self.port)
        return super().handle_request(request)


RESOLVE = {"news.test": PUBLIC, "intranet.test": "10.1.2.3"}


def resolve(host: str, port: int) -> list[str]:
    if host not in RESOLVE:
        raise OSError(-2, "Name or service not known")
    return [RESOLVE[host]]


class Client:
    """Synchronous calls into the ASGI app (one event loop per call)."""

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


@pytest.fixture(scope="module")
def world(tmp_path_factory, embedder):
    db = demo_db_copy(tmp_path_factory, "web-api")
    transport = ToLoopback()
    settings = Settings(db=str(db), token=TOKEN)
    app = create_app(settings, embedder=embedder, resolver=resolve, transport=transport)
    yield Client(app), transport, app
    app.state.newsdesk.close()


@pytest.fixture()
def client(world) -> Client:
    return world[0]


def assert_error(r: httpx.Response, status: int, needle: str = "") -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert set(body) == {"error"} and ERROR_KEYS <= set(body["error"]), body
    assert body["error"]["status"] == status
    assert needle in body["error"]["message"], body
    assert "Traceback" not in r.text
    return body["error"]


# -- reads -----------------------------------------------------------------------------------


def test_stories_themes_and_the_overview_in_html_and_json(client):
    stories = client.get("/api/stories").json()
    assert len(stories) > 10
    from newsdesk.stories.summaries import rank_stories

    assert [s["id"] for s in rank_stories(stories)] == [s["id"] for s in stories], "ranked"
    assert stories[0]["independent_sources"] == max(s["independent_sources"] for s in stories)
    themes = client.get("/api/themes").json()
    assert themes and all(t["stories"] for t in themes)
    page = client.get("/", headers={"accept": "text/html"})
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "script-src 'self'" in page.headers["content-security-policy"]
    for s in stories[:5]:
        assert f'href="/stories/{s["id"]}"' in page.text
    assert page.text.count('<svg class="chart"') == len(stories)
    as_json = client.get("/", headers={"accept": "application/json"}).json()
    assert [s["id"] for s in as_json["stories"]] == [s["id"] for s in stories]


def test_story_page_and_json_are_the_same_view(client):
    sid = client.get("/api/stories").json()[0]["id"]
    data = client.get(f"/api/stories/{sid}").json()
    assert data["id"] == sid and data["timeline"] and data["independent_sources"] >= 1
    same = client.get(f"/stories/{sid}?format=json").json()
    # the summary may have been written in the background between the two calls
    same.pop("summary")
    data.pop("summary")
    assert same == data
    html = client.get(f"/stories/{sid}").text
    assert "Brief this story" in html and f'name="story" value="{sid}"' in html
    first = data["timeline"][0]["articles"][0]["id"]
    assert f'href="/articles/{first}"' in html
    assert_error(client.get("/api/stories/szzzz"), 404)


def test_articles_list_filter_and_get_by_prefix(client):
    rows = client.get("/api/articles", params={"since": "2026-02-01", "limit": 500}).json()
    assert rows and all((r["published"] or "") >= "2026-02-01" for r in rows)
    outlet = rows[0]["source"]
    only = client.get("/api/articles", params={"source": outlet, "limit": 500}).json()
    assert only and {r["source"] for r in only} == {outlet}
    one = client.get(f"/api/articles/{rows[0]['id'][:6]}").json()
    assert one["id"] == rows[0]["id"] and one["text"]
    assert_error(client.get("/api/articles/ffffffff"), 404, "ffffffff")
    assert_error(client.get("/api/articles", params={"since": "2026-03-01",
                                                      "until": "2026-01-01"}), 400, "later")
    assert_error(client.get("/api/articles", params={"limit": 0}), 422, "limit")


def test_search_finds_by_title_words(client):
    found = client.get("/api/search", params={"q": "fentanyl task force"}).json()
    assert found["results"] and "fentanyl" in found["results"][0]["title"].lower()
    html = client.get("/search", params={"q": "fentanyl"}).text
    assert found["results"][0]["id"] in html
    assert_error(client.get("/api/search"), 422, "q")


def test_article_page_highlights_the_cited_span(client):
    a = client.get("/api/articles", params={"limit": 1}).json()[0]
    text = client.get(f"/api/articles/{a['id']}").json()["text"]
    html = client.get(f"/articles/{a['id']}", params={"start": 0, "end": 40}).text
    import html as htmllib

    assert f'<mark id="hl" tabindex="-1">{htmllib.escape(text[:40])}</mark>' in html
    bad = client.get(f"/articles/{a['id']}", params={"start": 5, "end": 10**7},
                     headers={"accept": "text/html"})
    assert bad.status_code == 400 and "outside article" in bad.text


# -- briefings -------------------------------------------------------------------------------


def test_post_briefing_returns_verified_json_with_spans(client):
    r = client.post("/api/briefings", json={"topic": "fentanyl, tariffs and cartels",
                                            "since": "2026-01-01", "until": "2026-02-28",
                                            "words": 150})
    assert r.status_code == 200, r.text
    b = r.json()
    v = b["verification"]
    assert v["checked"] > 0 and v["passed"] == v["checked"]
    cites = [c for p in b["paragraphs"] for s in p["sentences"] for c in s["citations"]]
    assert cites
    c = cites[0]
    text = client.get(f"/api/articles/{c['id']}").json()["text"]
    assert text[c["start"]:c["end"]].strip()
    assert {s["id"] for s in b["sources"]} >= {c["id"] for c in cites}


def test_briefing_errors_have_the_one_shape(client):
    assert_error(client.post("/api/briefings", json={"topic": "x", "words": 5}), 422, "words")
    assert_error(client.post("/api/briefings", json={"words": 100}), 422, "topic")
    assert_error(client.post("/api/briefings", json={"topic": "tariffs", "writer": "nope"}),
                 400, "unknown writer 'nope'")
    assert_error(client.post("/api/briefings", json={"topic": "tariffs", "since": "2026-02-02",
                                                     "until": "2026-02-01"}), 400, "later")
    assert_error(client.post("/api/briefings", content=b"{not json",
                             headers={"content-type": "application/json"}), 422)
    assert_error(client.get("/api/nothing-here"), 404, "/api/nothing-here")
    assert_error(client.request("DELETE", "/api/stories"), 405)


def test_request_bodies_have_size_limits(client):
    big = json.dumps({"topic": "x" * 400_000})
    assert_error(client.post("/api/briefings", content=big,
                             headers={"content-type": "application/json"}), 413, "too large")

    async def chunks():  # no Content-Length: counted as it arrives
        for _ in range(40):
            yield b"x" * 10_000

    assert_error(client.post("/api/briefings", content=chunks(),
                             headers={"content-type": "application/json"}), 413, "too large")


def test_an_unexpected_error_is_a_500_without_traceback(client, monkeypatch):
    from newsdesk.web import views

    def boom(*a, **k):
        raise RuntimeError("secret internals /etc/shadow")

    monkeypatch.setattr(views, "search", boom)
    err = assert_error(client.get("/api/search", params={"q": "x"}), 500)
    assert "secret" not in err["message"]
    page = client.get("/search", params={"q": "x"}, headers={"accept": "text/html"})
    assert page.status_code == 500 and "secret" not in page.text and "Traceback" not in page.text


# -- ingest ----------------------------------------------------------------------------------

HOSTILE = {
    "title": "Port strike ends", "url": "https://news.example.com/port-strike-ends",
    "source": "Harbor Test Wire", "published": "2026-02-27T10:00:00Z",
    "text": "The dock workers' strike at the port of Quokkaville ended on Friday after nine "
            "days, the union said. Cranes resumed work within hours of the vote.",
}


def test_ingest_needs_the_token(client):
    body = (json.dumps(HOSTILE) + "\n").encode()
    jsonl = {"content-type": "application/x-ndjson"}
    assert_error(client.post("/api/ingest", content=body, headers=jsonl), 401, "bearer token")
    wrong = {**jsonl, "Authorization": "Bearer nope"}
    assert_error(client.post("/api/ingest", content=body, headers=wrong), 401)
    assert client.get("/api/search", params={"q": "quokkaville"}).json()["results"] == []


def test_ingest_jsonl_body_with_the_token(client):
    recs = [HOSTILE, {"title": "no text here"}]
    body = "".join(json.dumps(r) + "\n" for r in recs).encode()
    r = client.post("/api/ingest", content=body,
                    headers={**AUTH, "content-type": "application/x-ndjson"})
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["ingested"] == 1 and out["rejected"] == 1
    assert out["rejects"] == [{"where": "body:2", "reason": "no article text"}]
    [aid] = out["ids"]
    assert client.get(f"/api/articles/{aid}").json()["title"] == HOSTILE["title"]
    found = client.get("/api/search", params={"q": "quokkaville"}).json()["results"]
    assert [f["id"] for f in found] == [aid]
    again = client.post("/api/ingest", content=body,
                        headers={**AUTH, "content-type": "application/x-ndjson"}).json()
    assert again["ingested"] == 0 and again["duplicates"] == 1
    assert_error(client.post("/api/ingest", content=b"hello",
                             headers={**AUTH, "content-type": "text/plain"}), 415)


@pytest.mark.parametrize(
    "url_form, needle",
    [
        ("http://127.0.0.1:{port}/page", "refused: 127.0.0.1 is a loopback"),
        ("http://2130706433:{port}/page", "refused: 127.0.0.1 is a loopback"),
        ("http://[::1]:{port}/page", "refused: ::1 is a loopback"),
        ("http://intranet.test:{port}/page", "'intranet.test', which resolves to 10.1.2.3"),
        ("ftp://news.test/page", "only http(s) URLs"),
    ],
)
def test_ingest_urls_to_private_addresses_are_refused_before_any_connection(
    world, http_server: LoopbackServer, url_form: str, needle: str  # noqa: F811
):
    client, transport, _ = world
    transport.port = http_server.port
    transport.seen.clear()
    http_server.add("/page", article_html("Page", ["Body text of a page. " * 40]))
    url = url_form.format(port=http_server.port)
    err = assert_error(client.post("/api/ingest", json={"urls": [url]}, headers=AUTH), 400,
                       needle)
    assert err["code"] in ("refused_url", "bad_url")
    assert http_server.requests == [] and transport.seen == []


def test_ingest_url_redirecting_to_a_private_address_is_refused(
    world, http_server: LoopbackServer  # noqa: F811
):
    client, transport, _ = world
    transport.port = http_server.port
    transport.seen.clear()
    http_server.add("/secret", article_html("Secret", ["Internal only. " * 40]))
    http_server.add("/hop", "", status=302, headers={"Location": "http://intranet.test/secret"})
    r = client.post("/api/ingest", json={"urls": ["http://news.test/hop"]}, headers=AUTH)
    err = assert_error(r, 422)
    assert err["message"].startswith("http://news.test/hop (redirected to "
                                     "http://intranet.test/secret): refused")
    assert http_server.requests == ["/hop"] and transport.seen == [f"{PUBLIC} news.test/hop"]


def test_ingest_url_through_the_guard(world, http_server: LoopbackServer):  # noqa: F811
    client, transport, _ = world
    transport.port = http_server.port
    paragraphs = ["The ferry between Cinder Bay and Tidewater resumed service on Saturday after "
                  "a two-week repair, the operator said, with extra sailings planned."] * 3
    http_server.add("/ferry", article_html("Ferry service resumes", paragraphs))
    r = client.post("/api/ingest", json={"urls": ["http://news.test/ferry"]}, headers=AUTH)
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["ingested"] == 1
    art = client.get(f"/api/articles/{out['ids'][0]}").json()
    assert art["url"] == "http://news.test/ferry" and "ferry" in art["text"].lower()
