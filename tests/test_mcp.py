"""``newsdesk mcp`` driven by the MCP SDK's own client, over stdio and streamable HTTP.

Both transports run the real command in a subprocess on a copy of the demo store; the HTTP
server listens on 127.0.0.1 behind the API token.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest_web import demo_db_copy

mcp = pytest.importorskip("mcp")

TOKEN = "mcp-test-token"
TOOLS = {"search_articles", "get_article", "list_stories", "get_story", "brief", "verify"}


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env.update(NEWSDESK_TOKEN=TOKEN, PYTHONPATH=os.pathsep.join(sys.path))
    return env


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return demo_db_copy(tmp_path_factory, "mcp")


def _payload(result) -> dict:
    assert not result.is_error, result.content
    return json.loads(result.content[0].text)


async def _session_checks(session) -> dict:
    """Tools listed, brief, verify with one wrong number, a bad argument: what a test checks."""
    await session.initialize()
    listed = await session.list_tools()
    names = {t.name for t in listed.tools}
    descriptions = {t.name: t.description or "" for t in listed.tools}
    stories = _payload(await session.call_tool("list_stories", {"limit": 3}))["stories"]
    brief = _payload(
        await session.call_tool("brief", {"topic": "fentanyl, tariffs and cartels", "words": 120})
    )
    # a sentence with the right figure, then the same with a wrong one
    story = _payload(await session.call_tool("get_story", {"id": stories[0]["id"]}))
    first = brief["sentences"][0]
    cite = first["citations"][0]["id"]
    good = f"{first['text']} ([{cite}])"
    numbers = re.findall(r"\d[\d,]*", first["text"])
    wrong_text = first["text"]
    if numbers:
        n = numbers[0]
        wrong_text = wrong_text.replace(n, str(int(n.replace(",", "")) * 7 + 3), 1)
    else:  # no figure in the first sentence: add one
        wrong_text = wrong_text.rstrip(".") + ", 987 officials said."
    checked = _payload(
        await session.call_tool("verify", {"text": f"{good}\n\n{wrong_text} ([{cite}])"})
    )
    bad = await session.call_tool("get_story", {"id": "not-a-story"})
    bad_date = await session.call_tool("list_stories", {"since": "yesterday"})
    article = _payload(await session.call_tool("get_article", {"id": cite}))
    found = _payload(await session.call_tool("search_articles", {"query": "port strike"}))
    return {
        "names": names,
        "descriptions": descriptions,
        "stories": stories,
        "story": story,
        "brief": brief,
        "verify": checked,
        "bad": bad,
        "bad_date": bad_date,
        "article": article,
        "found": found,
    }


def _assert_session(out: dict) -> None:
    assert out["names"] == TOOLS
    assert "([id])" in out["descriptions"]["verify"] and "store" in out["descriptions"]["brief"]
    assert out["stories"] and all(s["headline"] for s in out["stories"])
    assert "day_by_day" in out["story"] and "where_reports_differ" in out["story"]
    b = out["brief"]
    assert re.search(r"\(\[[0-9a-f]{8}\]", b["markdown"])
    assert b["verification"]["passed"] == b["verification"]["checked"] > 0
    assert all(s["citations"] for s in b["sentences"] if not s["text"].startswith("Reported "))
    v = out["verify"]
    assert v["checked"] == 2 and v["supported"] == 1 and v["unsupported"] == 1, v
    assert [row["supported"] for row in v["sentences"]] == [True, False]
    assert out["bad"].is_error and "not a story ID" in out["bad"].content[0].text
    assert out["bad_date"].is_error and "yesterday" in out["bad_date"].content[0].text
    a = out["article"]
    assert all(a["text"][s["start"] : s["end"]] == s["text"] for s in a["sentences"])
    assert out["found"]["results"]


def test_stdio_session_with_the_sdk_client(db):
    from mcp import ClientSession
    from mcp.client.stdio import StdioServerParameters, stdio_client

    async def go() -> dict:
        params = StdioServerParameters(
            command=sys.executable,
            args=["-m", "newsdesk.cli", "mcp", "--db", str(db)],
            env=_env(),
        )
        async with stdio_client(params) as (r, w), ClientSession(r, w) as session:
            return await _session_checks(session)

    _assert_session(asyncio.run(go()))


@pytest.fixture(scope="module")
def http_server(db):
    log = db.parent / "mcp-http.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "newsdesk.cli", "mcp", "--http", "--port", "0", "--db", str(db)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=_env(),
        )
    try:
        deadline = time.monotonic() + 120
        url = None
        while time.monotonic() < deadline and url is None:
            m = re.search(r"on (http://127\.0\.0\.1:\d+/mcp)", log.read_text())
            if m:
                url = m.group(1)
            elif proc.poll() is not None:
                raise AssertionError(log.read_text())
            else:
                time.sleep(0.1)
        assert url, log.read_text()
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_http_session_with_the_sdk_client_behind_the_token(http_server):
    import httpx2
    from mcp import ClientSession
    from mcp.client.streamable_http import streamable_http_client

    async def go() -> dict:
        client = httpx2.AsyncClient(
            headers={"Authorization": f"Bearer {TOKEN}"}, timeout=300, trust_env=False
        )
        async with client, streamable_http_client(http_server, http_client=client) as streams:
            r, w = streams[0], streams[1]
            async with ClientSession(r, w) as session:
                return await _session_checks(session)

    _assert_session(asyncio.run(go()))


def test_http_without_the_token_is_refused(http_server):
    import httpx

    body = {"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {}}
    headers = {"accept": "application/json, text/event-stream"}
    with httpx.Client(trust_env=False, timeout=30) as c:
        none = c.post(http_server, json=body, headers=headers)
        wrong = c.post(http_server, json=body, headers={**headers, "Authorization": "Bearer no"})
    assert none.status_code == 401 and wrong.status_code == 401
    assert none.json()["error"]["code"] == "unauthorized"


def test_http_needs_a_token(tmp_path, monkeypatch, capsys):
    from newsdesk.cli.app import main

    monkeypatch.delenv("NEWSDESK_TOKEN", raising=False)
    rc = main(["mcp", "--http", "--port", "0", "--db", str(tmp_path / "x.db")])
    assert rc == 2 and "set a token first" in capsys.readouterr().err
