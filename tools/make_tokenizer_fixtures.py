"""Writes Tests/TokenizerTests/Fixtures/hard_strings.json: tiktoken's GPT-2 ids for hard strings, decodes of
invalid byte sequences, and the SHA-256 of the ids of every MR and reference of e2e/devset.csv.

Run once from the package root, after `lorabook data`:  python3 tools/make_tokenizer_fixtures.py
The encoding is built from the local data/gpt2 files (no download): ranks from vocab.bpe and encoder.json
through GPT-2's byte alphabet, with GPT-2's original pre-tokenisation pattern.
"""
import csv
import hashlib
import json
import os

import tiktoken

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.environ.get("LORABOOK_DATA", os.path.join(ROOT, "data"))
OUT = os.path.join(ROOT, "Tests", "TokenizerTests", "Fixtures", "hard_strings.json")
PATTERN = r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"""


def byte_alphabet():
    printable = [b for b in range(256) if 33 <= b <= 126 or 161 <= b <= 172 or 174 <= b <= 255]
    table, extra = {}, 0
    for b in range(256):
        if b in printable:
            table[chr(b)] = b
        else:
            table[chr(256 + extra)] = b
            extra += 1
    return table


def load_encoding():
    alphabet = byte_alphabet()
    with open(os.path.join(DATA, "gpt2", "encoder.json"), encoding="utf-8") as f:
        encoder = json.load(f)
    ranks = {}
    for token, rank in encoder.items():
        if token == "<|endoftext|>":
            continue
        ranks[bytes(alphabet[c] for c in token)] = rank
    with open(os.path.join(DATA, "gpt2", "vocab.bpe"), encoding="utf-8") as f:
        merges = [line.split() for line in f.read().split("\n")[1:] if line]
    assert len(merges) == 50000 and len(ranks) == 50256
    # tiktoken ranks merged tokens by id; GPT-2's ids follow merge order, which makes that equal to merge priority.
    for index, (left, right) in enumerate(merges):
        merged = bytes(alphabet[c] for c in left + right)
        assert ranks[merged] == 256 + index, (left, right)
    return tiktoken.Encoding(name="gpt2-local", pat_str=PATTERN, mergeable_ranks=ranks,
                             special_tokens={"<|endoftext|>": 50256})


HARD_STRINGS = [
    "",
    " ",
    "  ",
    "hello world",
    "Hello  world",
    "trailing spaces   ",
    "   leading spaces",
    "tabs\tand\t\ttabs",
    "line one\nline two\n\nline four",
    "windows\r\nline\r\nends",
    "spaces before newline   \nnext",
    " \n \n  \t \n",
    "\n\n\n",
    "it's I'LL don't they're we've I'm you'd she'll",
    "'s 't 're 've 'm 'll 'd",
    "rock'n'roll ''quoted'' 'single'",
    "Price: £20-25, more than £30, less than £20.",
    "café résumé naïve Zoë",
    "e\u0301 combining e\u0301\u0302 marks a\u0308",
    "日本語のテキストと中文字符",
    "한국어 텍스트",
    "emoji 😀👍🏽 family 👨‍👩‍👧‍👦 flag 🇬🇧",
    "numbers 1234567890 3.14159 1,000,000 ١٢٣ ½ Ⅻ",
    "<|endoftext|>",
    "before<|endoftext|>after <|endoftext|> spaced",
    "non\u00a0breaking\u2003em\u3000ideographic space",
    "zero\u200bwidth\ufeffbom",
    "math ∑ ∫ √ ≠ ≤ → ∞",
    "MiXeD CaSe ALLCAPS lowercase",
    "punctuation!!! ??? ... --- ;;; (parens) [brackets] {braces}",
    "name[The Vaults], eatType[pub], priceRange[more than £30], customer rating[5 out of 5], near[Café Adriatic]",
    "The Vaults is a family-friendly pub near Café Adriatic.",
    "x" * 40,
    "supercalifragilisticexpialidocious antidisestablishmentarianism",
    "\u0000control\u0007chars\u001b[0m",
    "Ünïcödé Ωμέγα Кириллица עברית العربية हिन्दी",
]

# Byte sequences (as single-byte token ids) that are not valid UTF-8, and how Python decodes them.
INVALID_BYTE_SEQUENCES = [
    [0xE2, 0x82],
    [0xFF],
    [0x61, 0xC3],
    [0xF0, 0x9F, 0x98],
    [0xC0, 0xAF, 0x62],
    [0xED, 0xA0, 0x80],
    [0x80, 0x80, 0x41],
]


def main():
    enc = load_encoding()
    alphabet = byte_alphabet()
    byte_token = {}
    with open(os.path.join(DATA, "gpt2", "encoder.json"), encoding="utf-8") as f:
        for token, rank in json.load(f).items():
            if len(token) == 1:
                byte_token[alphabet[token]] = rank
    strings = [{"text": s, "ordinary": enc.encode_ordinary(s),
                "special": enc.encode(s, allowed_special={"<|endoftext|>"})} for s in HARD_STRINGS]
    invalid = []
    for seq in INVALID_BYTE_SEQUENCES:
        ids = [byte_token[b] for b in seq]
        invalid.append({"ids": ids, "decoded": enc.decode(ids, errors="replace")})

    # Serialisation hashed: for each devset.csv row in file order, the MR's ids joined by single spaces, "\n",
    # the reference's ids joined by single spaces, "\n"; encoded as UTF-8.
    digest = hashlib.sha256()
    rows = 0
    with open(os.path.join(DATA, "e2e", "devset.csv"), encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        next(reader)
        for mr, ref in reader:
            for text in (mr, ref):
                digest.update((" ".join(map(str, enc.encode_ordinary(text))) + "\n").encode("utf-8"))
            rows += 1
    fixture = {
        "reference": "tiktoken %s, GPT-2 pattern, ranks from data/gpt2" % tiktoken.__version__,
        "strings": strings,
        "invalid_utf8": invalid,
        "devset": {"rows": rows, "sha256": digest.hexdigest()},
    }
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(fixture, f, ensure_ascii=True, indent=1)
        f.write("\n")
    print("wrote", OUT, len(strings), "strings,", rows, "devset rows")


if __name__ == "__main__":
    main()
