"""``newsdesk index``: embed ahead of time the sentences briefings will need."""

from __future__ import annotations

import click

from newsdesk.cli.common import (
    CONTEXT_SETTINGS,
    engine,
    global_options,
    plural,
    progress_option,
    show_progress,
)
from newsdesk.cli.progress import progress_bar

EPILOG = """\b
Examples:
  newsdesk index                 # every article stored since the last index
  newsdesk index --limit 5000    # at most 5,000 articles now, the rest next time

\b
A briefing embeds the sentences of the articles it draws on the first time they are used:
a few hundred sentences for a topic never asked about (seconds on a laptop). Indexing does
that work ahead of time, article by article in the order they were stored, and resumes
where it stopped. `newsdesk watch` indexes what each poll stored.
"""


@click.command(context_settings=CONTEXT_SETTINGS, epilog=EPILOG)
@click.option(
    "--limit", type=click.IntRange(min=1), default=None, metavar="N",
    help="Index at most N articles this time.",
)  # fmt: skip
@progress_option
@global_options
@click.pass_context
def index(ctx: click.Context, limit: int | None) -> int:
    """Embed the sentences of stored articles before any briefing asks for them."""
    with engine(ctx) as eng:
        with progress_bar(show_progress(ctx), "indexing", unit="articles") as bar:
            articles, texts = eng.index_sentences(limit=limit, on_progress=bar.advance)
    print(f"indexed {plural(articles, 'article')}: {plural(texts, 'sentence vector')} embedded")
    return 0
