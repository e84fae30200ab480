"""Source readers as plug-ins: the registry's lookups, ``[source.NAME]`` options, and the example
plug-in of docs/extending-sources.md (tests/plugins_sources/newsdesk_mastodon), installed
through a real entry point (its .dist-info on sys.path) and run end to end against a
Mastodon-style timeline served on 127.0.0.1: ``newsdesk ingest mastodon+http://...`` and
``newsdesk sources add`` + ``newsdesk watch --once``."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO
from conftest_http import LoopbackServer, http_server  # noqa: F401 - http_server is a fixture

from newsdesk import plugins
from newsdesk.cli.app import main
from newsdesk.errors import InputError
from newsdesk.sources.registry import load_readers

PLUGIN_DIR = Path(__file__).parent / "plugins_sources"
TIMELINE = "/api/v1/timelines/public"


def status(n: int, text: str, **extra: object) -> dict[str, object]:
    return {
        "id": str(100 + n),
        "created_at": f"2026-12-0{n}T09:30:00.000Z",
        "url": f"https://social.example/@reporter/{100 + n}",
        "content": f"<p>{text}</p>",
        "account": {"acct": "reporter", "display_name": f"Reporter {n}"},
        "in_reply_to_id": None,
        "reblog": None,
        **extra,
    }


POSTS = [
    status(1, "The harbour ferry resumed service on Monday after a week of repairs to its "
              "engine, and the first crossing carried eighty passengers to the island."),
    status(2, "The county library opened a new reading room for children on Tuesday, with "
              "two thousand books donated by local schools and a weekly storytelling hour."),
    status(3, "A reply that the reader skips unless replies = true is set in its table.",
           in_reply_to_id="101"),
    status(4, ""),  # no text: a reject naming the status
    status(5, "Council engineers closed the old stone bridge on Wednesday after inspectors "
              "found cracks in two arches; traffic is diverted through the market square."),
]  # fmt: skip


@pytest.fixture
def plugin(monkeypatch: pytest.MonkeyPatch) -> None:
    """The example plug-in installed: its package and .dist-info on sys.path."""
    monkeypatch.syspath_prepend(str(PLUGIN_DIR))


@pytest.fixture
def timeline(http_server: LoopbackServer) -> str:  # noqa: F811 - the fixture above
    http_server.add(TIMELINE, json.dumps(POSTS), content_type="application/json")
    return "mastodon+" + http_server.url(TIMELINE)


def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("NEWSDESK_CONFIG", str(path))
    monkeypatch.setenv("NEWSDESK_DB", str(tmp_path / "news.db"))


def articles(tmp_path: Path) -> list[tuple[str, ...]]:
    with sqlite3.connect(tmp_path / "news.db") as conn:
        rows = conn.execute("SELECT url, source, author, published FROM articles ORDER BY url")
        return [tuple(r) for r in rows.fetchall()]


# -- the registry ---------------------------------------------------------------------------


def test_builtin_readers_by_extension_scheme_and_sniff() -> None:
    readers = load_readers()
    assert [r.name for r in readers.readers][:4] == ["feeds", "pages", "records", "text"]
    assert readers.by_extension(".CSV").name == "records"
    assert readers.by_extension(".md").name == "text"
    assert readers.by_extension(".rss").name == "feeds"
    assert readers.by_extension(".toot") is None
    assert readers.by_sniff(b'<?xml version="1.0"?>\n<rss version="2.0">').name == "feeds"
    assert readers.by_sniff(b"<!DOCTYPE html><html><body>").name == "pages"
    assert readers.by_sniff(b'{"title": "x"}') is None
    assert readers.by_media_type("text/csv")[0].name == "records"  # type: ignore[index]
    assert readers.for_url("mastodon+http://127.0.0.1/x") is None  # no plug-in installed


def test_the_entry_point_is_found_in_a_fresh_interpreter() -> None:
    code = "from newsdesk import plugins; print(' '.join(plugins.names('source')))"
    paths = [str(REPO / "src"), str(PLUGIN_DIR)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["feeds", "mastodon", "pages", "records", "text"]
    env["PYTHONPATH"] = str(REPO / "src")  # not installed: not found
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert "mastodon" not in out.stdout.split()


def test_plugin_scheme_and_options(plugin: None) -> None:
    readers = load_readers({"mastodon": {"outlet": "Loopback Social"}})
    reader, target = readers.for_url("mastodon+https://social.example/api/v1/timelines/public")
    assert reader.name == "mastodon" and reader.outlet == "Loopback Social"
    assert target == "https://social.example/api/v1/timelines/public"
    assert "mastodon+https" in readers.scheme_names()
    assert load_readers().named("mastodon").outlet is None  # no table: no options
    # built once per process and options (ingest asks once per source given): not per file
    assert load_readers({"mastodon": {"outlet": "Loopback Social"}}) is readers
    assert load_readers({"mastodon": {"outlet": "Other"}}) is not readers


def test_bad_source_tables_are_one_line_errors(plugin: None) -> None:
    with pytest.raises(InputError, match=r"^\[source\.mastodon\]: replies: expected true or"):
        load_readers({"mastodon": {"replies": "yes"}})
    with pytest.raises(InputError, match=r"^\[source\.mastodon\]: .*unexpected keyword.*'x'"):
        load_readers({"mastodon": {"x": 1}})
    with pytest.raises(InputError, match=r"^\[source\.nosuch\]: no such source reader"):
        load_readers({"nosuch": {}})


def test_a_runtime_reader_gets_its_extension(tmp_path: Path) -> None:
    from newsdesk.model import RawArticle
    from newsdesk.sources import read_source
    from newsdesk.sources.registry import Reader

    class Lines(Reader):
        extensions = (".lines",)

        def read(self, doc):  # type: ignore[no-untyped-def]
            for n, line in enumerate(doc.data().decode().splitlines(), 1):
                yield RawArticle(title=f"t{n}", text=line, origin=f"{doc.label}:{n}")

    path = tmp_path / "a.lines"
    path.write_text("one two\nthree four\n", encoding="utf-8")
    plugins.register("source", "lines", Lines)
    try:
        assert [a.text for a in read_source(str(path))] == ["one two", "three four"]  # type: ignore[union-attr]
    finally:
        plugins.unregister("source", "lines")
    with pytest.raises(InputError, match="unsupported file type '.lines'"):
        list(read_source(str(path)))


# -- end to end through the CLI ---------------------------------------------------------------


def test_ingest_a_mastodon_timeline(
    plugin: None,
    timeline: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    config(tmp_path, monkeypatch, '[source.mastodon]\noutlet = "Loopback Social"\n')
    rc = main(["ingest", "--allow-private", "--no-stories", timeline])
    out, err = capsys.readouterr()
    assert rc == 0, err
    assert "ingested 3" in out and "rejected 1" in out
    assert f"{timeline}#4: no article text" in err
    assert articles(tmp_path) == [
        (f"https://social.example/@reporter/10{n}", "Loopback Social", f"Reporter {n}",
         f"2026-12-0{n}T09:30:00Z")
        for n in (1, 2, 5)
    ]  # fmt: skip


def test_replies_option_and_default_outlet(
    plugin: None,
    timeline: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    config(tmp_path, monkeypatch, "[source.mastodon]\nreplies = true\n")
    rc = main(["ingest", "--allow-private", "--no-stories", timeline])
    out, _ = capsys.readouterr()
    assert rc == 0 and "ingested 4" in out
    assert {row[1] for row in articles(tmp_path)} == {"127.0.0.1"}  # the server's host


def test_a_bad_option_stops_ingest_with_one_line(
    plugin: None,
    timeline: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    config(tmp_path, monkeypatch, '[source.mastodon]\nreplies = "yes"\n')
    rc = main(["ingest", "--allow-private", "--no-stories", timeline])
    _, err = capsys.readouterr()
    assert rc != 0
    assert "[source.mastodon]: replies: expected true or false, got 'yes'" in err
    assert "Traceback" not in err


def test_without_the_plugin_the_scheme_is_refused(
    timeline: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    config(tmp_path, monkeypatch, "")
    rc = main(["ingest", "--allow-private", "--no-stories", timeline])
    _, err = capsys.readouterr()
    assert rc == 2
    assert "unsupported URL scheme 'mastodon+http' (only http and https)" in err


def test_watch_polls_a_mastodon_source(
    plugin: None,
    timeline: str,
    http_server: LoopbackServer,  # noqa: F811 - the fixture above
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    config(tmp_path, monkeypatch, '[source.mastodon]\noutlet = "Loopback Social"\n')
    assert main(["sources", "add", timeline, "--name", "Loopback timeline"]) == 0
    assert f"added source 1: {timeline}" in capsys.readouterr().out
    rc = main(["watch", "--once", "--allow-private", "--no-topics", "--no-index", "--delay", "0"])
    out, err = capsys.readouterr()
    assert rc == 0, err
    assert f"{timeline}: 3 new, 0 already stored, 1 rejected" in out
    assert TIMELINE in http_server.requests
    # the poll stores the source's name, as for any watched feed, and the counters move on
    assert {row[1] for row in articles(tmp_path)} == {"Loopback Social"}
    assert main(["sources", "list", "--json"]) == 0
    [src] = json.loads(capsys.readouterr().out)
    assert src["articles"] == 3 and src["failures"] == 0


def test_watch_marks_a_source_failed_when_the_body_is_no_timeline(
    plugin: None,
    http_server: LoopbackServer,  # noqa: F811 - the fixture above
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    config(tmp_path, monkeypatch, "")
    url = "mastodon+" + http_server.add("/api/v1/timelines/tag/x", '{"error": "gone"}')
    assert main(["sources", "add", url]) == 0
    rc = main(["watch", "--once", "--allow-private", "--no-topics", "--no-index", "--delay", "0"])
    out, _ = capsys.readouterr()
    assert rc == 0
    assert f"{url}: failed: not a Mastodon timeline (expected a JSON array)" in out


def test_watch_with_a_bad_source_table_stops_before_polling(
    plugin: None,
    timeline: str,
    http_server: LoopbackServer,  # noqa: F811 - the fixture above
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    config(tmp_path, monkeypatch, "")
    assert main(["sources", "add", timeline]) == 0
    config(tmp_path, monkeypatch, "[source.mastodon]\nlimit = 5\n")
    rc = main(["watch", "--once", "--allow-private", "--no-topics", "--no-index", "--delay", "0"])
    _, err = capsys.readouterr()
    assert rc != 0 and "[source.mastodon]: " in err and "'limit'" in err
    assert TIMELINE not in http_server.requests  # nothing polled, so nothing marked failed
    config(tmp_path, monkeypatch, "")
    assert main(["sources", "list", "--json"]) == 0
    [src] = json.loads(capsys.readouterr().out)
    assert src["failures"] == 0 and src["last_error"] is None


def test_a_failed_fetch_names_the_url_as_given(
    plugin: None, http_server: LoopbackServer  # noqa: F811 - the fixture above
) -> None:
    from newsdesk.sources import Fetcher, read_source

    url = "mastodon+" + http_server.url("/api/v1/timelines/gone")
    with Fetcher(allow_private=True) as fetcher, pytest.raises(InputError) as exc:
        list(read_source(url, fetcher))
    assert str(exc.value) == f"{url}: HTTP 404"
