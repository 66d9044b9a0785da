#!/usr/bin/env bash
# Runs under Open MPI (make test): first the collectives themselves (`lorabook mpi-selftest` on 2 and 3 ranks:
# allgather and gather of uneven and empty blobs, barrier, allAgree); then tests/mpi/tiny.md on one process, then
# `mpirun -np 2` (one thread per rank, data-parallel training and sharded decoding and scoring) checked against it (losses within
# 1e-5 relative, the same texts and bit-identical scores, scoring sharded too); then `lorabook score` on 2 ranks
# against one process; then a sweep of tests/mpi/sweep.md over 3 points on 2 ranks (whole
# points per rank, each on one process) whose combined results equal a one-process sweep's bit for bit; then a rank
# killed mid-run must make mpirun exit non-zero, naming the rank, with the previous report intact. Works as root and
# as another user.
set -euo pipefail
lorabook=${1:-.build/release/lorabook}
notebook=tests/mpi/tiny.md
folder=$(mktemp -d)
trap 'rm -rf "$folder"' EXIT
# --allow-run-as-root only lifts Open MPI's refusal to run as root; it changes nothing for another user.
launcher=(mpirun --oversubscribe --allow-run-as-root)
mpirun=("${launcher[@]}" -np 2)
fail() { echo "tests/mpi/check.sh: $1" >&2; [ -f "${2:-}" ] && cat "$2" >&2; exit 1; }

for ranks in 2 3; do
  mkdir "$folder/selftest-$ranks"
  "${launcher[@]}" -np "$ranks" "$lorabook" mpi-selftest --folder "$folder/selftest-$ranks" \
    >"$folder/selftest.log" 2>&1 || fail "the collectives failed on $ranks ranks" "$folder/selftest.log"
  grep -q "mpi-selftest: $ranks ranks agree" "$folder/selftest.log" || fail "no self-test verdict" "$folder/selftest.log"
done
echo "mpi: allgather, gather, barrier and allAgree agree on 2 and 3 ranks"

"$lorabook" run "$notebook" --out "$folder" --threads 1 --no-cache >"$folder/one.log" 2>&1 \
  || fail "the one-process run failed" "$folder/one.log"
"${mpirun[@]}" "$lorabook" check "$notebook" --out "$folder" --threads 1 --tolerance loss=0.001%,score=0,text=0 \
  >"$folder/two.log" 2>&1 || fail "two ranks did not reproduce the one-process run" "$folder/two.log"
grep -q "2 ranks" "$folder/two.log" || fail "the two-rank run did not say its rank count" "$folder/two.log"
grep -q "check passed" "$folder/two.log" || fail "no check verdict" "$folder/two.log"
# Rank 0 decoded only its share: the first 2 of the 5 test MRs (and none of the single MR).
grep -q "generated 2/2 on rank 0 of 2 (MRs 1-2 of 5)" "$folder/two.log" \
  || fail "rank 0 did not decode just its share of the MRs" "$folder/two.log"
# Rank 0 scored only its share too (the check above allows the scores no difference at all).
grep -q "scored MRs 1-2 of 5 on rank 0 of 2" "$folder/two.log" \
  || fail "rank 0 did not score just its share of the MRs" "$folder/two.log"
grep -q "scored no MRs (of 1) on rank 0 of 2" "$folder/two.log" \
  || fail "rank 0 scored MRs of another rank's share" "$folder/two.log"
echo "mpi: 2 ranks match 1 process ($(grep 'check passed' "$folder/two.log"))"

# `lorabook score` on 2 ranks prints the one-process scores, bit for bit (JSON numbers compared as written).
"${PYTHON:-python3}" - "${LORABOOK_DATA:-data}/e2e/testset_w_refs.csv" "$folder/refs.txt" "$folder/preds.txt" <<'PYTHON'
import csv, sys
groups = {}
for row in csv.DictReader(open(sys.argv[1], encoding="utf-8")):
    groups.setdefault(row["mr"], []).append(row["ref"])
groups = list(groups.values())[:23]
open(sys.argv[2], "w").write("\n\n".join("\n".join(group) for group in groups) + "\n")
# Outputs: a reference cut short, a neighbour's reference, a blank line.
preds = [" ".join(g[0].split()[:-2]) if i % 3 == 0 else groups[(i + 5) % 23][0] if i % 3 == 1 else "" for i, g in enumerate(groups)]
open(sys.argv[3], "w").write("\n".join(preds) + "\n")
PYTHON
score=(score --refs "$folder/refs.txt" --preds "$folder/preds.txt" --json)
"$lorabook" "${score[@]}" >"$folder/score-one.json" 2>"$folder/score-one.log" \
  || fail "the one-process score failed" "$folder/score-one.log"
"${mpirun[@]}" "$lorabook" "${score[@]}" >"$folder/score-two.json" 2>"$folder/score-two.log" \
  || fail "the two-rank score failed" "$folder/score-two.log"
grep -q "score: scored outputs 1-11 of 23 on rank 0 of 2" "$folder/score-two.log" \
  || fail "rank 0 did not score just its share of the outputs" "$folder/score-two.log"
cmp -s "$folder/score-one.json" "$folder/score-two.json" \
  || fail "two ranks scored otherwise than one process: $(cat "$folder/score-one.json" "$folder/score-two.json")"
grep -q '"meteor" : 0\.[0-9]' "$folder/score-two.json" || fail "no METEOR score" "$folder/score-two.json"
echo "mpi: lorabook score on 2 ranks (outputs 1-11 on rank 0) prints the one-process scores"

# A sweep over ranks: points 1 and 3 on rank 0, point 2 on rank 1, each run by one process, so the combined results
# (timings aside) are the one-process sweep's, compared as written (numbers as text).
sweep=(sweep tests/mpi/sweep.md --threads 1 --grid lr=1e-3,3e-3,1e-2)
"$lorabook" "${sweep[@]}" --out "$folder/sweep-one" >"$folder/sweep-one.log" 2>&1 \
  || fail "the one-process sweep failed" "$folder/sweep-one.log"
"${mpirun[@]}" "$lorabook" "${sweep[@]}" --out "$folder/sweep-two" >"$folder/sweep-two.log" 2>&1 \
  || fail "the two-rank sweep failed" "$folder/sweep-two.log"
for line in "[1/3 lr=1e-3] running on rank 0 of 2" "[2/3 lr=3e-3] running on rank 1 of 2" \
            "[3/3 lr=1e-2] running on rank 0 of 2" "rank 1: [3/3 train] running"; do
  grep -qF "$line" "$folder/sweep-two.log" || fail "the sweep's progress lacks '$line'" "$folder/sweep-two.log"
done
[ -f "$folder/sweep-two/sweep.sweep/lr-3e-3.html" ] || fail "rank 1 did not write its point's page" "$folder/sweep-two.log"
"${PYTHON:-python3}" - "$folder/sweep-one/sweep.sweep.results.json" "$folder/sweep-two/sweep.sweep.results.json" <<'PYTHON' \
  || fail "the two-rank sweep's results differ from the one-process sweep's" "$folder/sweep-two.log"
import json, sys
one, two = ([entry for entry in json.load(open(path), parse_float=str)["entries"] if entry["kind"] != "timing"]
            for path in sys.argv[1:])
losses = {entry["number"] for entry in one if entry["key"].endswith("] lora.trainLoss.last")}
assert len(losses) == 3, f"the 3 points should differ: {losses}"
assert one == two, [(a, b) for a, b in zip(one, two) if a != b][:3] or f"{len(one)} against {len(two)} entries"
PYTHON
echo "mpi: a 3-point sweep on 2 ranks (points 1, 3 on rank 0; 2 on rank 1) equals the one-process sweep"

# A rank killed while training: mpirun must fail, say which rank died, and leave the last good report alone.
before=$(cat "$folder/tiny.html" "$folder/tiny.results.json" | sha256sum)
# The ranks of this run carry a marker in their environment (-x), so rank 1 is found without procps.
marker="LORABOOK_MPI_TEST=$$.$RANDOM"
export "${marker?}"
# A budget far beyond the timeout, so the kill always lands mid-training however fast the machine is.
"${mpirun[@]}" -x "${marker%%=*}" "$lorabook" run "$notebook" --out "$folder" --threads 1 --no-cache --set steps=1000000 \
  >"$folder/killed.log" 2>&1 &
launcher=$!
victim=""
for _ in $(seq 1 1200); do
  if grep -q "base\] running" "$folder/killed.log" 2>/dev/null; then
    for dir in /proc/[0-9]*; do
      variables=$({ tr '\0' '\n' <"$dir/environ"; } 2>/dev/null || true)
      if grep -qx "$marker" <<<"$variables" && grep -qx "OMPI_COMM_WORLD_RANK=1" <<<"$variables"; then
        victim=${dir#/proc/}
      fi
    done
    [ -n "$victim" ] && break
  fi
  sleep 0.05
done
[ -n "$victim" ] || { kill "$launcher" 2>/dev/null || true; fail "rank 1 never started training" "$folder/killed.log"; }
kill -9 "$victim"
if wait "$launcher"; then fail "mpirun exited 0 although rank 1 was killed" "$folder/killed.log"; fi
grep -qi "rank 1" "$folder/killed.log" || fail "mpirun's message does not name the dead rank" "$folder/killed.log"
after=$(cat "$folder/tiny.html" "$folder/tiny.results.json" | sha256sum)
[ "$before" = "$after" ] || fail "the previous report changed after the failed run" "$folder/killed.log"
[ ! -e "$folder/tiny.failed.html" ] || fail "a killed run must not write a report" "$folder/killed.log"
echo "mpi: a killed rank fails the run ($(grep -i 'rank 1' "$folder/killed.log" | head -1 | sed 's/^ *//'))"
