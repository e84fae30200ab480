"""Source readers and the fetcher, against real files in tmp_path and a loopback HTTP server."""
# ruff: noqa: F811 - fixtures imported from conftest_http are used as test arguments

from __future__ import annotations

import functools
import json
import os
import random
import socket
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from conftest_http import (  # noqa: F401 - http_server is a fixture
    NAV_ONLY_HTML,
    LoopbackServer,
    article_html,
    atom_feed,
    http_server,
    make_bad_input_dir,
    rss_feed,
    story_text,
)

from newsdesk.errors import InputError
from newsdesk.model import RawArticle, Reject
from newsdesk.sources import Fetcher, read_source
from newsdesk.sources import records as record_readers
from newsdesk.sources.dates import normalise_date

Item = RawArticle | Reject

# The test server is on 127.0.0.1, which a default Fetcher refuses (see test_netguard.py).
LoopFetcher = functools.partial(Fetcher, allow_private=True)


def read_all(spec: str | Path, fetcher: Fetcher | None = None) -> list[Item]:
    if fetcher is None and str(spec).startswith("http"):
        with LoopFetcher(timeout=5.0) as loopback:  # the test server
            return list(read_source(str(spec), loopback))
    return list(read_source(str(spec), fetcher))


def split(items: list[Item]) -> tuple[list[RawArticle], list[Reject]]:
    good = [i for i in items if isinstance(i, RawArticle)]
    bad = [i for i in items if isinstance(i, Reject)]
    assert len(good) + len(bad) == len(items)
    return good, bad


def write_jsonl(path: Path, records: list[object]) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    f = LoopFetcher(timeout=5.0)
    yield f
    f.close()


def line_numbers(path: Path, marker: str) -> list[int]:
    """1-based numbers of the lines of ``path`` that contain ``marker``."""
    lines = path.read_text(encoding="utf-8").split("\n")
    return [n for n, line in enumerate(lines, 1) if marker in line]


def closed_port() -> int:
    """A loopback port that nothing listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# ============================================================================= Fetcher


def test_fetch_ok_decodes_declared_charset(http_server: LoopbackServer) -> None:
    url = http_server.add(
        "/latin", "Café crème".encode("latin-1"), content_type="text/plain; charset=ISO-8859-1"
    )
    with LoopFetcher(timeout=5) as f:
        res = f.get(url)
    assert (res.status, res.content_type, res.url) == (200, "text/plain", url)
    assert res.body == "Café crème".encode("latin-1")
    assert res.text == "Café crème"


def test_fetch_without_charset_uses_utf8_with_replacement(http_server: LoopbackServer) -> None:
    url = http_server.add("/bytes", b"ok \xff end", content_type="text/plain")
    with LoopFetcher(timeout=5) as f:
        assert f.get(url).text == "ok \ufffd end"


def test_fetch_sends_user_agent_and_uses_given_transport(http_server: LoopbackServer) -> None:
    seen: list[str] = []

    class Recording(httpx.HTTPTransport):
        def handle_request(self, request: httpx.Request) -> httpx.Response:
            seen.append(request.headers["user-agent"])
            return super().handle_request(request)

    url = http_server.add("/ua", "hi", content_type="text/plain")
    with LoopFetcher(timeout=5, user_agent="tester/1", transport=Recording()) as f:
        assert f.get(url).text == "hi"
    assert seen == ["tester/1"]


def test_fetch_follows_redirects_to_final_url(http_server: LoopbackServer) -> None:
    final = http_server.add("/final", "landed", content_type="text/plain")
    http_server.redirect("/hop2", "/final", status=301)
    start = http_server.redirect("/hop1", "/hop2")
    with LoopFetcher(timeout=5) as f:
        res = f.get(start)
    assert res.url == final and res.text == "landed"


def test_fetch_redirect_loop_is_an_input_error(http_server: LoopbackServer) -> None:
    url = http_server.redirect("/loop", "/loop")
    with LoopFetcher(timeout=5, max_redirects=3) as f, pytest.raises(InputError) as err:
        f.get(url)
    assert str(err.value) == f"{url}: too many redirects (more than 3)"


@pytest.mark.parametrize("status", [404, 410, 500])
def test_fetch_http_error_status(http_server: LoopbackServer, status: int) -> None:
    url = http_server.add("/err", "nope", status=status, content_type="text/plain")
    with LoopFetcher(timeout=5) as f, pytest.raises(InputError) as err:
        f.get(url)
    assert str(err.value) == f"{url}: HTTP {status}"


def test_fetch_slow_response_times_out(http_server: LoopbackServer) -> None:
    url = http_server.add("/slow", "late", delay=30.0)
    with LoopFetcher(timeout=0.5) as f, pytest.raises(InputError) as err:
        f.get(url)
    assert str(err.value) == f"{url}: timed out after 0.5s"


def test_fetch_trickling_body_hits_the_overall_deadline(http_server: LoopbackServer) -> None:
    # each chunk arrives well within the read timeout; only the total deadline can stop it
    url = http_server.add(
        "/trickle", b"x" * 400, chunk_size=10, chunk_pause=0.1, content_type="text/plain"
    )
    with LoopFetcher(timeout=0.8) as f, pytest.raises(InputError) as err:
        f.get(url)
    assert "timed out" in str(err.value)


def test_fetch_declared_oversized_body(http_server: LoopbackServer) -> None:
    url = http_server.add("/big", b"a" * 300_000, content_type="text/plain")
    with LoopFetcher(timeout=5, max_bytes=100_000) as f, pytest.raises(InputError) as err:
        f.get(url)
    assert str(err.value) == f"{url}: response too large (300000 bytes, limit 100000)"


def test_fetch_streamed_oversized_body_stops_early(http_server: LoopbackServer) -> None:
    # no Content-Length and 64 MB on offer: the fetcher must stop once past its cap
    url = http_server.add(
        "/endless", b"b" * 65536, repeat=1024, send_length=False, content_type="text/plain"
    )
    tracemalloc.start()
    try:
        with LoopFetcher(timeout=10, max_bytes=200_000) as f, pytest.raises(InputError) as err:
            f.get(url)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert str(err.value) == f"{url}: response too large (over 200000 bytes)"
    assert peak < 8_000_000


def test_fetch_unreachable_port() -> None:
    url = f"http://127.0.0.1:{closed_port()}/feed.xml"
    with LoopFetcher(timeout=5) as f, pytest.raises(InputError) as err:
        f.get(url)
    assert str(err.value).startswith(f"{url}: cannot connect (")
    assert "\n" not in str(err.value)


@pytest.mark.parametrize(
    "url, reason",
    [
        ("ftp://127.0.0.1/file.txt", "unsupported URL scheme 'ftp' (only http and https)"),
        ("file:///etc/hostname", "unsupported URL scheme 'file' (only http and https)"),
        ("127.0.0.1/page", "unsupported URL scheme none (only http and https)"),
        ("http:///nohost", "URL has no host"),
    ],
)
def test_fetch_rejects_non_http_urls(url: str, reason: str) -> None:
    with LoopFetcher(timeout=5) as f, pytest.raises(InputError) as err:
        f.get(url)
    assert str(err.value) == f"{url}: {reason}"


# ============================================================================= JSON Lines


@pytest.mark.parametrize(
    "record, expected",
    [
        (
            {
                "title": "T",
                "text": "Body.",
                "url": "http://a.example.com/1",
                "published": "2025-03-01",
                "source": "Wire",
                "author": "Ann",
            },
            ("T", "Body.", "http://a.example.com/1", "2025-03-01", "Wire", "Ann"),
        ),
        (
            {
                "headline": "H",
                "body": "B.",
                "link": "http://a.example.com/2",
                "pubDate": "Sat, 01 Mar 2025 09:30:00 +0100",
                "outlet": "Daily",
                "byline": "Bo",
            },
            ("H", "B.", "http://a.example.com/2", "2025-03-01T08:30:00Z", "Daily", "Bo"),
        ),
        (
            {
                "name": "N",
                "content": "C.",
                "href": "http://a.example.com/3",
                "published_at": "2025-03-01T09:30:00Z",
                "publisher": {"name": "Pub"},
                "creator": "Cy",
            },
            ("N", "C.", "http://a.example.com/3", "2025-03-01T09:30:00Z", "Pub", "Cy"),
        ),
        (
            {
                "Title": "A",
                "article": "Art.",
                "canonical_url": "http://a.example.com/4",
                "publish_date": "January 14, 2025",
                "site_name": "Site",
                "authors": ["X", {"name": "Y"}],
            },
            ("A", "Art.", "http://a.example.com/4", "2025-01-14", "Site", "X, Y"),
        ),
        (
            {
                "title": "F",
                "full_text": "Full.",
                "date": "14 January 2025",
                "newsSource": "NS",
                "source": {"id": None, "name": "Nested"},
            },
            ("F", "Full.", None, "2025-01-14", "Nested", None),
        ),
        (
            {"title": "D", "datetime": "2025-01-14 09:30:00", "description": "Only desc."},
            ("D", "Only desc.", None, "2025-01-14T09:30:00", None, None),
        ),
        (
            {"title": "S", "summary": "Sum.", "time": 1736847000, "created_at": "2020-01-01"},
            ("S", "Sum.", None, "2025-01-14T09:30:00Z", None, None),
        ),
        (
            {
                "newsTitle": "AS",
                "newBody": "Side body.",
                "newsLink": "http://a.example.com/5",
                "newsSource": "Left Outlet",
            },
            ("AS", "Side body.", "http://a.example.com/5", None, "Left Outlet", None),
        ),
    ],
)
def test_jsonl_field_synonyms(
    tmp_path: Path, record: dict[str, object], expected: tuple[object, ...]
) -> None:
    [item] = read_all(write_jsonl(tmp_path / "a.jsonl", [record]))
    assert isinstance(item, RawArticle), item
    got = (item.title, item.text, item.url, item.published, item.source, item.author)
    assert got == expected
    assert item.origin == f"{tmp_path / 'a.jsonl'}:1"


def test_jsonl_text_preferred_over_description_and_html_stripped(tmp_path: Path) -> None:
    record = {
        "title": "  Spaced\n title ",
        "description": "teaser",
        "content": "<p>First &amp; foremost.</p>\n<p>Second\nline joined.</p><script>x()</script>",
    }
    [item] = read_all(write_jsonl(tmp_path / "a.ndjson", [record]))
    assert isinstance(item, RawArticle)
    assert item.title == "Spaced title"
    assert item.text == "First & foremost.\n\nSecond line joined."


def test_jsonl_text_is_cleaned_and_title_derived(tmp_path: Path) -> None:
    long_line = "word " * 40
    records = [
        {"text": "Control\x07 chars\r\n\r\n\r\nremoved."},
        {"text": long_line + "\nSecond paragraph."},
        {"text": ["Para one.", "Para two."]},
    ]
    a, b, c = read_all(write_jsonl(tmp_path / "a.jsonl", records))
    assert isinstance(a, RawArticle) and isinstance(b, RawArticle) and isinstance(c, RawArticle)
    assert a.text == "Control chars\n\nremoved." and a.title == "Control chars"
    assert b.title.endswith("…") and len(b.title) <= 101 and b.title.startswith("word word")
    assert c.text == "Para one.\n\nPara two."


def test_jsonl_bad_lines_are_rejected_with_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    with open(path, "wb") as fh:
        fh.write(b"\xef\xbb\xbf" + json.dumps({"title": "ok1", "text": "one"}).encode() + b"\r\n")
        fh.write(b"\n   \n")  # blank lines: ignored, but counted
        fh.write(b'{"title": "bad", "text": "x",}\n')  # line 4
        fh.write(b'{"title": "Caf\xe9", "text": "latin-1"}\n')  # line 5
        fh.write(b"[1, 2]\n")  # line 6
        fh.write(b'"just a string"\n')  # line 7
        fh.write(b'{"title": "no text", "url": "http://x.example.com", "text": "   "}\n')  # line 8
        fh.write(b'{"title": "bad date", "text": "two", "date": "next Tuesday-ish"}\n')  # 9
        fh.write(b'{"title": "ok3", "text": "three"}')  # line 10, no final newline
    good, bad = split(read_all(path))
    assert [g.title for g in good] == ["ok1", "bad date", "ok3"]
    assert good[1].published is None
    assert [g.origin for g in good] == [f"{path}:1", f"{path}:9", f"{path}:10"]
    assert [str(r) for r in bad] == [
        f"{path}:4: invalid JSON (Expecting property name enclosed in double quotes "
        "at line 4, column 30)",
        f"{path}:5: not valid UTF-8 (byte 15)",
        f"{path}:6: not a JSON object (got an array)",
        f"{path}:7: not a JSON object (got a string)",
        f"{path}:8: no article text",
    ]


def test_jsonl_overlong_line_is_rejected_and_reading_continues(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(record_readers, "_MAX_RECORD", 1000)
    path = tmp_path / "long.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(json.dumps({"text": "x" * 5000}) + "\n")
        fh.write(json.dumps({"title": "after", "text": "fine"}) + "\n")
    items = read_all(path)
    assert str(items[0]) == f"{path}:1: record too long (over 1000 bytes)"
    assert isinstance(items[1], RawArticle) and items[1].origin == f"{path}:2"


def test_large_jsonl_is_streamed_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    padding = "p" * 5000  # an ignored field carries the bulk, as raw HTML often does
    count = 0
    with open(path, "w", encoding="utf-8") as fh:
        while fh.tell() < 50_000_000:
            rec = {"title": f"T{count}", "text": story_text(count, 2), "raw_html": padding}
            fh.write(json.dumps(rec) + "\n")
            count += 1
    assert path.stat().st_size >= 50_000_000
    tracemalloc.start()
    try:
        seen = 0
        last = None
        for item in read_source(str(path)):
            assert isinstance(item, RawArticle)
            seen += 1
            last = item
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert seen == count and last is not None and last.origin == f"{path}:{count}"
    assert peak < 10_000_000, f"peak {peak} bytes for a 50 MB file"


# ============================================================================= JSON


def test_json_array_with_line_numbers_and_bad_elements(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(
        "[\n"
        '  {"title": "one", "text": "first"},\n'  # line 2
        '  {"title": "broken", "text": "x",},\n'  # line 3
        "  7,\n"  # line 4
        '  {"title": "no text"},\n'  # line 5
        "  {\n"  # line 6, a record over several lines
        '    "title": "multi",\n'
        '    "text": "has \\"quotes\\", [brackets] and {braces}",\n'
        '    "tags": [[1, 2], {"a": "]"}]\n'
        "  }\n"
        "]\n",
        encoding="utf-8",
    )
    good, bad = split(read_all(path))
    assert [(g.title, g.origin) for g in good] == [("one", f"{path}:2"), ("multi", f"{path}:6")]
    assert good[1].text == 'has "quotes", [brackets] and {braces}'
    assert [str(r) for r in bad] == [
        f"{path}:3: invalid JSON (Expecting property name enclosed in double quotes "
        "at line 3, column 33)",
        f"{path}:4: not a JSON object (got a number)",
        f"{path}:5: no article text",
    ]


@pytest.mark.parametrize("key", ["articles", "items", "data", "Articles"])
def test_json_wrapper_object(tmp_path: Path, key: str) -> None:
    doc = {
        "status": "ok",
        "total": 2,
        key: [{"title": "a", "text": "x"}, {"title": "b"}],
        "next": None,
    }
    path = tmp_path / "w.json"
    path.write_text(json.dumps(doc, indent=2), encoding="utf-8")
    good, bad = split(read_all(path))
    assert [g.title for g in good] == ["a"] and good[0].origin == f"{path}:5"
    assert [str(r) for r in bad] == [f"{path}:9: no article text"]


def test_json_single_object_and_concatenated_objects(tmp_path: Path) -> None:
    single = tmp_path / "one.json"
    single.write_text(json.dumps({"title": "solo", "body": "text", "date": "2025-02-03"}))
    [item] = read_all(single)
    assert isinstance(item, RawArticle)
    assert (item.title, item.published, item.origin) == ("solo", "2025-02-03", f"{single}:1")

    several = tmp_path / "lines.json"  # JSON Lines saved with a .json name
    several.write_text('{"title": "a", "text": "1"}\n{"title": "b", "text": "2"}\n')
    assert [(i.title, i.origin) for i in read_all(several) if isinstance(i, RawArticle)] == [
        ("a", f"{several}:1"),
        ("b", f"{several}:2"),
    ]


@pytest.mark.parametrize(
    "content, expected",
    [
        ("   \n\n  ", "{path}: empty file"),
        ("[]", None),
        ('"a string"', "{path}:1: not a JSON array or object"),
        ('[\n{"text": "ok"},\n{"text": [1, 2}\n, {"text": "lost"}]', "{path}:3: invalid JSON"),
        ('[{"text": "ok"}', "{path}:1: invalid JSON (unterminated array)"),
        ('{"text": "ok", "title": }', "{path}:1: invalid JSON (Expecting value in 'title')"),
        ('{"text" "ok"}', "{path}:1: invalid JSON (expected a key and ':')"),
        ('{"text": "ok"] ', "{path}:1: invalid JSON (unterminated object)"),
        ("{}", "{path}:1: no article text"),
    ],
)
def test_json_structural_errors(tmp_path: Path, content: str, expected: str | None) -> None:
    path = tmp_path / "s.json"
    path.write_text(content, encoding="utf-8")
    _, bad = split(read_all(path))
    if expected is None:
        assert bad == []
    else:
        assert len(bad) == 1 and str(bad[0]).startswith(expected.format(path=path))


def test_json_invalid_utf8_rejects_only_that_record(tmp_path: Path) -> None:
    path = tmp_path / "u.json"
    path.write_bytes(b'[{"text": "good"},\n {"text": "caf\xe9"},\n {"text": "also good"}]')
    good, bad = split(read_all(path))
    assert [g.text for g in good] == ["good", "also good"]
    assert [str(r) for r in bad] == [f"{path}:2: not valid UTF-8"]


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 64])
def test_json_scanner_is_independent_of_chunk_boundaries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    records = [
        {"title": "Ünïcødé — “quotes”", "text": 'back\\slash \\" and "quote" ] } [ {'},
        {"title": "emoji 🚢", "text": "multi-byte characters split across reads: 東京 ✓"},
        {"nested": {"deep": [[[{"x": "]]]"}]]]}, "text": "escape at edge \\\\"},
    ]
    path = tmp_path / "c.json"
    path.write_text(json.dumps({"meta": {"n": 3}, "items": records}, indent=1, ensure_ascii=False))
    expected = read_all(path)
    monkeypatch.setattr(record_readers, "_CHUNK", chunk)
    assert read_all(path) == expected
    assert [i.title for i in expected if isinstance(i, RawArticle)][:2] == [
        "Ünïcødé — “quotes”",
        "emoji 🚢",
    ]


def test_json_record_over_the_cap_stops_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(record_readers, "_MAX_RECORD", 2000)
    monkeypatch.setattr(record_readers, "_CHUNK", 512)
    path = tmp_path / "huge.json"
    path.write_text(json.dumps([{"text": "ok"}, {"text": "y" * 10_000}], indent=1))
    items = read_all(path)
    assert isinstance(items[0], RawArticle)
    assert str(items[1]) == f"{path}:5: record too large (over 2000 characters)"


def test_large_json_array_is_streamed_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    padding = "q" * 5000
    count = 0
    with open(path, "w", encoding="utf-8") as fh:
        fh.write('{"status": "ok", "articles": [\n')
        while fh.tell() < 30_000_000:
            if count:
                fh.write(",\n")
            fh.write(json.dumps({"title": f"T{count}", "text": "short body", "blob": padding}))
            count += 1
        fh.write("\n]}\n")
    tracemalloc.start()
    try:
        seen = sum(1 for item in read_source(str(path)) if isinstance(item, RawArticle))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert seen == count
    assert peak < 12_000_000, f"peak {peak} bytes for a 30 MB file"


# ============================================================================= CSV / TSV


def test_csv_records_with_multiline_fields(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text(
        "\ufeffHeadline,Body,Published,Link\n"
        'One,"first body",2025-03-01,http://a.example.com/1\n'
        'Two,"second body\nover two lines",Mar 2 2025,http://a.example.com/2\n'
        "\n"
        "Three,third body,,\n",
        encoding="utf-8",
    )
    good, bad = split(read_all(path))
    assert bad == []
    assert [(g.title, g.origin, g.published) for g in good] == [
        ("One", f"{path}:2", "2025-03-01"),
        ("Two", f"{path}:3", "2025-03-02"),
        ("Three", f"{path}:6", None),
    ]
    # a line that stops mid-sentence is rejoined with the next (hard wrapping)
    assert good[1].text == "second body over two lines" and good[1].url == "http://a.example.com/2"


def test_csv_bad_rows(tmp_path: Path) -> None:
    path = tmp_path / "b.csv"
    with open(path, "wb") as fh:
        fh.write(b"title;text;source\n")  # semicolons: the delimiter is guessed
        fh.write("a;body \u00e0;S\n".encode())  # real UTF-8: the file is UTF-8
        fh.write(b"b;;S\n")  # no text
        fh.write(b"c;body c;S;extra;fields\n")  # too many fields
        fh.write(b"d;caf\xe9;S\n")  # not UTF-8
        fh.write(b"e;body e;S\n")
    good, bad = split(read_all(path))
    assert [g.title for g in good] == ["a", "e"] and good[0].source == "S"
    assert [str(r) for r in bad] == [
        f"{path}:3: no article text",
        f"{path}:4: 5 fields but the header has 3",
        f"{path}:5: not valid UTF-8",
    ]


def test_tsv_and_huge_fields(tmp_path: Path) -> None:
    path = tmp_path / "a.tsv"
    big = "long " * 300_000  # 1.5 MB: far past csv's default field limit
    path.write_text(f"title\ttext\nBig\t{big}\nSmall\tsmall body\n", encoding="utf-8")
    good, bad = split(read_all(path))
    assert bad == [] and [g.title for g in good] == ["Big", "Small"]
    assert len(good[0].text) == len(big.strip())


def test_csv_semicolon_separated_with_commas_in_fields(tmp_path: Path) -> None:
    path = tmp_path / "semi.csv"
    path.write_text(
        "title;text;published\n"
        '"Tariffs, again";"Officials said, on Monday, that duties rise.";2025-03-01\n'
        "Plain;Body with, three, commas, here;2025-03-02\n"
        "Third;No commas at all;2025-03-03\n",
        encoding="utf-8",
    )
    good, bad = split(read_all(path))
    assert bad == []
    assert [(g.title, g.text, g.published) for g in good] == [
        ("Tariffs, again", "Officials said, on Monday, that duties rise.", "2025-03-01"),
        ("Plain", "Body with, three, commas, here", "2025-03-02"),
        ("Third", "No commas at all", "2025-03-03"),
    ]


@pytest.mark.parametrize("name", ["pipes.csv", "pipes.tsv"])
def test_pipe_separated_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(
        "headline|body|source\n"
        "One|First body, with a comma; and a semicolon|Wire\n"
        'Two|"Second body | quoted pipe"|Daily\n',
        encoding="utf-8",
    )
    good, bad = split(read_all(path))
    assert bad == []
    assert [(g.title, g.text, g.source) for g in good] == [
        ("One", "First body, with a comma; and a semicolon", "Wire"),
        ("Two", "Second body | quoted pipe", "Daily"),
    ]


def test_comma_csv_with_semicolons_in_text_stays_comma_separated(tmp_path: Path) -> None:
    path = tmp_path / "comma.csv"
    rows = [
        "title,text,source",
        "A,one; two; three; four,Wire",
        'B,"five; six; seven; eight",Wire',
        "C,nine; ten; eleven; twelve,Daily",
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    good, bad = split(read_all(path))
    assert bad == []
    assert [(g.title, g.text, g.source) for g in good] == [
        ("A", "one; two; three; four", "Wire"),
        ("B", "five; six; seven; eight", "Wire"),
        ("C", "nine; ten; eleven; twelve", "Daily"),
    ]


def test_csv_delimiter_not_taken_from_quoted_prose(tmp_path: Path) -> None:
    # csv.Sniffer alone reads ', "yes",' as a quoted field between commas
    path = tmp_path / "prose.csv"
    path.write_text(
        'title;text\nA;He said, "yes", and left.\nB;She said, "no", and stayed.\n',
        encoding="utf-8",
    )
    good, bad = split(read_all(path))
    assert bad == []
    assert [(g.title, g.text) for g in good] == [
        ("A", 'He said, "yes", and left.'),
        ("B", 'She said, "no", and stayed.'),
    ]


def test_csv_delimiter_falls_back_to_the_extension(tmp_path: Path) -> None:
    # one column: nothing to sniff, so .tsv splits on tabs and .csv on commas
    content = "text\nhello; world\nfoo, bar\nplain words\n"
    tsv, csv_path = tmp_path / "one.tsv", tmp_path / "one.csv"
    tsv.write_text(content, encoding="utf-8")
    csv_path.write_text(content, encoding="utf-8")
    assert [g.text for g in read_all(tsv)] == ["hello; world", "foo, bar", "plain words"]
    good, bad = split(read_all(csv_path))
    assert [g.text for g in good] == ["hello; world", "plain words"]
    assert [str(r) for r in bad] == [f"{csv_path}:3: 2 fields but the header has 1"]


def test_csv_without_a_text_column_is_one_reject(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("id,score\n1,2\n3,4\n", encoding="utf-8")
    assert [str(r) for r in read_all(path)] == [
        f"{path}: no text column in the header (columns: id, score)"
    ]


# ============================================================================= HTML, text


def test_html_article_file(tmp_path: Path) -> None:
    path = tmp_path / "story.html"
    html = article_html(
        "Council extends ferry timetable",
        [story_text(1), story_text(2)],
        published="2025-03-01T09:30:00Z",
        author="Jane Roe",
        canonical="https://news.example.com/ferry",
        site="Harbour Times",
    )
    path.write_text(html, encoding="utf-8")
    [item] = read_all(path)
    assert isinstance(item, RawArticle)
    assert item.title == "Council extends ferry timetable"
    assert item.text.startswith(story_text(1)[:40])  # the h1 is not repeated
    assert "Privacy" not in item.text and "Home" not in item.text
    assert (item.published, item.author, item.source) == ("2025-03-01", "Jane Roe", "Harbour Times")
    assert item.url == "https://news.example.com/ferry" and item.origin == str(path)


def test_html_without_article(tmp_path: Path) -> None:
    path = tmp_path / "login.htm"
    path.write_text(NAV_ONLY_HTML, encoding="utf-8")
    assert [str(r) for r in read_all(path)] == [f"{path}: no article text found"]


def test_txt_and_md(tmp_path: Path) -> None:
    txt = tmp_path / "a.txt"
    txt.write_text("\n\nFerry vote\n\nFirst paragraph.\n\nSecond paragraph.\n", encoding="utf-8")
    md = tmp_path / "b.md"
    md.write_text("## Bridge *inspection*\n\nBody of the story.\n", encoding="utf-8")
    one_line = tmp_path / "d.txt"
    one_line.write_text("A single line of article text with no title.", encoding="utf-8")
    a, b, d = (read_all(p)[0] for p in (txt, md, one_line))
    assert isinstance(a, RawArticle) and (a.title, a.text) == (
        "Ferry vote",
        "First paragraph.\n\nSecond paragraph.",
    )
    assert isinstance(b, RawArticle) and (b.title, b.text) == (
        "Bridge *inspection*",
        "Body of the story.",
    )
    assert isinstance(d, RawArticle) and d.text == d.title == one_line.read_text()


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("blob.md", b"\x7fELF\x02\x01\x01\x00\x00\x00binary", "binary file"),
        ("blob.jsonl", b'{"text": "a"}\n\x00\x00\x00', "binary file"),
        ("utf16.txt", "Title\n\nbody".encode("utf-16"), "not valid UTF-8 (UTF-16 text)"),
        ("empty.txt", b"", "empty file"),
        ("empty.jsonl", b"", "empty file"),
        ("empty.csv", b"", "empty file"),
        ("empty.html", b"", "empty file"),
        ("empty.rss", b"", "empty file"),
        ("blank.md", b" \n\n\t\n", "empty file"),
    ],
)
def test_whole_file_problems(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert read_all(path) == [Reject(str(path), reason)]


# ============================================================================= feeds (files)


def test_rss_file(tmp_path: Path, http_server: LoopbackServer) -> None:
    page_url = http_server.add("/p1", article_html("Page", [story_text(5)]))
    items = [
        {
            "title": "Full",
            "link": "http://127.0.0.1/full",
            "pubDate": "Sat, 01 Mar 2025 09:30:00 +0100",
            "author": "Ann Lee",
            "content": f"<p>{story_text(1)}</p><p>End.</p>",
            "description": "teaser",
        },
        {
            "title": "Short",
            "link": page_url,
            "description": "<b>Short</b> summary only.",
            "source": "Other Wire",
        },
        {"title": "Nothing", "guid": "x1"},
    ]
    path = tmp_path / "wire.xml"
    path.write_text(rss_feed("Test Wire", items), encoding="utf-8")
    good, bad = split(read_all(path))
    full, short = good
    assert full.title == "Full" and full.text.endswith("\n\nEnd.")
    assert (full.published, full.author, full.source) == (
        "2025-03-01T08:30:00Z",
        "Ann Lee",
        "Test Wire",
    )
    lines = line_numbers(path, "<item>")
    assert full.url == "http://127.0.0.1/full" and full.origin == f"{path}:{lines[0]}"
    # no fetcher and a local file: the summary is used and nothing is fetched
    assert short.text == "Short summary only." and short.source == "Other Wire"
    assert http_server.requests == []
    assert [str(r) for r in bad] == [f"{path}:{lines[2]}: no article text"]


def test_local_feed_with_fetcher_fetches_short_entries(
    tmp_path: Path, http_server: LoopbackServer, fetcher: Fetcher
) -> None:
    page_url = http_server.add(
        "/p1", article_html("Page title", [story_text(5), story_text(6)], author="Pat Quinn")
    )
    path = tmp_path / "wire.rss"
    path.write_text(
        rss_feed("W", [{"title": "Short", "link": page_url, "description": "Teaser."}]), "utf-8"
    )
    [item] = read_all(path, fetcher)
    assert isinstance(item, RawArticle)
    assert item.text.startswith(story_text(5)[:40]) and item.title == "Short"
    assert item.author == "Pat Quinn" and item.url == page_url
    assert http_server.requests == ["/p1"]


def test_atom_file(tmp_path: Path) -> None:
    entries = [
        {
            "title": "Atom one",
            "link": "http://127.0.0.1/a1",
            "updated": "2025-03-01T10:00:00+02:00",
            "author": "Sam",
            "content": f"<div><p>{story_text(3)}</p></div>",
            "summary": "sum",
        },
        {"title": "Atom two", "summary": "Plain summary text."},
    ]
    path = tmp_path / "feed.atom"
    path.write_text(atom_feed("Atom Wire", entries), encoding="utf-8")
    good, bad = split(read_all(path))
    assert bad == []
    assert [(g.title, g.published, g.author, g.source) for g in good] == [
        ("Atom one", "2025-03-01T08:00:00Z", "Sam", "Atom Wire"),
        ("Atom two", None, None, "Atom Wire"),
    ]
    assert good[0].text == story_text(3) and good[1].text == "Plain summary text."
    assert [g.origin for g in good] == [f"{path}:{n}" for n in line_numbers(path, "<entry>")]


@pytest.mark.parametrize(
    "content",
    [
        '<?xml version="1.0"?><note><to>Tove</to><body>not a feed</body></note>',
        NAV_ONLY_HTML,
        "just some words, no markup at all",
    ],
)
def test_feed_file_that_is_not_a_feed(tmp_path: Path, content: str) -> None:
    path = tmp_path / "x.rss"
    path.write_text(content, encoding="utf-8")
    assert [str(r) for r in read_all(path)] == [f"{path}: not an RSS/Atom feed"]


def test_unknown_extension_is_sniffed_or_refused(tmp_path: Path) -> None:
    feed = tmp_path / "wirefeed"
    feed.write_text(rss_feed("Sniffed", [{"title": "t", "description": "Body."}]), "utf-8")
    [item] = read_all(feed)
    assert isinstance(item, RawArticle) and item.source == "Sniffed"
    page = tmp_path / "page.php"
    page.write_text(article_html("Sniffed page", [story_text(2)]), "utf-8")
    [item] = read_all(page)
    assert isinstance(item, RawArticle) and item.title == "Sniffed page"
    other = tmp_path / "slides.pdf"
    other.write_bytes(b"%PDF-1.4")
    with pytest.raises(InputError, match=r"slides\.pdf: unsupported file type '\.pdf'"):
        read_source(str(other))


# ============================================================================= directories


def test_directory_walk_is_sorted_recursive_and_skips_hidden(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    write_jsonl(tmp_path / "b" / "z.jsonl", [{"title": "bz", "text": "x"}])
    write_jsonl(tmp_path / "a.jsonl", [{"title": "a", "text": "x"}])
    write_jsonl(tmp_path / "c.jsonl", [{"title": "c", "text": "x"}])
    write_jsonl(tmp_path / ".git" / "h.jsonl", [{"title": "hidden", "text": "x"}])
    write_jsonl(tmp_path / ".h.jsonl", [{"title": "hidden", "text": "x"}])
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "empty.json").write_bytes(b"")
    items = read_all(tmp_path)
    assert [i.title if isinstance(i, RawArticle) else str(i) for i in items] == [
        "a",
        "bz",
        "c",
        f"{tmp_path / 'empty.json'}: empty file",
    ]
    assert items[1].origin == f"{tmp_path / 'b' / 'z.jsonl'}:1"  # type: ignore[union-attr]


def test_bad_input_dir_counts(tmp_path: Path) -> None:
    expected = make_bad_input_dir(tmp_path / "in")
    good, bad = split(read_all(tmp_path / "in"))
    assert {"good": len(good), "rejected": len(bad)} == expected
    reasons = {r.reason.split(" (")[0] for r in bad}
    assert reasons == {
        "invalid JSON",
        "no article text",
        "not a JSON object",
        "not valid UTF-8",
        "no article text found",
        "empty file",
        "binary file",
        "not an RSS/Atom feed",
    }
    for item in good:  # every good record is a usable article
        assert item.title and item.text and item.origin.startswith(str(tmp_path / "in"))


def test_directory_errors(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError, match=r"empty: no supported files in directory"):
        read_source(str(empty))
    only_other = tmp_path / "other"
    only_other.mkdir()
    (only_other / "a.pdf").write_bytes(b"%PDF")
    (only_other / ".b.jsonl").write_text("{}")
    with pytest.raises(InputError, match=r"other: no supported files in directory"):
        read_source(str(only_other))


def test_files_that_cannot_be_opened(tmp_path: Path) -> None:
    # dangling symlinks fail to open even for root, unlike chmod 000
    (tmp_path / "gone.jsonl").symlink_to(tmp_path / "nowhere.jsonl")
    with pytest.raises(InputError, match=r"gone\.jsonl: no such file or directory$"):
        read_source(str(tmp_path / "gone.jsonl"))
    with pytest.raises(InputError, match=r": no readable files in directory$"):
        read_source(str(tmp_path))
    write_jsonl(tmp_path / "ok.jsonl", [{"text": "readable"}])
    items = read_all(tmp_path)
    assert str(items[0]) == f"{tmp_path / 'gone.jsonl'}: cannot read (no such file or directory)"
    assert isinstance(items[1], RawArticle) and items[1].text == "readable"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_files(tmp_path: Path) -> None:
    locked = tmp_path / "locked.jsonl"
    write_jsonl(locked, [{"text": "secret"}])
    locked.chmod(0)
    try:
        with pytest.raises(InputError, match="permission denied"):
            read_source(str(locked))
        with pytest.raises(InputError, match="no readable files"):
            read_source(str(tmp_path))
        write_jsonl(tmp_path / "open.jsonl", [{"text": "public"}])
        items = read_all(tmp_path)
        assert str(items[0]) == f"{locked}: cannot read (permission denied)"
        assert isinstance(items[1], RawArticle)
    finally:
        locked.chmod(0o644)


# ============================================================================= URLs


def test_url_article_page_through_redirect(http_server: LoopbackServer) -> None:
    final = http_server.add(
        "/news/ferry.html",
        article_html("Ferry page", [story_text(1), story_text(2)], published="2025-03-01"),
    )
    start = http_server.redirect("/short", "/news/ferry.html")
    [item] = read_all(start)
    assert isinstance(item, RawArticle)
    assert (item.title, item.url, item.origin, item.published) == (
        "Ferry page",
        final,
        start,
        "2025-03-01",
    )


def test_url_feed_fetches_short_entries(http_server: LoopbackServer, fetcher: Fetcher) -> None:
    page = http_server.add("/a1", article_html("A1", [story_text(3), story_text(4)]))
    moved = http_server.add("/a2-final", article_html("A2", [story_text(5)]))
    http_server.redirect("/a2", "/a2-final")
    items = [
        {"title": "Fetched", "link": page, "description": "Short teaser."},
        {"title": "Redirected", "link": http_server.url("/a2"), "description": "Tease."},
        {
            "title": "Gone but summarised",
            "link": http_server.url("/gone1"),
            "description": "A summary that must do.",
        },
        {"title": "Gone and empty", "link": http_server.url("/gone2")},
        {
            "title": "Long enough",
            "link": http_server.url("/never"),
            "content": f"<p>{story_text(6)}</p><p>{story_text(7)}</p>",
        },
        {"title": "Not an article", "link": http_server.url("/login")},
    ]
    http_server.add("/login", NAV_ONLY_HTML)
    feed_url = http_server.add(
        "/feed", rss_feed("Loop Wire", items), content_type="application/rss+xml"
    )
    good, bad = split(read_all(feed_url, fetcher))
    assert [g.title for g in good] == [
        "Fetched",
        "Redirected",
        "Gone but summarised",
        "Long enough",
    ]
    assert good[0].text.startswith(story_text(3)[:40]) and good[0].url == page
    assert good[1].url == moved
    assert good[2].text == "A summary that must do." and good[2].source == "Loop Wire"
    assert all(g.origin.startswith(f"{feed_url}:") for g in good)
    assert [(r.where, r.reason.split(" (feed")[0]) for r in bad] == [
        (http_server.url("/gone1"), "HTTP 404"),  # reported; the entry keeps its summary
        (http_server.url("/gone2"), "HTTP 404"),
        (http_server.url("/login"), "no article text found"),
    ]
    assert "/never" not in http_server.requests


def test_url_atom_feed_served_as_xml(http_server: LoopbackServer) -> None:
    body = atom_feed("X", [{"title": "e", "content": f"<p>{story_text(2)}</p>"}])
    url = http_server.add("/atom", body, content_type="text/xml")
    [item] = read_all(url)
    assert isinstance(item, RawArticle) and item.source == "X"


def test_url_records_by_extension(http_server: LoopbackServer) -> None:
    body = '{"title": "r1", "text": "one"}\nnot json\n'
    url = http_server.add("/dump.jsonl", body, content_type="application/octet-stream")
    items = read_all(url)
    assert isinstance(items[0], RawArticle) and items[0].origin == f"{url}:1"
    assert str(items[1]).startswith(f"{url}:2: invalid JSON")


@pytest.mark.parametrize(
    "path, body, ctype, reason",
    [
        ("/login", NAV_ONLY_HTML, "text/html", "no article text found"),
        (
            "/pic.png",
            b"\x89PNG\r\n\x1a\n\x00\x00",
            "image/png",
            "not a feed or an article page (content type image/png)",
        ),
        (
            "/fake-feed",
            "<html><body>oops</body></html>",
            "application/rss+xml",
            "not an RSS/Atom feed",
        ),
        ("/note.xml", '<?xml version="1.0"?><note/>', "application/xml", "not an RSS/Atom feed"),
        ("/blank", "  \n", "text/html", "empty response"),
    ],
)
def test_url_that_is_neither_feed_nor_article(
    http_server: LoopbackServer, path: str, body: str | bytes, ctype: str, reason: str
) -> None:
    url = http_server.add(path, body, content_type=ctype)
    assert read_all(url) == [Reject(url, reason)]


def test_url_failures_raise_at_call_time(http_server: LoopbackServer) -> None:
    missing = http_server.url("/missing")
    with pytest.raises(InputError, match=f"^{missing}: refused: 127.0.0.1 is a loopback"):
        read_source(missing)  # the default fetcher refuses loopback before connecting
    assert http_server.requests == []
    with LoopFetcher(timeout=5) as loopback:
        with pytest.raises(InputError, match=f"^{missing}: HTTP 404$"):
            read_source(missing, loopback)
        dead = f"http://127.0.0.1:{closed_port()}/feed"
        with pytest.raises(InputError, match="cannot connect"):
            read_source(dead, loopback)
    slow = http_server.add("/slow", "zzz", delay=30.0)
    with LoopFetcher(timeout=0.3) as quick, pytest.raises(InputError, match="timed out"):
        read_source(slow, quick)


@pytest.mark.parametrize(
    "spec, message",
    [
        ("ftp://127.0.0.1/feed.xml", "ftp://127.0.0.1/feed.xml: unsupported URL scheme 'ftp'"),
        ("/definitely/not/here.jsonl", "/definitely/not/here.jsonl: no such file or directory"),
    ],
)
def test_unusable_specs(spec: str, message: str) -> None:
    with pytest.raises(InputError) as err:
        read_source(spec)
    assert str(err.value).startswith(message) and "\n" not in str(err.value)


def test_missing_path_message_names_relative_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError, match=r"^news/today\.jsonl: no such file or directory$"):
        read_source("news/today.jsonl")


# ============================================================================= robustness


def test_mangled_inputs_never_raise(tmp_path: Path) -> None:
    """Truncated, corrupted and spliced copies of every format yield only items, never raise."""
    originals = {
        "a.json": json.dumps({"items": [{"title": "t", "text": story_text(1)}, {"x": "]}"}]}),
        "b.jsonl": "\n".join(
            json.dumps({"title": f"t{i}", "text": story_text(i)}) for i in range(3)
        ),
        "c.csv": "title,text\n" + "\n".join(f'"t{i}","{story_text(i)}"' for i in range(3)),
        "d.rss": rss_feed("F", [{"title": "a", "description": story_text(1)}]),
        "e.atom": atom_feed("F", [{"title": "a", "summary": story_text(2)}]),
        "f.html": article_html("T", [story_text(3)]),
        "g.md": "# Title\n\nBody text.\n",
    }
    rng = random.Random(7)
    for round_no in range(25):
        for name, text in originals.items():
            data = bytearray(text.encode("utf-8"))
            cut = rng.randrange(len(data))
            if round_no % 3 == 0:
                del data[cut:]
            elif round_no % 3 == 1:
                data[cut] = rng.randrange(256)
            else:
                data[cut:cut] = rng.choice([b"\xff", b"{", b"]", b'"', b"\\", b"<", b"\x00"])
            path = tmp_path / f"{round_no}_{name}"
            path.write_bytes(bytes(data))
            for item in read_source(str(path)):
                assert isinstance(item, RawArticle | Reject)
                assert not isinstance(item, RawArticle) or item.text


# ============================================================================= dates


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("2026-01-14T09:30:00Z", "2026-01-14T09:30:00Z"),
        ("2026-01-14T10:30:00+01:00", "2026-01-14T09:30:00Z"),
        ("2025-02-20 11:18:59-05:00", "2025-02-20T16:18:59Z"),
        ("2026-01-14T09:30:00.250Z", "2026-01-14T09:30:00Z"),
        ("2026-01-14 09:30:00 UTC", "2026-01-14T09:30:00Z"),
        ("2026-01-14T09:30:00", "2026-01-14T09:30:00"),
        ("2026-01-14", "2026-01-14"),
        ("20260114", "2026-01-14"),
        ("Wed, 14 Jan 2026 09:30:00 GMT", "2026-01-14T09:30:00Z"),
        ("Wed, 14 Jan 2026 09:30:00 -0000", "2026-01-14T09:30:00Z"),
        ("Wed, 14 Jan 2026 04:30:00 EST", "2026-01-14T09:30:00Z"),
        ("January 14, 2026", "2026-01-14"),
        ("Jan. 14th, 2026", "2026-01-14"),
        ("Sept. 3, 2025", "2025-09-03"),
        ("14 January 2026", "2026-01-14"),
        ("Wednesday, January 14, 2026", "2026-01-14"),
        ("January 14, 2026 9:30 AM", "2026-01-14T09:30:00"),
        ("2026/01/14", "2026-01-14"),
        (1768383000, "2026-01-14T09:30:00Z"),
        (1768383000000, "2026-01-14T09:30:00Z"),
        ("1768383000", "2026-01-14T09:30:00Z"),
        ({"$date": "2026-01-14"}, "2026-01-14"),
        (2026, None),
        ("yesterday", None),
        ("2026-13-45", None),
        ("", None),
        (None, None),
        (True, None),
        ("0001-01-01", None),
    ],
)
def test_normalise_date(raw: object, expected: str | None) -> None:
    assert normalise_date(raw) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        # a part the text does not give is not filled in from today
        ("2026", None),
        ("March 2026", None),
        ("January 14", None),
        ("Monday", None),
        ("Wednesday, January 2026", None),
        ("09:30", None),
        ("5", None),
        ("12.5", None),
        ("today", None),
        ("now", None),
        # a date without a time stays a date (no invented midnight)
        ("Wed, 14 Jan 2026", "2026-01-14"),
        # numeric dates: refused when month-first and day-first disagree
        ("01/02/2026", None),
        ("13/1/2026", "2026-01-13"),
        ("01/14/2026", "2026-01-14"),
        ("14.01.2026", "2026-01-14"),
        ("2026/01/02", "2026-01-02"),  # year first: year-month-day, never year-day-month
        # a year must have four digits, except RFC 2822's obsolete form (00-49: 20xx, else 19xx)
        ("01/02/03", None),
        ("2/13/26", None),
        ("Jan 14 26", None),
        ("Wed, 14 Jan 26 09:30:00 GMT", "2026-01-14T09:30:00Z"),
        ("Wed, 14 Jan 75 09:30:00 GMT", "1975-01-14T09:30:00Z"),
        # "GMT+3" is three hours ahead of UTC (dateutil alone reads it the POSIX way round)
        ("January 14, 2026 12:30 GMT+3", "2026-01-14T09:30:00Z"),
        ("2026-01-14 09:30 UTC-05:30", "2026-01-14T15:00:00Z"),
        ("Wed, 14 Jan 2026 09:30:00 GMT+1", "2026-01-14T08:30:00Z"),
        # zone names and times written in words
        ("January 14, 2026 9:30 AM EST", "2026-01-14T14:30:00Z"),
        ("2026-01-14 09:30:00 PDT", "2026-01-14T16:30:00Z"),
        ("January 14, 2026 at 9:30 PM", "2026-01-14T21:30:00"),
        ("January 14, 2026 UTC", "2026-01-14"),  # a zone without a time: the date
        ("Wed, 14 Jan 2026 09:30:00 XYZ", "2026-01-14T09:30:00"),  # unknown zone: zone-less
    ],
)
def test_normalise_date_free_form(raw: str, expected: str | None) -> None:
    assert normalise_date(raw) == expected


@pytest.fixture
def paris_local_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The process's local time zone set to Europe/Paris (CET/CEST) for one test."""
    import time

    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()
    assert "CET" in time.tzname
    yield
    monkeypatch.undo()
    time.tzset()


def test_normalise_date_ignores_the_local_time_zone(paris_local_time: None) -> None:
    # dateutil on its own would read a zone name matching the machine's zone as local time
    assert normalise_date("Wed, 14 Jan 2026 09:30:00 CET") == "2026-01-14T09:30:00"
    assert normalise_date("Wed, 14 Jan 2026 09:30:00 GMT") == "2026-01-14T09:30:00Z"
    assert normalise_date("January 14, 2026 9:30 AM") == "2026-01-14T09:30:00"


def test_inline_markup_keeps_the_texts_own_paragraphs(tmp_path: Path) -> None:
    # A JSONL text with a few inline tags and Markdown-like blank lines (as the White House set
    # has): the heading must not run into the sentence after it.
    from newsdesk.sources.markup import html_to_text
    from newsdesk.text import split_sentences

    raw = ("The first sanctions were issued.\xa0  \n  \n<span style=\"x\">The Bicentennial\n"
           "Framework for Safe Communities</span>  \n  \nNearly 108,000 people died last year.")
    text = html_to_text(raw)
    assert "Communities\n\nNearly 108,000" in text
    sents = [s.text for s in split_sentences(text)]
    assert "Nearly 108,000 people died last year." in sents
    # with block elements, source line breaks stay insignificant
    assert html_to_text("<p>One\ntwo.</p><p>Three <b>four</b>.</p>") == "One two.\n\nThree four."
