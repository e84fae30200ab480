"""No sentence is exempt from the content check: "Overall, ..." and every other opener,
heading, label or position gets the same checks, in ``newsdesk verify`` and in the LLM path
(the scripted OpenAI-compatible server of tests/llm_server.py, on 127.0.0.1).

Each hostile sentence below passed before (issue 21): an "Overall" sentence was held only to
the share of its words found across everything it cited, and an uncited one borrowed every
citation of the briefing."""

from __future__ import annotations

import json

import llm_server
import pytest
from llm_server import ScriptedLLM

from newsdesk.cli.app import main

TARIFF = "[4626609d]"  # the White House's 25% tariff threat, Jan. 16 2026
BORDER = "[842344f8]"  # January border crossings

TRUE_LINE = (
    "The United States will impose a 25% tariff on all imports from Mexico starting Feb. 15 "
    f"unless the Mexican government curbs the flow of fentanyl and migrants ({TARIFF})."
)
HOSTILE = [
    "Overall, the United States and Mexico signed a treaty ending all tariffs forever "
    "([4626609d], [fa7dc26f], [297cbac1]).",
    "Overall, Mexico has completely stopped fentanyl production and the cartels no longer exist.",
    f"Overall, the administration has surrendered to the cartels ({TARIFF}, {BORDER}).",
    f"**Overall:** Mexico has completely stopped fentanyl production ({TARIFF}, {BORDER}).",
    f"In short, the cartels no longer exist ({TARIFF}).",
    f"*The United States and Mexico signed a treaty ending all tariffs forever.* ({TARIFF})",
    f"## Overall\n\nThe administration has surrendered to the cartels ({TARIFF}).",
]


@pytest.fixture()
def db(llm_demo_db):
    return llm_demo_db


@pytest.mark.parametrize("hostile", HOSTILE)
def test_verify_flags_every_hostile_sentence_whatever_opens_it(db, tmp_path, capsys, hostile):
    path = tmp_path / "b.md"
    path.write_text(f"{TRUE_LINE}\n\n{hostile}\n", encoding="utf-8")
    assert main(["verify", str(path), "--db", db, "--json"]) == 1
    rows = json.loads(capsys.readouterr().out)["sentences"]
    assert rows[0]["supported"], rows[0]
    assert len(rows) == 2 and not rows[1]["supported"], rows[1]


@pytest.fixture()
def hostile_llm(monkeypatch):
    """The scripted server answering model "good" with true lines and hostile closes, each
    cited to real evidence articles of the prompt."""

    def answer(model: str, prompt: str) -> str:
        ev = llm_server.evidence(prompt)
        ids = list(dict.fromkeys(i for i, _ in ev))
        first = ev[0][1].rstrip(".")
        cite = f"([{ids[0]}], [{ids[1]}])"
        return (
            f"{first} ([{ev[0][0]}]).\n\n"
            f"Overall, the administration has surrendered to the cartels {cite}. "
            f"Overall, the United States and Mexico signed a treaty ending all tariffs "
            f"forever {cite}. Overall, Mexico has completely stopped fentanyl production and "
            "the cartels no longer exist."
        )

    monkeypatch.setattr(llm_server, "answer", answer)
    monkeypatch.delenv("NEWSDESK_LLM_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with ScriptedLLM() as srv:
        yield srv


def test_llm_path_publishes_no_hostile_sentence(db, hostile_llm, capsys):
    argv = [
        "brief", "fentanyl, tariffs and cartels", "--db", db, "--llm", "openai",
        "--llm-base-url", hostile_llm.base_url, "--llm-model", "good", "--no-stream",
        "--no-cache", "--format", "json",
    ]  # fmt: skip
    assert main(argv) == 0, capsys.readouterr().err
    out = json.loads(capsys.readouterr().out)
    kept = " ".join(s["text"] for p in out["paragraphs"] for s in p["sentences"])
    for needle in ("surrendered", "treaty", "no longer exist"):
        assert needle not in kept, kept
    dropped = " ".join(d["text"] for d in out["verification"]["dropped"])
    for needle in ("surrendered", "treaty", "no longer exist"):
        assert needle in dropped, dropped
