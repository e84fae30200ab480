"""Following a beat: polled sources, the poller (``newsdesk watch``) and saved topics, each an
update briefing (:mod:`newsdesk.briefs`) written when due. These drive the engine; nothing
below the engine imports them. Modules are imported one by one (``newsdesk.follow.poller``
...): this package itself imports nothing."""
