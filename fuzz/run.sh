#!/usr/bin/env bash
# Runs each fuzz target in turn (never in parallel: this is a shared, small
# machine), each for SECONDS_EACH seconds (default 600). A finding stops
# libFuzzer; the target is then started again for the rest of its time, so
# one bug does not end the run. Findings land in fuzz/artifacts/<target>/,
# logs in fuzz/logs/<target>.<n>.log.
#
#   fuzz/run.sh                          # all targets, 10 minutes each
#   SECONDS_EACH=60 fuzz/run.sh search lookup
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`). libFuzzer needs nightly
# compiler flags; RUSTC_BOOTSTRAP=1 lets the stable toolchain accept them
# for this crate only. The sanitizer is off: roledex has no unsafe code, and
# without it the fuzzers run several times faster. Debug assertions and
# overflow checks stay on.
set -euo pipefail
cd "$(dirname "$0")"
export RUSTC_BOOTSTRAP=1
each="${SECONDS_EACH:-600}"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(content_bytes content_structured search lookup analyze)
fi
cargo fuzz build -s none
bin=target/x86_64-unknown-linux-gnu/release
for t in "${targets[@]}"; do
  case "$t" in
    content_bytes|analyze) max_len=65536 ;;
    *) max_len=16384 ;;
  esac
  mkdir -p "corpus/$t" "artifacts/$t" logs
  # Seed from the shipped content, the test fixtures and earlier findings.
  case "$t" in
    content_bytes)
      for f in ../content/*.toml ../content/roles/*.toml ../tests/fixtures/bad/*.toml; do
        (printf '\001'; cat "$f") > "corpus/$t/seed-$(basename "$f")"
      done ;;
    analyze) cp ../tests/fixtures/ads/*.md ../tests/fixtures/ads/*.txt "corpus/$t/" ;;
  esac
  cp ../tests/fuzz_regressions/"$t"/* "corpus/$t/" 2>/dev/null || true
  end=$(( $(date +%s) + each ))
  n=0
  total=0
  while [ "$(date +%s)" -lt "$end" ]; do
    n=$((n + 1))
    log="logs/$t.$n.log"
    nice "$bin/$t" "corpus/$t" -artifact_prefix="artifacts/$t/" \
      -max_total_time=$(( end - $(date +%s) )) -max_len="$max_len" -timeout=10 \
      -rss_limit_mb=2048 -print_final_stats=1 > "$log" 2>&1 || true
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    total=$(( total + ${runs:-0} ))
  done
  echo "$t: $total executions in ${each}s over $n run(s); findings: $(ls "artifacts/$t" | wc -l)"
done
