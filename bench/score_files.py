"""Writes a references file (blank-line groups) and a predictions file of N outputs for timing `lorabook score`.

The items are those `lorabook bench score --outputs N` streams: the E2E test set's 630 MRs cycled, each with its
references (consecutive CSV rows with the same MR, stripped), and as prediction alternately the item's last
reference and another item's first.

    python3 bench/score_files.py DATA/e2e/testset_w_refs.csv N OUTDIR
writes OUTDIR/refs-N.txt and OUTDIR/preds-N.txt.
"""
import csv
import os
import sys


def groups_of(path):
    groups, current = [], None
    with open(path, newline="", encoding="utf-8") as f:
        rows = csv.reader(f)
        header = [h.lower() for h in next(rows)]
        mr, ref = header.index("mr"), header.index("ref")
        for row in rows:
            if row[mr] != current:
                groups.append([])
                current = row[mr]
            groups[-1].append(row[ref].strip())
    return groups


def main():
    csv_path, outputs, folder = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    groups = groups_of(csv_path)
    n = len(groups)
    predictions = [groups[i][-1] if i % 2 == 1 else groups[(i + 7) % n][0] for i in range(n)]
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, f"refs-{outputs}.txt"), "w", encoding="utf-8") as refs, \
            open(os.path.join(folder, f"preds-{outputs}.txt"), "w", encoding="utf-8") as preds:
        for k in range(outputs):
            refs.write(("\n" if k else "") + "\n".join(groups[k % n]) + "\n")
            preds.write(predictions[k % n] + "\n")


if __name__ == "__main__":
    main()
