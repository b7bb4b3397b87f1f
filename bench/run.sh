#!/usr/bin/env bash
# Builds the bench module (and what it needs) and runs every benchmark, one JVM each, so each benchmark starts its
# own embedded PostgreSQL. Figures: printed, and written to bench/results/<name>.json. See docs/BENCHMARKS.md.
#
#   bash bench/run.sh                                   # defaults: BENCH_SECONDS=60 BENCH_JOBS=2000
#   BENCH_SECONDS=5 BENCH_JOBS=200 bash bench/run.sh    # a quick smoke run
#   BENCH_ONLY="submission e2e" bash bench/run.sh       # a subset (submission, e2e, orphan, upload, transcode,
#                                                       # thumbnail, document, generation, chat, audit, sse, escrow,
#                                                       # reconcile, invoicing)
#   BENCH_UPLOAD_MB=64 BENCH_ONLY=upload bash bench/run.sh   # a quick upload smoke run
#   BENCH_TRANSCODE_SECONDS=4 BENCH_ONLY=transcode bash bench/run.sh   # a quick transcode smoke run
#   BENCH_REV=HEAD bash bench/run.sh                    # measure a commit instead of the working tree
#
# What is measured: by default the working tree, built in place. With BENCH_REV=<commit>, that commit is exported
# (git archive) to bench/target/rev-<commit>/ and built there, with this working tree's bench/ code: other modules'
# uncommitted edits are then not measured and their target/ directories are not touched.
#
# Other knobs (defaults): BENCH_WARMUP_SECONDS (BENCH_SECONDS/6, 2..10), BENCH_THREADS (16), BENCH_TENANTS (4),
# BENCH_WORKER_COUNT (8), BENCH_ORPHAN_RUNS (5), BENCH_E2E_TIMEOUT_SECONDS (900), BENCH_SKIP_BUILD (unset: build),
# BENCH_UPLOAD_MB (1024: size of the upload benchmark's file, MiB), BENCH_UPLOAD_PROFILE (1: thread dumps during one
# extra, untimed upload per storage backend; 0: none), BENCH_TRANSCODE_SECONDS (20: length of the transcode
# benchmark's generated 1080p source, seconds), BENCH_TRANSCODE_WARMUPS (3 untimed jobs), BENCH_TRANSCODE_ROUNDS (5),
# BENCH_TRANSCODE_POLL_MS (1000: how often the transcode job is polled; its wall time ends at its finished_at).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT="$(pwd)"
export BENCH_SECONDS="${BENCH_SECONDS:-60}"
export BENCH_JOBS="${BENCH_JOBS:-2000}"
BENCHES="${BENCH_ONLY:-submission e2e orphan upload transcode thumbnail document generation chat audit sse escrow reconcile invoicing}"
# BENCH_THUMBNAIL_IMAGES (50): images in the thumbnail benchmark. BENCH_OCR_PAGES (20), BENCH_OCR_PAGE (half|full),
# BENCH_DOC_ROUNDS (1), BENCH_EXTRACT_PAGES (50), BENCH_OCR_CLI_DEFAULT_THREADS (1; 0 skips the CLI's OpenMP run).
# Generation (stub fal queue): BENCH_GEN_JOBS (1000), BENCH_GEN_LATENCY_MS (2000), BENCH_GEN_CAPACITY (100 in flight),
# BENCH_GEN_BURST (1: the router's token bucket), BENCH_GEN_RATE_PERCENT (100: rate limit as % of the stub's
# capacity), BENCH_GEN_MAX_IN_FLIGHT (0: fal's cluster-wide cap on operations in flight; 0 = none),
# BENCH_GEN_ROUTER_CALLS (1000000).
# Chat (a chat-only child JVM against a bare stub server): BENCH_CHAT_TTFT_REQUESTS (2000 each), BENCH_CHAT_STREAMS
# ("1000 5000": concurrent streams at 20 tokens/s, one round each), BENCH_CHAT_REPLY_TOKENS (100),
# BENCH_CHAT_SECONDS (20, at most BENCH_SECONDS: the messages/s loops).
# Job event streams: BENCH_SSE_STREAMS (2000 concurrent SSE clients), BENCH_SSE_RATE (200 events/s written).
# Billing runs (reconcile, invoicing): BENCH_BILLING_SCALE (1.0: 1,000,000 ledger entries and 200,000 jobs for reconcile;
# 10,000 tenants for invoicing; 0.05 for a quick run).

# Baselines installed only for the benchmarks that compare against them (ImageMagick, the tesseract CLI).
install_baseline() {
  local package="$1" bench="$2"
  if [[ " $BENCHES " == *" $bench "* ]] && ! dpkg -s "$package" >/dev/null 2>&1; then
    echo "== installing $package (baseline of the $bench benchmark) =="
    if command -v apt-get >/dev/null && [[ $(id -u) -eq 0 ]]; then
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package") \
        || echo "could not install $package: the $bench benchmark measures ours only"
    else
      echo "$package is missing and this is not root: the $bench benchmark measures ours only"
    fi
  fi
}
install_baseline imagemagick thumbnail
install_baseline tesseract-ocr document
RESULTS="$ROOT/bench/results"
mkdir -p "$RESULTS/logs"

if [[ -n "${BENCH_REV:-}" ]]; then
  REV="$(git rev-parse --short "$BENCH_REV^{commit}")"
  SRC="$ROOT/bench/target/rev-$REV"
  CODE="$REV (bench/ code from the working tree)"
else
  SRC="$ROOT"
  # Which code was measured: the commit, and whether files outside bench/ and docs/ differed from it.
  CODE="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  if ! git diff --quiet HEAD -- . ':!bench' ':!docs' 2>/dev/null \
      || [[ -n "$(git ls-files --others --exclude-standard -- . ':!bench' ':!docs' 2>/dev/null)" ]]; then
    CODE="$CODE+uncommitted-changes"
  fi
fi

if [[ -z "${BENCH_SKIP_BUILD:-}" ]]; then
  if [[ -n "${BENCH_REV:-}" ]]; then
    echo "== exporting $REV to ${SRC#"$ROOT"/} =="
    rm -rf "$SRC"
    mkdir -p "$SRC"
    git archive "$REV" | tar -x -C "$SRC"
    rm -rf "$SRC/bench"
    mkdir -p "$SRC/bench"
    cp -r "$ROOT/bench/pom.xml" "$ROOT/bench/src" "$SRC/bench/"
  fi
  echo "== building bench and the modules it depends on (tests skipped) =="
  # No stale jars or classes from an earlier build on the classpath.
  rm -rf "$SRC/bench/target/lib" "$SRC/bench/target/classes" "$SRC/bench/target/launcher-classes"
  # package, not install: nothing is written to the local Maven repository, which other builds may be using. With
  # -Pbench the bench module unpacks the launcher's classes to bench/target/launcher-classes and copies its runtime
  # classpath to bench/target/lib, so the benchmark JVMs run on frozen copies.
  # maven.test.skip also skips compiling tests: benchmarks need none, and other modules' tests may be mid-edit.
  build=(-B -q -f "$SRC/pom.xml" -pl bench -am -Pbench -Dmaven.test.skip=true package)
  # Offline first (fast); online if something is missing from the local repository.
  if ! mvn -o "${build[@]}" >"$RESULTS/logs/build-offline.log" 2>&1; then
    echo "offline build failed (see bench/results/logs/build-offline.log); retrying online"
    mvn "${build[@]}"
  fi
fi

CP="$SRC/bench/target/classes:$SRC/bench/target/launcher-classes"
for jar in "$SRC"/bench/target/lib/*.jar; do
  CP="$CP:$jar"
done

echo "== machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2 " GiB RAM"}'), load average $(cut -d' ' -f1-3 /proc/loadavg) =="
echo "== code: $CODE; BENCH_SECONDS=$BENCH_SECONDS BENCH_JOBS=$BENCH_JOBS BENCH_UPLOAD_MB=${BENCH_UPLOAD_MB:-1024} BENCH_TRANSCODE_SECONDS=${BENCH_TRANSCODE_SECONDS:-20}; benchmarks: $BENCHES =="

failed=()
for bench in $BENCHES; do
  echo
  echo "######## $bench ########"
  # One JVM per benchmark, bounded by a generous timeout; the JVM kills its own child JVMs on exit (also on TERM).
  # PostgreSQL runs durable (fsync, synchronous_commit, full_page_writes on), as in production.
  if ! timeout --kill-after=30s 2h java -Xmx3g -XX:+ExitOnOutOfMemoryError -Dbench.results="$RESULTS" \
      -Domnix.testkit.durable-postgres=true \
      -Dbench.code="$CODE" -cp "$CP" ai.omnix.pipeline.bench.BenchMain "$bench" 2>&1 \
      | tee "$RESULTS/logs/$bench.log"; then
    failed+=("$bench")
  fi
done

echo
if ((${#failed[@]})); then
  echo "benchmarks that could not run: ${failed[*]} (see bench/results/logs/)"
  exit 1
fi
echo "all benchmarks ran; results in bench/results/*.json"
