#!/usr/bin/env bash
# Benchmark: render N synthetic records and verify them both ways (re-rendering, the
# default, and --no-rerender), report documents per second, milliseconds per document per
# core, pages per document, milliseconds per page per core, bytes per document and peak RSS
# (GNU time). Forms grow and shrink between versions, so compare ms/page/core as well as
# documents/s.
#
#   bench/run.sh 1000 10000          # N values; default 1000 10000
#   OUT=/dev/shm bench/run.sh 10000  # where bags are written (default: a temp dir on disk)
#   JOBS=1 bench/run.sh 1000         # threads (default: every core)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (Debian package 'time')" >&2; exit 2; }
cargo build --release --locked --quiet
bin=target/release/smpdoc
base=${OUT:-$(mktemp -d)}
cores=${JOBS:-$(nproc)}
jobs_arg=()
[ -n "${JOBS:-}" ] && jobs_arg=(--jobs "$JOBS")
printf '%-8s %-9s %9s %9s %12s %11s %9s %12s %10s %12s\n' N step docs seconds docs/s ms/doc/core pages/doc ms/page/core bytes/doc peakRSS_MB
for n in "${@:-1000 10000}"; do
  for n1 in $n; do
    recs="$base/records-$n1.jsonl"
    python3 bench/gen_records.py "$n1" > "$recs"
    bag="$base/bag-$n1"
    rm -rf "$bag"
    /usr/bin/time -v "$bin" render "$recs" --out "$bag" --quiet "${jobs_arg[@]}" 2> "$base/render-$n1.time" >/dev/null
    docs=$(wc -l < "$bag/audit-log.jsonl")
    secs=$(grep 'Elapsed (wall clock)' "$base/render-$n1.time" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
    rss=$(grep 'Maximum resident' "$base/render-$n1.time" | awk '{print $NF}')
    bytes=$(du -sb "$bag/data" | cut -f1)
    # Pages: every PDF's page tree /Count (smpdoc writes the page tree uncompressed).
    pages=$(python3 -c 'import re, sys, pathlib
print(sum(int(re.search(rb"/Count\s+(\d+)", p.read_bytes()).group(1)) for p in pathlib.Path(sys.argv[1]).rglob("*.pdf")))' "$bag/data")
    awk -v n="$n1" -v d="$docs" -v s="$secs" -v r="$rss" -v b="$bytes" -v c="$cores" -v p="$pages" 'BEGIN {
      printf "%-8s %-9s %9d %9.2f %12.0f %11.2f %9.2f %12.3f %10.0f %12.1f\n", n, "render", d, s, d/s, s*1000*c/d, p/d, s*1000*c/p, b/d, r/1024 }'
    # verify both ways: by default (every PDF rendered again and compared) and with
    # --no-rerender (hashes, signature, embedded records and footers only).
    for mode in default no-rerender; do
      args=(--quiet)
      step=verify
      if [ "$mode" = no-rerender ]; then args+=(--no-rerender); step=verify-nr; fi
      /usr/bin/time -v "$bin" verify "$bag" "${args[@]}" 2> "$base/verify-$n1.time" >/dev/null
      secs=$(grep 'Elapsed (wall clock)' "$base/verify-$n1.time" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
      rss=$(grep 'Maximum resident' "$base/verify-$n1.time" | awk '{print $NF}')
      awk -v n="$n1" -v d="$docs" -v s="$secs" -v r="$rss" -v c="$cores" -v step="$step" 'BEGIN {
        printf "%-8s %-9s %9d %9.2f %12.0f %11.2f %9s %12s %10s %12.1f\n", n, step, d, s, d/s, s*1000*c/d, "-", "-", "-", r/1024 }'
    done
    rm -rf "$bag" "$recs"
  done
done
