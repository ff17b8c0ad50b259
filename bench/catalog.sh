#!/usr/bin/env bash
# Benchmark of the catalog (issue 13):
#  1. `catalog add` of a real bag of N generated records (bench/gen_records.py, rendered):
#     records/s (target: at least 1,000 records/s for 10,000 records on 2 cores);
#  2. a catalog of M records, generated straight into the catalog by copying the N real rows
#     (new record, client and lot ids per copy; the real schema and indexes): `trace --lot`,
#     `find --client`, `find --name` and `find --record` wall time, median of 5 runs, process
#     start included (target: under 50 ms at 1,000,000), and catalog bytes per record
#     (target: under 1 KB).
#
#   bench/catalog.sh                 # N=10000 M=1000000
#   bench/catalog.sh 1000 20000      # smaller, to check the script works
#   OUT=/dev/shm bench/catalog.sh    # where bags and catalogs go (default: a temp dir)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
m=${2:-1000000}
cargo build --release --locked --quiet
bin=$PWD/target/release/smpdoc
base=${OUT:-$(mktemp -d)}
recs="$base/catalog-records-$n.jsonl"
bag="$base/catalog-bag-$n"
cat_file="$base/catalog-$n.sqlite"
big="$base/catalog-big-$m.sqlite"
rm -rf "$bag" "$cat_file" "$big"

python3 bench/gen_records.py "$n" > "$recs"
"$bin" render "$recs" --out "$bag" --quiet >/dev/null 2>&1 || true   # some records may be rejected: exit 1
records=$(python3 -c 'import json,sys; print(len({json.loads(l)["record_id"] for l in open(sys.argv[1])}))' "$bag/audit-log.jsonl")
start=$(date +%s.%N)
"$bin" catalog add "$bag" --catalog "$cat_file" 2>/dev/null
end=$(date +%s.%N)
awk -v r="$records" -v s="$start" -v e="$end" -v c="$(nproc)" 'BEGIN {
  printf "catalog add: %d records in %.2f s: %.0f records/s (%d cores)\n", r, e-s, r/(e-s), c }'
printf 'catalog of %d records: %d bytes, %.0f bytes/record\n' "$records" "$(stat -c %s "$cat_file")" \
  "$(awk -v b="$(stat -c %s "$cat_file")" -v r="$records" 'BEGIN { print b/r }')"

# Grow a copy to M records: copy k of the real rows with fresh ids; every copy gets its own
# lot numbers, client ids and names, so a lot, client or name is shared by as many records
# as in the real bag (the generator reuses 24 x 24 names).
cp "$cat_file" "$big"
python3 - "$big" "$m" <<'PY'
import sqlite3, sys
path, want = sys.argv[1], int(sys.argv[2])
db = sqlite3.connect(path)
base = db.execute("SELECT count(*), max(id) FROM records").fetchone()
have, span = base
k = 1
db.execute("BEGIN")
while have < want:
    # The real rows have ids 1..span; copy k gets ids k*span+1..(k+1)*span.
    off = k * span
    suffix = f"~{k}"
    db.execute("""INSERT INTO records(id, record_id, fingerprint, client_id, name, name_fold, family_fold,
                  birth, contact, session_date, screened, zones, corrects, corrects_reason)
                  SELECT id + ?1, record_id || ?2, fingerprint, client_id || ?2, name || ?2, name_fold || ?2, family_fold || ?2,
                  birth, contact, session_date, screened, zones, corrects, corrects_reason
                  FROM records WHERE id <= ?3""", (off, suffix, span))
    db.execute("""INSERT INTO lots(lot_fold, record, kind, lot)
                  SELECT lot_fold || ?2, record + ?1, kind, lot || ?2 FROM lots WHERE record <= ?3""",
               (off, suffix, span))
    db.execute("""INSERT INTO documents(record, bag, document, path, sha256)
                  SELECT record + ?1, bag, document, path, sha256 FROM documents WHERE record <= ?3""",
               (off, suffix, span))
    have += base[0]
    k += 1
db.execute("COMMIT")
db.execute("VACUUM")
print(f"generated {have} records")
PY
bytes=$(stat -c %s "$big")
rows=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from records").fetchone()[0])' "$big")
awk -v b="$bytes" -v r="$rows" 'BEGIN { printf "catalog of %d records: %d bytes, %.0f bytes/record (target < 1024)\n", r, b, b/r }'

# Queries that hit something near the end of the generated rows.
probe=$(python3 -c '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
lot = db.execute("SELECT lot FROM lots ORDER BY record DESC LIMIT 1").fetchone()[0]
rid, cid, name = db.execute("SELECT record_id, client_id, family_fold FROM records ORDER BY id DESC LIMIT 1").fetchone()
print(lot); print(cid); print(rid); print(name)' "$big")
lot=$(sed -n 1p <<<"$probe"); client=$(sed -n 2p <<<"$probe"); record=$(sed -n 3p <<<"$probe"); name=$(sed -n 4p <<<"$probe")
time_ms() {
  python3 - "$@" <<'PY'
import subprocess, sys, time
runs = []
for _ in range(5):
    t = time.perf_counter()
    subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    runs.append((time.perf_counter() - t) * 1000)
runs.sort()
print(f"{runs[2]:.1f}")
PY
}
for q in "trace --lot $lot" "find --client $client" "find --record $record" "find --name $name"; do
  # shellcheck disable=SC2086
  ms=$(time_ms "$bin" $q --catalog "$big")
  printf '%-40s %8s ms (median of 5, process start included; target < 50)\n' "$q" "$ms"
done
