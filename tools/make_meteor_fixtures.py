#!/usr/bin/env python3
"""Reference numbers for lorabook's Swift METEOR 1.5, computed by the official jar.

Run once from the package root after `make data` (needs Java 17 and pip's pycocoevalcap):
    python3 tools/make_meteor_fixtures.py
It writes Tests/MetricsTests/Fixtures/meteor/jar_scores.json.

Inputs are built at run time from the provisioned E2E references by a recipe that
Tests/MetricsTests/METEORFixtureRecipe.swift reimplements, so no data is committed: only the recipe's
parameters and the jar's scores. Scores come from pycocoevalcap's own Meteor wrapper (the one the
E2E scorer uses), stems from the jar's Snowball English stemmer.
"""

import csv
import hashlib
import json
import os
import subprocess
import sys
import tempfile

import pycocoevalcap.meteor.meteor as meteor_module
from pycocoevalcap.meteor.meteor import Meteor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.environ.get("LORABOOK_DATA", os.path.join(ROOT, "data"))
OUT = os.path.join(ROOT, "Tests", "MetricsTests", "Fixtures", "meteor", "jar_scores.json")
JAR = os.path.join(os.path.dirname(os.path.abspath(meteor_module.__file__)), "meteor-1.5.jar")
MASK = (1 << 64) - 1


class SplitMix64:
    """The recipe's random source; the Swift test implements the same generator."""

    def __init__(self, seed):
        self.state = seed & MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def below(self, n):
        return self.next() % n


def coco_form(text):
    """Lowercase, punctuation dropped, clitics split: the shape of the E2E scorer's METEOR input."""
    s = text.lower()
    for ch in '.,!?;:"()[]':
        s = s.replace(ch, " ")
    out = []
    for token in s.split():
        if token.endswith("n't") and len(token) > 3:
            parts = [token[:-3], "n't"]
        elif "'" in token[1:]:
            i = token.index("'", 1)
            parts = [token[:i], token[i:]]
        else:
            parts = [token]
        out.extend(p for p in parts if p and p != "'")
    return " ".join(out)


def reference_groups(csv_name):
    groups = {}
    with open(os.path.join(DATA, "e2e", csv_name), newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        next(reader)
        for row in reader:
            groups.setdefault(row[0], []).append(coco_form(row[1]))
    return list(groups.values())


def perturbed_items(csv_name, seed, limit):
    """The recipe: hypotheses made from references of the same MR by eight kinds of edits."""
    groups = reference_groups(csv_name)[:limit]
    rng = SplitMix64(seed)
    items = []
    for k, refs in enumerate(groups):
        kind = k % 8
        r = rng.below(len(refs))
        base = refs[r]
        others = refs[:r] + refs[r + 1:] if len(refs) > 1 else list(refs)
        words = base.split(" ") if base else []
        item_refs = others
        if kind == 0:
            item_refs = list(refs)
        elif kind == 1:
            pass
        elif kind == 2:
            if len(words) > 1:
                del words[rng.below(len(words))]
        elif kind == 3:
            if words:
                cut = rng.below(len(words))
                words = words[cut:] + words[:cut]
        elif kind == 4:
            for i, word in enumerate(words):
                if rng.below(3) == 0 and len(word) > 3:
                    words[i] = word[:-1] if word.endswith("s") else word + "s"
        elif kind == 5:
            words = groups[(k + 7) % len(groups)][0].split(" ")
            item_refs = list(refs)
        elif kind == 6:
            words = words[: max(1, len(words) // 2)]
        else:
            if k % 16 == 7:
                words = []
            elif words:
                i = rng.below(len(words))
                words.insert(i, words[i])
        items.append((" ".join(words), item_refs))
    return items


# Hand-written pairs, each aimed at one part of METEOR (hypothesis, references).
HANDWRITTEN = [
    ("the cat sat on the mat", ["the cat sat on the mat"]),
    ("the cats were sitting on the mats", ["the cat sat on the mat"]),
    ("the restaurant is cheap", ["the eatery is inexpensive"]),
    ("it is located close to the river", ["it is near the river"]),
    ("a family-friendly coffee shop", ["a family friendly coffee shop"]),
    ("the pub's food isn't bad", ["the pub 's food is n't bad"]),
    ("prices are £20-25 here", ["prices are £ 20 - 25 here"]),
    ("it is in the u.s. now", ["it is in the us now"]),
    ("mr. smith runs it", ["mr smith runs it"]),
    ("wait... what", ["wait what"]),
    ("", ["something to match"]),
    ("only the hypothesis words", [""]),
    ("the the the the", ["the cat and the dog and the bird"]),
    ("dog the bird the cat the", ["the cat the dog the bird"]),
    ("highly rated italian food in the city centre", ["italian food with a high rating in the centre of the city"]),
    ("they have been running quickly", ["they ran fast"]),
    ("the children bought geese", ["the child buys a goose"]),
    ("he is generously generous", ["his generosity is general"]),
    ("a kid-friendly venue near the riverside", ["a venue for children by the river side"]),
    ("a 5 star rated place", ["a five-star place", "a place rated 5 stars"]),
    ("customer ratings are low", ["it has a low customer rating", "customers rate it poorly"]),
    ("the zizzi is not family friendly", ["zizzi isn't family-friendly"]),
    ("aromi serves japanese food in the riverside area", ["in the riverside area there is aromi serving japanese food"]),
    ("near the crowne plaza hotel is the golden palace", ["the golden palace is near crowne plaza hotel", "golden palace is close to the crowne plaza hotel"]),
]

STEM_WORDS = (
    "caresses flies dies mules denied died agreed owned humbled sized meeting stating siezing itemization "
    "sensational traditional reference colonizer plotted hopping hoping running ran runs generously general "
    "generation communism community arsenal communication skies skis dying lying tying idly gently ugly early "
    "only singly sky news howe atlas cosmos bias andes inning innings outing canning herring earring proceed "
    "exceed succeed proceeding exceeded succeeding cried cries ties gas this gaps kiwis yes yelling saying "
    "enjoying yearly happy happiness fully fulness hopeful hopefulness relational conditional rational "
    "valency hesitancy probably differently rationalism formality optimally fulfill controllable controlling "
    "logically biology archaeology analogies cheerfully friendlessly effectively electrical electricity "
    "rationalize duplicate duplicity formalize hopeful goodness demonstrative derivative allowance "
    "independence adopter electric desirable edible accountant replacement adjustment dependent communism "
    "activate angularity homologous effective bowdlerize adoption decision explosion revision rate roll "
    "controll crying 'tis family-friendly children's coffee restaurants pubs riverside centre cheaply "
    "priced pricing rated rating ratings located locations serves serving served japanese italian"
).split()


NORMALIZER_LINES = [
    "The U.S. economy grew 3.5% in 2010, Mr. Smith said... wait!",
    "It's a \"family-friendly\" caf\u00e9 -- near the river \u2013 at \u00a320-25.",
    "prices are \u00a320-25 here",
    "the pub's food isn't bad",
    "1990's music, 1,000 people , no. 5 and No. 6",
    "\u2018quoted\u2019 and \u201cdouble\u201d and ``tex'' quotes",
    "a.b.c. etc. e.g. Inc. is near St. Mary's",
    "well.... it ended..",
    "rock'n'roll o'clock 'tis '90s",
    "tabs\tand  spaces   everywhere ",
    "x-ray, 3-4, U.S.-based, -5 and a- b",
    "",
]


def jar_normalized(lines):
    """Lines as the jar's normaliser (English, punctuation kept, as `-norm` runs it) returns them."""
    done = subprocess.run(["java", "-cp", JAR, "edu.cmu.meteor.util.Normalizer", "en", "true"],
                          input="\n".join(lines) + "\n", capture_output=True, text=True, check=True,
                          encoding="utf-8")
    out = done.stdout.split("\n")[: len(lines)]
    assert len(out) == len(lines)
    return out


def jar_scores(scorer, items):
    gts = {i: refs for i, (_, refs) in enumerate(items)}
    res = {i: [hyp] for i, (hyp, _) in enumerate(items)}
    return scorer.compute_score(gts, res)


def jar_stems(words):
    source = (
        "import org.tartarus.snowball.ext.englishStemmer;\n"
        "import java.io.*;\n"
        "public class Stems { public static void main(String[] a) throws Exception {\n"
        "  BufferedReader in = new BufferedReader(new InputStreamReader(System.in, \"UTF-8\"));\n"
        "  PrintStream out = new PrintStream(System.out, true, \"UTF-8\");\n"
        "  englishStemmer s = new englishStemmer(); String w;\n"
        "  while ((w = in.readLine()) != null) { s.setCurrent(w); s.stem(); out.println(s.getCurrent()); }\n"
        "}}\n"
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "Stems.java")
        with open(path, "w") as f:
            f.write(source)
        done = subprocess.run(["java", "-cp", JAR, path], input="\n".join(words) + "\n",
                              capture_output=True, text=True, check=True)
    stems = done.stdout.split("\n")[: len(words)]
    assert len(stems) == len(words)
    return stems


def vocabulary(items):
    words = set()
    for hyp, refs in items:
        for text in [hyp] + refs:
            words.update(w for w in text.split(" ") if w)
    return sorted(words)


def main():
    # `--debug PATH` also writes every item and segment score to PATH (for local diagnosis only).
    debug_path = sys.argv[sys.argv.index("--debug") + 1] if "--debug" in sys.argv else None
    debug = {}
    scorer = Meteor()
    sets = {
        "test": {"csv": "testset_w_refs.csv", "seed": 1, "limit": 630},
        "dev": {"csv": "devset.csv", "seed": 2, "limit": 300},
    }
    result = {"jar": "pycocoevalcap meteor-1.5.jar (-l en -norm, stdio), through pycocoevalcap's Meteor.compute_score",
              "segmentsRecorded": 25, "sets": {}}
    for name, spec in sets.items():
        items = perturbed_items(spec["csv"], spec["seed"], spec["limit"])
        score, scores = jar_scores(scorer, items)
        debug[name] = [{"hypothesis": h, "references": r, "score": x} for (h, r), x in zip(items, scores)]
        words = vocabulary(items)
        stems = jar_stems(words)
        digest = hashlib.sha256("".join(f"{w}\t{s}\n" for w, s in zip(words, stems)).encode("utf-8")).hexdigest()
        result["sets"][name] = dict(spec, items=len(items), corpusScore=score,
                                     segmentScores=scores[: result["segmentsRecorded"]],
                                     vocabularySize=len(words), stemDigest=digest)
        print(f"{name}: {len(items)} items, METEOR {score:.6f}, {len(words)} words", file=sys.stderr)
    score, scores = jar_scores(scorer, HANDWRITTEN)
    result["handwritten"] = {"items": [{"hypothesis": h, "references": r} for h, r in HANDWRITTEN],
                             "corpusScore": score, "segmentScores": scores}
    result["stems"] = dict(zip(STEM_WORDS, jar_stems(STEM_WORDS)))
    result["normalized"] = [{"line": line, "normalized": out}
                            for line, out in zip(NORMALIZER_LINES, jar_normalized(NORMALIZER_LINES))]
    with open(OUT + ".tmp", "w", encoding="utf-8") as f:
        json.dump(result, f, indent=1, ensure_ascii=False)
        f.write("\n")
    os.replace(OUT + ".tmp", OUT)
    if debug_path:
        with open(debug_path, "w", encoding="utf-8") as f:
            json.dump(debug, f, indent=1, ensure_ascii=False)
    print(f"wrote {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
