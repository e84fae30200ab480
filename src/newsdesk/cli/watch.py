"""``newsdesk watch``: poll due sources (and brief due saved topics) once or until stopped."""

from __future__ import annotations

import sys

import click

from newsdesk.cli.common import CONTEXT_SETTINGS, engine, global_options, plural, settings

# Articles whose sentences one round indexes at most, so a stop signal is not kept waiting by
# a long backlog (a first watch on a large archive): the rest follows in later rounds.
INDEX_PER_ROUND = 512

EPILOG = """\b
Polls each due source with a conditional GET (a 304 costs nothing), one request at a time
per host with --delay seconds between requests to one host, robots.txt honoured for article
pages; a failing source is retried with exponential back-off and paused after
--max-failures failures in a row. After the polls, the sentences of what they stored are
embedded for later briefings (at most 512 articles a round; `newsdesk index` does a backlog),
then saved topics that are due are briefed.
SIGINT/SIGTERM stop it cleanly: a poll that is still fetching is abandoned (nothing of it is
stored), one that is writing finishes its write first.

\b
Examples:
  newsdesk watch                      # run until stopped (e.g. as a systemd service)
  newsdesk watch --once               # poll what is due and exit (for cron)
"""


@click.command(
    "watch",
    context_settings=CONTEXT_SETTINGS,
    epilog=EPILOG,
    short_help="Poll sources and brief saved topics.",
)
@click.option("--once", is_flag=True, help="Poll what is due once and exit (for cron).")
@click.option(
    "--delay",
    type=click.FloatRange(min=0),
    default=1.0,
    show_default=True,
    metavar="SECONDS",
    help="Minimum time between two requests to one host.",
)
@click.option(
    "--max-failures",
    type=click.IntRange(min=1),
    default=5,
    show_default=True,
    metavar="N",
    help="Pause a source after N failures in a row.",
)
@click.option("--no-stories", is_flag=True, help="Do not group new articles into stories.")
@click.option("--no-topics", is_flag=True, help="Only poll sources; do not brief saved topics.")
@click.option(
    "--no-index", is_flag=True,
    help="Do not embed new articles' sentences ahead of briefings (see 'newsdesk index').",
)  # fmt: skip
@click.option(
    "--allow-private",
    is_flag=True,
    help="Allow sources on loopback and private addresses (refused by default).",
)
@global_options
@click.pass_context
def watch(
    ctx: click.Context,
    once: bool,
    delay: float,
    max_failures: int,
    no_stories: bool,
    no_topics: bool,
    no_index: bool,
    allow_private: bool,
) -> int:
    """Poll due sources, store their new articles, and brief due saved topics."""
    import newsdesk.follow.topics as saved
    from newsdesk.follow.poller import Poller
    from newsdesk.follow.watch import make_fetcher, run

    s = settings(ctx)
    allow = allow_private or bool(getattr(s, "allow_private", False))
    fetcher = make_fetcher(
        timeout=s.fetch_timeout,
        max_bytes=s.fetch_max_bytes,
        min_delay=delay,
        allow_private=allow,
    )
    with engine(ctx, create=True) as eng, fetcher:
        poller = Poller(eng, fetcher, max_failures=max_failures, stories=not no_stories)

        def after_polls() -> list[str]:
            lines = []
            if not no_index:  # what the polls stored, a bounded share a round
                n, texts = eng.index_sentences(limit=INDEX_PER_ROUND)
                if texts:
                    lines.append(
                        f"indexed {plural(n, 'article')}: "
                        f"{plural(texts, 'sentence vector')} embedded"
                    )
            if not no_stories:  # keep the stories' summaries current, if this store keeps them
                from newsdesk.stories.summaries import SUMMARIES_PER_ROUND, refresh_if_kept

                done = refresh_if_kept(eng, None, limit=SUMMARIES_PER_ROUND)
                if done is not None and done.written:
                    lines.append(f"summaries: {done.written} written in {done.seconds:.1f} s")
            if not no_topics:
                lines += saved.run_due(eng, clock=poller.clock)
            return lines

        state = run(
            poller,
            once=once,
            topics=after_polls,
            next_due=None if no_topics else (lambda: saved.next_due(eng)),
            report=lambda line: print(line, flush=True),
        )
    if state.signal_name:
        where = (
            f" during a poll of {state.interrupted}; nothing of it was stored"
            if (state.interrupted)
            else ""
        )
        print(f"stopped by {state.signal_name}{where}", file=sys.stderr)
    return 0
