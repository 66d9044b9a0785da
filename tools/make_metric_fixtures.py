#!/usr/bin/env python3
"""Records the official E2E scorer's numbers for MetricsTests (Tests/MetricsTests/Fixtures/e2e_metric_fixtures.json).

Run once from the package root, with the data provisioned:
    python3 tools/make_metric_fixtures.py --pymteval /tmp/oracle/pymteval.py

--pymteval is a local copy of e2e-metrics' metrics/pymteval.py (BLEU/NIST; not on PyPI, never committed).
METEOR, ROUGE-L, CIDEr and the PTB tokenizer come from pip's pycocoevalcap (its jars need Java), called the
way e2e-metrics' measure_scores.py calls them. Only scores, recipe parameters and SHA-256 digests are written,
never E2E text: MetricsTests rebuild the same items from the data with the recipe in FixtureRecipe.swift.
"""
import argparse
import csv
import hashlib
import importlib.util
import json
import os
import subprocess

from pycocoevalcap.cider.cider import Cider
from pycocoevalcap.meteor.meteor import Meteor
from pycocoevalcap.rouge.rouge import Rouge
from pycocoevalcap.tokenizer import ptbtokenizer
from pycocoevalcap.tokenizer.ptbtokenizer import PTBTokenizer

SYNONYMS = [("restaurant", "eatery"), ("serves", "served"), ("food", "cuisine"), ("located", "situated"),
            ("coffee shop", "café"), ("family-friendly", "family friendly"), ("kids", "children")]

# Sentences written for this project (not E2E data): tokenizer corner cases and a small scored set.
HARD_SENTENCES = [
    "The Eagle is a family-friendly coffee shop, priced £20-25.",
    "It's rated 5 out of 5 and isn't cheap... \"Great\" food (Italian) at Café Rouge & more.",
    "The U.S. chain costs 1,000.50 pounds; you can't miss it, it won't close.",
    "Clowns' prices aren't high. It's near the U.S.",
    "They said 'hello' -- then left - ok? Yes! 3/4 of £30+ meals cost 20.50-25.",
    "It costs £20.00-£25.00, moderate. 5-star rating; no. 1 in town.",
    "Near Burger King.The Mill serves English food,cheap.Rated 3.5,kid friendly: no.",
    "The Rice Boat (near Express by Holiday Inn) is a low-priced, 3-star place.",
    "Zizzi's Mr. Smith's pub? St. John's Rd. etc. The end.",
    "Blue Spice L. The Golden Curry x. It is A. B. Jones's.",
    "It`s a 'must' — really… ok.",
    "The Phoenix's customers rate it 1 out of 5 [low]; children are {not} welcome.",
    "Aromi isn't family friendly, they've got 3 stars & serve Japanese food.",
    "",
    "... , ; !",
]

HANDWRITTEN = [
    ("The Eagle is a cheap coffee shop near Burger King.",
     ["The Eagle is a low-priced coffee shop near Burger King.", "Near Burger King, The Eagle coffee shop is cheap."]),
    ("It's a family-friendly pub.", ["It is a family-friendly pub.", "The pub is kid friendly."]),
    ("", ["An empty output still counts against its references."]),
    ("Green Man serves Italian food for £20-25 and is rated 5 out of 5.",
     ["Green Man serves Italian food in the £20-25 range, rated 5 out of 5 by customers."]),
    ("Blue Spice isn't near the river.", ["Blue Spice is not by the riverside.", "Blue Spice is away from the river.",
                                          "The Blue Spice is in the city centre."]),
    ("The Mill", ["The Mill is a pub in the city centre that serves fast food."]),
    ("The Vaults, The Vaults, The Vaults.", ["The Vaults is a pub.", "The Vaults is an expensive pub by the river."]),
    ("Strada is a restaurant. It is rated 3 out of 5; prices are moderate (£20-25).",
     ["Strada is a moderately priced restaurant with a customer rating of 3 out of 5."]),
    ("Wildwood Café serves French food... at high prices!", ["Wildwood café serves French food at high prices."]),
    ("LOUD OUTPUT IN CAPITALS", ["Loud output in capitals.", "A quiet one."]),
]


def load_pymteval(path):
    spec = importlib.util.spec_from_file_location("pymteval", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_groups(path):
    """References grouped by MR in first-seen order, each stripped (as measure_scores' readers strip lines)."""
    groups = {}
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            groups.setdefault(row["mr"], []).append(row["ref"].strip())
    return list(groups.values())


def perturb(variant, k, g, groups):
    """The recipe (mirrored by FixtureRecipe.swift): a prediction for the k-th taken item, group g."""
    refs = groups[g]
    first = refs[0]
    words = first.split(" ")
    if variant == 0:
        return first
    if variant == 1:
        return groups[(g + 1) % len(groups)][0]
    if variant == 2:
        return " ".join(w for i, w in enumerate(refs[-1].split(" ")) if i % 4 != 3)
    if variant == 3:
        if len(words) >= 3:
            words[1], words[2] = words[2], words[1]
        return " ".join(words)
    if variant == 4:
        out = first
        for old, new in SYNONYMS:
            out = out.replace(old, new)
        return out
    if variant == 5:
        return refs[len(refs) // 2].replace(",", "").replace(".", " !")
    if variant == 6:
        return "".join(str((int(c) + 1) % 10) if c in "0123456789" else c for c in first).replace("£", "£ ")
    if variant == 7:
        return "" if k % 60 == 7 else first.lower()
    if variant == 8:
        return " ".join(refs[1 % len(refs)].split(" ")[:8]) + " ."
    if variant == 9:
        return first + " " + refs[-1]
    if variant == 10:
        return words[0] + " " + first.rstrip(".")
    return first.upper()


def build_items(path, step):
    groups = read_groups(path)
    taken = list(range(0, len(groups), step))
    predictions = [perturb(k % 12, k, g, groups) for k, g in enumerate(taken)]
    references = [groups[g] for g in taken]
    return predictions, references


def official_scores(pymteval, predictions, references):
    bleu, nist = pymteval.BLEUScore(), pymteval.NISTScore()
    for refs, pred in zip(references, predictions):
        bleu.append(pred, refs)
        nist.append(pred, refs)
    gts = {"inst-%d" % i: [{"caption": r} for r in refs] for i, refs in enumerate(references)}
    res = {"inst-%d" % i: [{"caption": p}] for i, p in enumerate(predictions)}
    tokenizer = PTBTokenizer()
    gts, res = tokenizer.tokenize(gts), tokenizer.tokenize(res)
    meteor, _ = Meteor().compute_score(gts, res)
    rouge, _ = Rouge().compute_score(gts, res)
    cider, _ = Cider().compute_score(gts, res)
    return {"bleu": bleu.score(), "nist": nist.score(), "meteor": float(meteor), "rougeL": float(rouge),
            "cider": float(cider)}


def coco_tokenized(lines):
    out = PTBTokenizer().tokenize({i: [{"caption": line}] for i, line in enumerate(lines)})
    return [out[i][0] for i in range(len(lines))]


def raw_ptb(lines):
    """The jar's own output (lowercased, punctuation kept), one file for all lines."""
    jar_dir = os.path.dirname(os.path.abspath(ptbtokenizer.__file__))
    path = os.path.join("/tmp", "lorabook_ptb_lines.txt")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines))
    out = subprocess.run(["java", "-cp", os.path.join(jar_dir, ptbtokenizer.STANFORD_CORENLP_3_4_1_JAR),
                          "edu.stanford.nlp.process.PTBTokenizer", "-preserveLines", "-lowerCase", path],
                         capture_output=True, check=True).stdout.decode("utf-8")
    return out.split("\n")[:len(lines)]


def sha256_lines(lines):
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pymteval", required=True)
    ap.add_argument("--data", default="data")
    ap.add_argument("--out", default="Tests/MetricsTests/Fixtures/e2e_metric_fixtures.json")
    args = ap.parse_args()
    pymteval = load_pymteval(args.pymteval)

    sets = []
    for name, source, step in [("test-every-item", "e2e/testset_w_refs.csv", 1), ("dev-every-item", "e2e/devset.csv", 1)]:
        predictions, references = build_items(os.path.join(args.data, source), step)
        entry = {"name": name, "source": source, "step": step, "items": len(predictions),
                 "predictionsSHA256": sha256_lines(predictions)}
        entry.update(official_scores(pymteval, predictions, references))
        sets.append(entry)
        print(entry)

    handwritten = {"predictions": [p for p, _ in HANDWRITTEN], "references": [r for _, r in HANDWRITTEN]}
    handwritten.update(official_scores(pymteval, handwritten["predictions"], handwritten["references"]))
    print(handwritten)

    tokenization = []
    for source in ["e2e/devset.csv", "e2e/testset_w_refs.csv"]:
        with open(os.path.join(args.data, source), encoding="utf-8", newline="") as fh:
            refs = [row["ref"].strip() for row in csv.DictReader(fh)]
        tokenization.append({"source": source, "lines": len(refs), "cocoSHA256": sha256_lines(coco_tokenized(refs))})
    hard = [{"text": t, "ptb": p, "coco": c}
            for t, p, c in zip(HARD_SENTENCES, raw_ptb(HARD_SENTENCES), coco_tokenized(HARD_SENTENCES))]
    mteval = pymteval.NGramScore(4, False)
    hard_mteval = [{"text": t, "tokens": mteval.tokenize(t)} for t in HARD_SENTENCES]

    fixture = {"scorer": "tuetschek/e2e-metrics measure_scores.py -p (pymteval + pycocoevalcap 1.2)",
               "recipe": "groups by MR in first-seen CSV order, every step-th group; prediction variant k % 12 "
                         "(see perturb() here and FixtureRecipe.swift)",
               "sets": sets, "handwritten": handwritten,
               "tokenization": {"references": tokenization, "hardPTB": hard, "hardMTEval": hard_mteval}}
    tmp = args.out + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(fixture, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    os.replace(tmp, args.out)


if __name__ == "__main__":
    main()
