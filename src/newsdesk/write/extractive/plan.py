"""A reader's briefing planned as an editor would: from stories to strands, then filled.

The plan, before any sentence is chosen:

1. **Strands are stories.** The evidence articles are grouped by the store's story each
   belongs to; articles without one are grouped at brief time the way the store groups
   stories (:func:`newsdesk.stories.core.cluster` on title + lead vectors, words and names).
2. **Ranked** by relevance to the topic (the best of the story's sentences), coverage
   (independent outlets, then articles) and recency within the window. A budget of 100 words
   or fewer is the central story alone; up to 199 words, it and one or two more; from 200
   words, two to four strand paragraphs. The word budget is shared out by rank.
3. **The lead** is the central story's headline fact: the standalone sentence closest to what
   its articles' titles and first sentences share, early in its article. The "Reported
   between ..." line (no citations) comes first.
4. **Each strand** is filled by selection inside that story only (coverage of the story's
   concepts, redundancy against everything already chosen in the briefing), and shown in date
   order. A fact already stated anywhere in the briefing is not stated again
   (:func:`repeats`). When the strands span more than a month, a strand's first sentence
   carries its date.
5. **"Overall"** is a templated sentence naming each strand by its headline fact (a clause of
   its headline sentence), its first date and its outlet count, citing the headline sentence's
   articles.
"""

from __future__ import annotations

from newsdesk.briefing import Briefing, BriefSentence, Paragraph
from newsdesk.errors import NotFoundError
from newsdesk.write.extractive.arrange import _label, _sources
from newsdesk.write.extractive.candidates import Prepared
from newsdesk.write.extractive.close import (
    CLOSE_MAX_STRANDS,
    _background,
    _fitted_close,
    _plural,
    close_parts,
)
from newsdesk.write.extractive.dates import anchor_day, dateline
from newsdesk.write.extractive.followers import add_followers, glue, lead_framing
from newsdesk.write.extractive.openers import _dated
from newsdesk.write.extractive.openers import verbless as _verbless
from newsdesk.write.extractive.order import _day_of, _phases, _strand_order, date_order, group_day
from newsdesk.write.extractive.outlets import reporting
from newsdesk.write.extractive.places import placed, unsaid
from newsdesk.write.extractive.pool import usable_candidates
from newsdesk.write.extractive.repeats import _clash, _repeats_any, _without_repeats
from newsdesk.write.extractive.select import cite_all, select
from newsdesk.write.extractive.settings import BriefConfig
from newsdesk.write.extractive.strands import (
    LEAD_ONLY_WORDS,
    UP_FRONT_MIN_RANK,
    Strand,
    _names_any,
    _names_up_front,
    _outlets,
    _words_any,
    about_up_front,
    attach,
    build_strands,
    group_docs,
    headline,
    names_said,
    strand_limits,
    topic_names,
    topic_places,
    topic_words,
)
from newsdesk.write.extractive.topicwords import word_filter

# Room kept for each strand the close names (DUC 2006 tune half, 16 -> 14 words: R-2 0.0916 ->
# 0.0951, a close in 24 -> 18 of 25 briefings; the demo, White House and BBC keep theirs).
CLOSE_WORDS_PER_STRAND = 14
LEAD_MAX_WORDS = 45  # a headline fact longer than this is a poor lead
MONTH_DAYS = 31
OPENER_WORDS = 3  # a strand's dated opener, "[In June 1999,]" (a weekday and day: four)
STRAND_MIN_RELEVANCE = 0.3  # share of the central story's relevance a strand needs (0.4 and 0.5
# cost strand purity on the tune half of the readability eval: 0.930 -> 0.913, 0.902)
HEADLINE_FIRST = True  # a strand of 2+ outlets opens with its headline fact, chosen first
HEADLINE_OPENINGS = 2  # an article's first sentences may state its story's headline fact
BACKGROUND_MARGIN = 0.0  # cosine by which another strand's headline must be closer
_LAST: list[Strand] = []  # the last plan made (for inspection)


def _fits(prep: Prepared, pool: list[int], room: int) -> list[int]:
    return [i for i in pool if prep.cands[i].n_words <= room]


def compose_planned(
    prep: Prepared,
    *,
    words: int,
    since: str | None,
    until: str | None,
    cfg: BriefConfig,
) -> Briefing:
    """The planned briefing (see the module docstring). The words kept for the close are an
    estimate: when the close came out shorter (or there is none), the plan is filled once more
    with those words given back to the strands, and kept when it still has its close."""
    b = _compose_planned(prep, words=words, since=since, until=until, cfg=cfg, give_back=0)
    left = words - b.word_count()
    if left >= REFILL_MIN_WORDS:
        again = _compose_planned(
            prep, words=words, since=since, until=until, cfg=cfg, give_back=left
        )
        closed = [any(p.role == "overall" for p in x.paragraphs) for x in (b, again)]
        # the words given back must not cost the close (the fuller strands can leave it no room)
        if (
            again.word_count() <= words
            and again.word_count() > b.word_count()
            and (closed[1] or not closed[0])
        ):
            return again
    return b


REFILL_MIN_WORDS = 8


def _compose_planned(
    prep: Prepared,
    *,
    words: int,
    since: str | None,
    until: str | None,
    cfg: BriefConfig,
    give_back: int,
) -> Briefing:
    sc = cfg.select
    cands = prep.cands
    usable, fine, sims, notes = usable_candidates(prep, since=since, until=until, cfg=cfg)
    if prep.story_keys is None:
        prep.story_keys = group_docs(prep, prep.embed)
    keys = prep.story_keys
    strands = build_strands(prep, keys, usable) or build_strands(prep, keys, fine)
    if not strands:
        raise NotFoundError(f"no usable sentences in the {len(prep.docs)} matching articles")
    # (a lead-only briefing may: AllSides roundups tune half, 100 words, R-1 0.4344 -> 0.4299)
    clash = _clash(prep, sims, openings=words > LEAD_ONLY_WORDS)
    fewest, most = strand_limits(words)
    window = bool(cfg.window_min_words and words >= cfg.window_min_words)
    reserve = 0  # the dateline ("Reported between ...") is not counted in the budget
    # The strands are stories about the topic: naming what it names (the Heartland Central
    # rail merger, not a port strike's pickets at the rail yard) and holding one of its words
    # (places aside: "China and synthetic drugs" is not led by steel imports from China); a
    # filter no story passes is dropped. The central story is the best ranked of them.
    names = topic_names(prep.query)
    notes += unsaid(prep, names)  # "No matching article names Build Back Better: ..."
    if names and not any(_names_any(prep, s, names) for s in strands):
        names = []
    words_ = topic_words(prep)
    if not any(_words_any(prep, s, words_) for s in strands):
        words_ = set()

    place_ok = placed(prep, strands, words_)  # "the Cuba protests": no protests in Italy
    words_ok = word_filter(prep, strands, words_)  # "ID cards": no chip-and-pin cards

    def is_about(s: Strand) -> bool:
        return (not names or _names_any(prep, s, names)) and (
            not words_ or words_ok(s) and place_ok(s)
        )

    # The central story names what the topic names in what its articles lead with (a title or
    # an opening sentence): "Apple and iTunes" is not led by mobiles not yet ready to replace
    # music players, a story whose articles name iTunes only further down; a topic naming no
    # name but a place, its place ("Canada and steel tariffs" was led by a Mexican steel
    # measure, graded).
    up_front = names or topic_places(prep.query)
    along = None if names else words_  # a place is said along with a word of the topic
    about_all = [s for s in strands if is_about(s)]
    # (first among stories ranked at least ``UP_FRONT_MIN_RANK`` of the best: "Gordon Brown's
    # budget" was led by a one-article profile whose title names him, not by the seven articles
    # on the Budget that name him in their opening sentences)
    top = max((s.rank for s in about_all), default=0.0)
    central = (
        next(
            (
                s
                for floor in (UP_FRONT_MIN_RANK * top, 0.0)
                for titles in (True, False)
                for s in about_all
                if up_front
                and s.rank >= floor
                and _names_up_front(prep, s, up_front, titles, along)
            ),
            None,
        )
        or about_up_front(prep, about_all, up_front)
        or next(iter(about_all), strands[0])
    )
    # A story ranked far below the central one is no strand of this topic, nor one far less
    # relevant to it that its coverage ranks high (a fentanyl task force's "screening plan
    # for cargo arriving at Mexico's ports" in a briefing on a port strike): the next story
    # takes its place.
    about = [s for s in strands if s is not central and is_about(s)]
    on_topic = [
        s
        for s in about
        if s.rank >= 0.15 * central.rank and s.relevance >= STRAND_MIN_RELEVANCE * central.relevance
    ]
    # a name leads each strand's articles too ("the Budget": no US budget; places, no: the demo)
    led = [s for s in on_topic if names and _names_up_front(prep, s, names)]
    on_topic = led if names and led else on_topic
    # Too few strands above the floors: the best of those about the topic; none about it
    # (the deportation flights beside a store's tariff and task-force stories), the central
    # story alone.
    others = on_topic[: max(0, most - 1)] or about[: most - 1][:fewest]
    attach(prep, [central, *others], [s for s in strands if s is not central and s not in others])
    close_named = min(CLOSE_MAX_STRANDS, 1 + len(others))
    if words >= 150 and (others or words > LEAD_ONLY_WORDS):
        # (the central story alone above the lead-only budget: its phases are named instead)
        reserve += max(0, 6 + CLOSE_WORDS_PER_STRAND * max(2, close_named) - give_back)
    planned_days = [s.first for s in [central, *others] if s.first is not None]
    if planned_days and (max(planned_days) - min(planned_days)).days > MONTH_DAYS:
        # each strand's first sentence will carry its date ("[In June 1999,]"): room for it,
        # or the openers take the close's words
        reserve += OPENER_WORDS * (1 + len(others))
    budget = max(0, words - reserve)

    chosen: list[int] = []
    if not others:
        # The central story alone: the best selection inside it, its headline fact first.
        pool = reporting(prep, [*central.usable, *central.side], words > LEAD_ONLY_WORDS)
        # The best set in which no two sentences state the same fact.
        picked = select(cands, pool, prep.lineage, sims, budget, sc, conflict=clash)
        kept = _without_repeats(prep, picked, sims, words > LEAD_ONLY_WORDS)
        if not kept:
            kept = select(cands, pool, prep.lineage, sims, words, sc)
        if not kept:
            shortest = min(central.usable, key=lambda i: cands[i].n_words)
            kept = [shortest]
            notes.append(
                f"No sentence fits the {words}-word budget: the shortest runs "
                f"{cands[shortest].n_words} words."
            )
        picked = kept
        lead_i = headline(prep, central, [i for i in picked if not cands[i].opinion] or picked)
        assert lead_i is not None
        follows = add_followers(
            prep,
            [picked],
            list(picked),
            budget - sum(cands[i].n_words for i in picked),
            sims,
            min_relevance=sc.relevance_floor,
            repeats=_repeats_any,
            usable=lambda j: not _verbless(cands[j].text),
        )
        central.chosen = picked
        rest = date_order(prep, [i for i in picked if i != lead_i])
        cited = cite_all(prep, picked, sims, cfg)
        if words <= LEAD_ONLY_WORDS:
            phases = [[lead_i, *rest]]
        else:
            phases = _phases(prep, lead_i, rest)
        phases = [ph for ph in (glue(ph, follows) for ph in phases) if ph]
        paragraphs = [Paragraph("lead", [cited[i] for i in phases[0]])]
        paragraphs += [
            Paragraph("strand", [cited[i] for i in ph], label=strand_label(prep, central, ph))
            for ph in phases[1:]
        ]
        if window:
            w = _window_line(prep, picked, cited)
            if w is not None:
                paragraphs.insert(0, Paragraph("lead", [w]))
        if words >= 150 and len(phases) >= 2:
            days = [s.first for s in [central] if s.first is not None]
            one_year = len({d.year for d in days}) <= 1
            parts = close_parts(
                prep, _phase_strands(prep, central, phases), cited, sims, cfg, one_year
            )
            close = _fitted_close(prep, paragraphs, parts, cited, words, steps=True)
            if close:
                paragraphs.append(Paragraph("overall", close, label="Overall"))
        return _briefing(prep, paragraphs, notes, since, until)

    def used_all(ids: list[int]) -> int:
        return sum(cands[i].n_words for i in ids)

    # The budget follows the ranking: each strand its share of the words, selected for
    # coverage inside the strand (its story and the stories attached to it), redundancy
    # checked against everything chosen before; what a strand leaves goes to the next.
    planned = [central, *others]
    chosen = []
    # First each strand's headline fact, in rank order while one fits (the lead: the central
    # story's); a one-outlet strand opens with the best of what selection gives it.
    for s in planned:
        if s is central or (HEADLINE_FIRST and s.outlets >= 2):
            # the story's articles' opening sentences are its headline fact's candidates even
            # below the relevance floor: the story is relevant, its headline may not name the
            # topic's words ("designated six Mexican criminal organizations as foreign terrorist
            # organizations" for "fentanyl, tariffs and cartels")
            docs = set(s.docs)
            openings = [
                i
                for i in fine
                if cands[i].doc in docs and cands[i].index < HEADLINE_OPENINGS and i not in s.usable
            ]
            own = [i for i in [*s.usable, *openings] if not _repeats_any(prep, sims, i, chosen)]
            pool = _fits(prep, own, budget - used_all(chosen))
            if s is central and names:
                # the lead says what the topic names when a sentence of the story does
                pool = [i for i in pool if names_said(cands[i].text, names)] or pool
            # reporting before opinion ("The cease-fire ... didn't come a second too soon.")
            pool = [i for i in pool if not cands[i].opinion] or pool
            first = headline(prep, s, pool)
            while first is not None and _verbless(cands[first].text):
                pool.remove(first)  # a list item is no headline fact
                first = headline(prep, s, pool)
            if first is not None:
                s.chosen = [first]
                chosen.append(first)
    # Then the rest of the budget: one selection for coverage over every planned strand's
    # sentences (its story and the stories attached to it), continuing from the headline
    # facts, so the plan keeps the content a briefing of the whole evidence would hold; each
    # sentence it adds goes to its own strand's paragraph. A fact already stated is left out
    # and the selection made again without it.
    owner: dict[int, Strand] = {}
    for s in planned:
        for i in reporting(prep, [*s.usable, *s.side]):  # a column's words are no fact
            owner.setdefault(i, s)
    # A sentence closer to another planned strand's headline fact than to its own strand's
    # is background about that other story ("The White House has threatened a 25% tariff
    # ..." in an article on the cartel designation): it would mix two strands in one
    # paragraph, so it is no candidate.
    heads = {id(s): s.chosen[0] for s in planned if s.chosen}
    if len(heads) > 1:
        for i in list(owner):
            mine = heads.get(id(owner[i]))
            if mine is None or i == mine:
                continue
            other = max(float(sims[i, h]) for k, h in heads.items() if k != id(owner[i]))
            if other > float(sims[i, mine]) + BACKGROUND_MARGIN:
                del owner[i]
    repeated: set[int] = set()
    for _ in range(4):
        pool = [i for i in owner if i not in chosen and i not in repeated]
        more = select(cands, pool, prep.lineage, sims, budget, sc, chosen, conflict=clash)
        added = False
        for i in more[len(chosen) :]:
            if _repeats_any(prep, sims, i, chosen) or _verbless(cands[i].text):
                repeated.add(i)
                continue
            owner[i].chosen.append(i)
            chosen.append(i)
            added = True
        if not added or budget - used_all(chosen) < sc.min_words:
            break
    for s in planned[1:]:
        own_set = set(s.usable)
        if s.chosen and not (HEADLINE_FIRST and s.outlets >= 2):
            # Of what the strand chose, its headline fact opens it.
            first = headline(prep, s, [i for i in s.chosen if i in own_set] or s.chosen)
            assert first is not None
            s.chosen.remove(first)
            s.chosen.insert(0, first)
    # A sentence leaning on the one before it in its article follows it, while words last.
    follows = add_followers(
        prep,
        [s.chosen for s in planned],
        chosen,
        budget - used_all(chosen),
        sims,
        min_relevance=sc.relevance_floor,
        repeats=_repeats_any,
        usable=lambda j: not _verbless(cands[j].text),
    )
    if not central.chosen:
        shortest = min(central.usable, key=lambda i: cands[i].n_words)
        central.chosen = [shortest]
        chosen.append(shortest)
    lead_i = central.chosen[0]
    _LAST[:] = planned
    # Strands that got nothing are no strands.
    shown = [s for s in others if s.chosen]
    framing, central_rest = lead_framing(prep, lead_i, central.chosen, follows)
    cited = cite_all(prep, chosen, sims, cfg)
    days = [s.first for s in [central, *shown] if s.first is not None]
    one_year = len({d.year for d in days}) <= 1
    span_month = bool(days) and (max(days) - min(days)).days > MONTH_DAYS

    lead_par = Paragraph("lead", [cited[i] for i in [lead_i, *framing[:1]]])
    paragraphs = [lead_par]
    if window:
        w = _window_line(prep, chosen, cited)
        if w is not None:
            paragraphs.insert(0, Paragraph("lead", [w]))
    groups: list[tuple[Strand, list[int]]] = []
    if central_rest:
        groups.append((central, glue(date_order(prep, central_rest), follows)))
    groups += [(s, glue(_strand_order(prep, s.chosen), follows)) for s in shown]
    # The central story's further sentences of the lead's day (or later) follow the lead, as
    # its elaboration; the rest come in the order of their first days (graded: a lead of Feb.
    # 12, then an offer of Feb. 5, then an application of Jan. 14, read backwards), undated
    # ones last (graded: an undated "cases are declining" of September came before July's).
    lead_day = _day_of(prep, lead_i)

    def paragraph_order(g: tuple[Strand, list[int]]) -> tuple[bool, bool, str, float]:
        first = group_day(prep, g[1])
        return (not (g[0] is central and first >= lead_day), not first, first, -g[0].rank)

    groups.sort(key=paragraph_order)
    for _strand, order in groups:
        sents = [cited[i] for i in order]
        if span_month:
            sents[0] = _dated(
                sents[0],
                anchor_day(prep.docs[cands[order[0]].doc].published),
                not one_year,
                prep,
                reported=_background(prep, order[0]),
            )
        paragraphs.append(Paragraph("strand", sents, label=strand_label(prep, _strand, order)))
    if words >= 150:
        parts = close_parts(prep, [central, *shown], cited, sims, cfg, one_year)
        close = _fitted_close(prep, paragraphs, parts, cited, words)
        if close:
            paragraphs.append(Paragraph("overall", close, label="Overall"))
    return _briefing(prep, paragraphs, notes, since, until)


def _phase_strands(prep: Prepared, central: Strand, phases: list[list[int]]) -> list[Strand]:
    """The central story's phases as strands the close can name, each with its own articles
    and sentences."""
    out = []
    for k, ph in enumerate(phases):
        docs = sorted({prep.cands[i].doc for i in ph})
        days = [a for a in (anchor_day(prep.docs[d].published) for d in docs) if a is not None]
        out.append(
            Strand(
                key=f"{central.key}#{k}",
                docs=docs,
                usable=[i for i in central.usable if prep.cands[i].doc in docs],
                outlets=_outlets(prep, docs),
                first=min(days) if days else None,
                last=max(days) if days else None,
                relevance=central.relevance,
                rank=central.rank,
                chosen=list(ph),
            )
        )
    return out


def strand_label(prep: Prepared, strand: Strand, order: list[int]) -> str:
    """A strand paragraph's label: its story's headline (the title of the article its first
    sentence comes from, cleaned of outlet suffixes), its first day and its outlets, e.g.
    "Washington labels six Mexican cartels terrorist groups (2026-01-28, 3 outlets)"; the
    keywords of its sentences when the article has no title. The LLM writer's prompt names
    each strand by it."""
    from newsdesk.stories.names import clean_title

    head = strand.chosen[0] if strand.chosen else order[0]
    doc = prep.docs[prep.cands[head].doc]
    title = clean_title(doc.title or "", [doc.source] if doc.source else [])
    if not title.strip():
        return _label(prep, order)
    facts = [] if strand.first is None else [strand.first.isoformat()]
    facts.append(_plural(strand.outlets, "outlet"))
    return f"{title.strip()} ({', '.join(facts)})"


def _window_line(
    prep: Prepared, chosen: list[int], cited: dict[int, BriefSentence]
) -> BriefSentence | None:
    """ "Reported between ... and ..., from whitehouse.gov.": the days the cited articles were
    published and whose they are (one or two outlets by name, more as a count); a templated line
    with no citations, a paragraph of its own before the lead (so a reader of
    the rendered text, and ``newsdesk verify``, take it apart from the lead's sentence)."""
    by_id = {d.id: d for d in prep.docs}
    days = {}  # an article's day (None: undated), once however often it is cited
    outlets: list[str] = []
    for i in chosen:
        for c in cited[i].citations:
            days[c.id] = anchor_day(by_id[c.id].published)
            source = (by_id[c.id].source or "").strip()
            if source and source not in outlets:
                outlets.append(source)
    named = all(by_id[c.id].source for i in chosen for c in cited[i].citations)
    text = dateline(list(days.values()), outlets if named else None)
    if text is None:
        return None
    return BriefSentence(text, "templated", [])


def _briefing(
    prep: Prepared,
    paragraphs: list[Paragraph],
    notes: list[str],
    since: str | None,
    until: str | None,
) -> Briefing:
    return Briefing(
        topic=prep.query,
        paragraphs=paragraphs,
        sources=_sources(prep, paragraphs),
        notice=" ".join(notes) or None,
        since=since,
        until=until,
    )
