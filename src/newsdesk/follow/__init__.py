"""Following a beat: polled sources, the poller (``newsdesk watch``), saved topics and update
briefings. Modules are imported one by one (``newsdesk.follow.poller`` ...): this package
itself imports nothing, so the engine can use :mod:`newsdesk.follow.updates` without a cycle."""
