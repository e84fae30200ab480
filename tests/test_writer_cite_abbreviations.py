"""Graded on White House "steel": "... a tariff-rate quota that restricts the quantity of steel
articles imported into the United States from the UK ..." cited, beside the UK's proclamation,
the EU's and Japan's, which say the same words of another country. Our own paraphrase."""

from __future__ import annotations

from dataclasses import replace

from newsdesk.model import EvidenceDoc
from newsdesk.text import split_sentences
from newsdesk.write.extractive import product_config
from newsdesk.write.extractive.candidates import prepare
from newsdesk.write.extractive.select import supporting


def test_another_abbreviated_name_in_its_place_is_another_claim(embedder):
    template = (
        "The agency will set a quota that limits the tonnes of aluminium shipped into the "
        "country from the {} without the levy set in Order 4410."
    )
    docs = [
        EvidenceDoc(f"cccc000{k}", "t", text, split_sentences(text), src)
        for k, (text, src) in enumerate(
            [
                (template.format("UK"), "A"),
                (template.format("EU"), "B"),
                (template.format("UK"), "C"),
            ]
        )
    ]
    cfg = replace(product_config(), plan=False)
    prep = prepare(None, docs, embed=embedder.encode, config=cfg)
    sims = prep.vecs @ prep.vecs.T
    assert float(sims[0, 1]) >= cfg.cite_min_cos  # close in meaning: the old rule cited it
    got = supporting(prep.cands, 0, sims, prep.lineage, min_cos=cfg.cite_min_cos)
    assert [prep.docs[prep.cands[j].doc].id for j in got] == ["cccc0002"]
