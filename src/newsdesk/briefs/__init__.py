"""The briefing path: from a request to a verified briefing, in one direction.

* :mod:`.flow`: gather -> write -> extra paragraphs -> verify (once) -> record;
* :mod:`.updates`: the update filter (what the reader has not read) and the topic's history;
* :mod:`.disagreements`: the "Where reports differ" paragraph, as draft sentences;
* :mod:`.writers`: :func:`~.writers.make_writer`, which builds every writer.

The engine assembles the stages and calls :func:`.flow.brief`; nothing here imports the engine.
Modules are imported one by one: this package itself imports nothing.
"""
