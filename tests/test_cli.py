"""CLI behaviour: listing, stats, settings and one-line errors."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest
from conftest import write_jsonl

from newsdesk.cli.main import main

RECS = [
    {"title": "Rail merger hearing opens", "outlet": "Meridian Post",
     "date": "2026-01-14T10:00:00Z", "link": "https://meridian.example.com/a",
     "body": "Regulators opened a hearing on the rail merger on Wednesday. Shippers objected to "
             "the plan, saying rates would rise for grain and coal customers across the plains."},
    {"headline": "Nurses rally at the capitol", "publisher": "Tidewater Signal",
     "pubDate": "Mon, 02 Feb 2026 08:00:00 GMT", "url": "https://tidewater.example.com/b",
     "content": "Hundreds of nurses rallied at the state capitol on Monday to back a staffing "
                "bill. Hospital groups said the bill would cost too much to put in place."},
]


@pytest.fixture()
def db(tmp_path, capsys):
    path = tmp_path / "cli.db"
    assert main(["ingest", str(write_jsonl(tmp_path / "r.jsonl", RECS)), "--db", str(path)]) == 0
    capsys.readouterr()
    return str(path)


def test_articles_filters_and_json(db, capsys):
    assert main(["articles", "--db", db, "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["source"] for r in rows] == ["Meridian Post", "Tidewater Signal"]
    assert rows[1]["published"].startswith("2026-02-02")
    assert main(["articles", "--db", db, "--since", "2026-02-01"]) == 0
    out = capsys.readouterr().out
    assert "Nurses rally" in out and "Rail merger" not in out
    assert main(["articles", "--db", db, "--source", "meridian post"]) == 0
    assert "Rail merger" in capsys.readouterr().out


def test_stats(db, capsys):
    assert main(["stats", "--db", db, "--json"]) == 0
    st = json.loads(capsys.readouterr().out)
    assert st["articles"] == 2 and st["sources"] == 2 and st["sentences"] >= 4
    assert st["first_published"].startswith("2026-01-14")


@pytest.mark.parametrize(
    "argv, needle",
    [
        (["articles", "--since", "last week"], "--since"),
        (["show", "zz"], "not an article ID"),
        (["show", "0000"], "no article"),
    ],
)
def test_one_line_errors(db, capsys, argv, needle):
    rc = main(argv + ["--db", db])
    err = capsys.readouterr().err
    assert rc != 0 and needle in err and err.count("\n") == 1 and "Traceback" not in err


def test_missing_database_for_read_commands(tmp_path, capsys):
    rc = main(["stats", "--db", str(tmp_path / "none.db")])
    assert rc != 0 and "no such database" in capsys.readouterr().err


def test_env_and_config_file_choose_the_database(tmp_path, monkeypatch, capsys):
    cfg = tmp_path / "c.toml"
    cfg.write_text(f'db = "{tmp_path / "from-config.db"}"\n')
    src = write_jsonl(tmp_path / "r.jsonl", RECS[:1])
    monkeypatch.setenv("NEWSDESK_CONFIG", str(cfg))
    assert main(["ingest", str(src)]) == 0
    assert (tmp_path / "from-config.db").exists()
    monkeypatch.setenv("NEWSDESK_DB", str(tmp_path / "from-env.db"))
    assert main(["ingest", str(src)]) == 0
    assert (tmp_path / "from-env.db").exists()
    cfg.write_text("nonsense = 1\n")
    assert main(["stats"]) != 0
    assert "unknown setting" in capsys.readouterr().err


def test_console_script_runs_without_traceback(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b"{not json\n\xff\xfe\n")
    proc = subprocess.run(
        [sys.executable, "-m", "newsdesk.cli", "ingest", str(bad), "--db", str(tmp_path / "x.db"),
         "--strict"],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    assert f"{bad}:1:" in proc.stderr and f"{bad}:2:" in proc.stderr


# -- the click layer: option order, help, completion, usage errors, progress -----------------


@pytest.mark.parametrize("where", ["before", "after"])
def test_global_db_option_before_or_after_the_command(db, capsys, where):
    argv = {"before": ["--db", db, "articles", "--json"],
            "after": ["articles", "--json", "--db", db]}[where]
    assert main(argv) == 0
    assert len(json.loads(capsys.readouterr().out)) == 2


@pytest.mark.parametrize("where", ["before", "after"])
def test_global_config_option_before_or_after_the_command(db, tmp_path, capsys, where):
    cfg = tmp_path / "g.toml"
    cfg.write_text(f'db = "{db}"\n')
    argv = {"before": ["--config", str(cfg), "stats", "--json"],
            "after": ["stats", "--json", "--config", str(cfg)]}[where]
    assert main(argv) == 0
    assert json.loads(capsys.readouterr().out)["articles"] == 2


def test_option_after_the_command_wins(db, tmp_path, capsys):
    assert main(["--db", str(tmp_path / "none.db"), "stats", "--db", db, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["articles"] == 2
    assert main(["--db", db, "stats", "--db", str(tmp_path / "none.db")]) != 0
    assert "no such database" in capsys.readouterr().err


def test_every_command_help_has_examples(capsys):
    from newsdesk.cli.app import cli

    commands = [[name] for name in cli.commands if name != "eval"]
    commands += [["eval", "summarization"], ["eval", "clustering"], ["eval", "themes"], []]
    for argv in commands:
        assert main(argv + ["--help"]) == 0, argv
        out = capsys.readouterr().out
        assert "Examples:" in out and "--help" in out, argv
        if argv[:1] not in (["completion"], ["eval"]):
            assert "--db" in out, argv
    # \b paragraphs are kept as written, one example per line
    assert main(["brief", "-h"]) == 0
    out = capsys.readouterr().out
    assert '\n    newsdesk brief "fentanyl, tariffs and cartels"\n' in out
    assert '-- "-tariffs"' in out


def test_no_command_prints_help_and_exits_2(capsys):
    assert main([]) == 2
    out = capsys.readouterr().out
    assert "Commands:" in out and "brief" in out and "completion" in out
    assert main(["eval"]) == 2
    out = capsys.readouterr().out
    assert out.startswith("Usage: newsdesk eval") and "summarization" in out


@pytest.mark.parametrize(
    "argv, needle",
    [
        (["articles", "--frobnicate", "--db", "{db}"], "No such option"),
        (["--frobnicate", "stats"], "No such option"),
        (["frobnicate"], "No such command"),
        (["brief", "--db", "{db}"], "Missing argument"),
        (["brief", "x", "--format", "pdf", "--db", "{db}"], "--format"),
        (["articles", "--limit", "ten", "--db", "{db}"], "--limit"),
        (["completion", "tcsh"], "tcsh"),
    ],
)
def test_usage_errors_are_one_line_exit_2(tmp_path, capsys, argv, needle):
    path = tmp_path / "x.db"
    assert main([a.format(db=path) for a in argv]) == 2
    captured = capsys.readouterr()
    assert needle in captured.err and captured.err.count("\n") == 1, captured.err
    assert captured.err.startswith("newsdesk") and "Traceback" not in captured.err
    assert captured.out == ""
    assert not path.exists()


@pytest.mark.parametrize("command", [["articles"], ["stories"], ["brief", "rail merger"]])
def test_since_later_than_until_is_one_line_error(db, capsys, command):
    rc = main(command + ["--since", "2026-02-01", "--until", "2026-01-15", "--db", db])
    err = capsys.readouterr().err
    assert rc == 2 and err.count("\n") == 1
    assert "--since 2026-02-01 is later than --until 2026-01-15" in err


def test_window_is_checked_before_the_store_is_opened(tmp_path, capsys):
    rc = main(["brief", "x", "--since", "2026-03-01", "--until", "2026-01-01",
               "--db", str(tmp_path / "none.db")])
    assert rc == 2 and "later than --until" in capsys.readouterr().err
    # the same day is a one-day window, not an error
    rc = main(["articles", "--since", "2026-01-14", "--until", "2026-01-14",
               "--db", str(tmp_path / "none.db")])
    assert rc != 0 and "no such database" in capsys.readouterr().err


def test_topic_starting_with_a_dash_goes_after_double_dash(tmp_path, capsys):
    missing = str(tmp_path / "none.db")
    assert main(["brief", "-tariffs", "--db", missing]) == 2  # one word: could be an option
    err = capsys.readouterr().err
    assert "No such option '-t'" in err and "goes after '--'" in err
    # after "--" it is the topic: parsing succeeds and the command reaches the store
    assert main(["brief", "--db", missing, "--", "-5% tariffs"]) != 0
    err = capsys.readouterr().err
    assert "no such database" in err and "No such option" not in err


@pytest.mark.parametrize(
    "shell, marker",
    [("bash", "complete -o nosort -F"), ("zsh", "#compdef newsdesk"),
     ("fish", "complete --no-files --command newsdesk")],
)
def test_completion_script(capsys, shell, marker):
    assert main(["completion", shell]) == 0
    out = capsys.readouterr().out
    assert marker in out and "_NEWSDESK_COMPLETE" in out


def test_completion_completes_commands_and_options(tmp_path):
    env = {**os.environ, "_NEWSDESK_COMPLETE": "bash_complete", "COMP_CWORD": "1",
           "COMP_WORDS": "newsdesk st"}
    cmd = [sys.executable, "-c", "import sys; from newsdesk.cli import main; sys.exit(main())"]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert {"plain,stats", "plain,stories", "plain,story"} <= set(proc.stdout.split())
    env.update(COMP_CWORD="2", COMP_WORDS="newsdesk brief --fo")
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert "plain,--format" in proc.stdout.split()
    env.update(COMP_CWORD="3", COMP_WORDS="newsdesk brief --format ")
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert {"plain,md", "plain,html", "plain,json"} <= set(proc.stdout.split())


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal_and_not_with_no_progress(tmp_path, monkeypatch, capsys):
    src = str(write_jsonl(tmp_path / "r.jsonl", RECS))
    # stderr not a terminal (as under pytest): nothing but the result
    assert main(["ingest", src, "--db", str(tmp_path / "a.db")]) == 0
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out.startswith("ingested 2,")
    # a terminal: a bar is drawn on stderr (transient), the result still on stdout
    term = _Terminal()
    monkeypatch.setattr(sys, "stderr", term)
    assert main(["ingest", src, "--db", str(tmp_path / "b.db")]) == 0
    assert "ingesting" in term.getvalue()
    assert capsys.readouterr().out.startswith("ingested 2,")
    # --no-progress, after or before the command
    for argv in (["ingest", src, "--no-progress"], ["--no-progress", "ingest", src]):
        term = _Terminal()
        monkeypatch.setattr(sys, "stderr", term)
        assert main(argv + ["--db", str(tmp_path / "c.db")]) == 0
        assert term.getvalue() == ""


def test_interrupt_closed_pipe_and_os_errors(db, monkeypatch, capsys):
    import newsdesk.cli.articles as articles_cli

    def interrupted(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(articles_cli, "engine", interrupted)
    assert main(["stats", "--db", db]) == 130
    assert capsys.readouterr().err.strip().endswith("newsdesk: interrupted")

    def unreadable(*a, **k):
        raise PermissionError(13, "Permission denied", "/srv/news.db")

    monkeypatch.setattr(articles_cli, "engine", unreadable)
    assert main(["stats", "--db", db]) == 1
    assert capsys.readouterr().err == "newsdesk: /srv/news.db: Permission denied\n"
    monkeypatch.undo()

    class ClosedPipe(io.StringIO):
        def write(self, s):
            raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    assert main(["articles", "--db", db]) == 0


def test_stories_rebuild_through_the_command_line(db, monkeypatch, capsys):
    assert main(["stories", "--rebuild", "--db", db]) == 0
    assert capsys.readouterr().out.startswith("rebuilt 2 articles into ")
    term = _Terminal()  # with a progress bar drawn
    monkeypatch.setattr(sys, "stderr", term)
    assert main(["--db", db, "stories", "--rebuild", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["rebuild"]["articles"] == 2
    assert "rebuilding stories" in term.getvalue()
