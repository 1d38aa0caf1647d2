#!/usr/bin/env bash
# Telemetry overhead benchmark: article-by-slug reads, cold (output cache off) and warm (cached), with telemetry
# unconfigured and with OpenTelemetry exporting over OTLP to an endpoint where no collector listens — the case of a
# misconfigured or down collector. The two configurations alternate, ROUNDS times each, on one seeded SQLite file.
# Loopback only; every wrk run is bounded by DURATION.
#
#   bash bench/telemetry.sh                            # 1,000 articles, 3 rounds of 5 s per case
#   REF=HEAD~3 bash bench/telemetry.sh                 # the same, built from an earlier commit (no telemetry cases
#                                                      # there: its "otlp" rows show it ignores the variable)
#   ARTICLES=100000 ROUNDS=2 DURATION=10s bash bench/telemetry.sh
#   WARMUP=15s DURATION=10s bash bench/telemetry.sh    # steady state: JIT tiering and the exporters' first (failing)
#                                                      # exports done before measuring
#
# Prints one line per run: case, configuration, requests/s, p50, p99, and the API process's CPU time per request (user +
# system from /proc/<pid>/stat over the measured run, divided by the requests wrk completed): on a 2-core machine that
# also runs wrk, throughput moves by ±25% between runs of one build, CPU time per request far less.
# VARIANTS="name=VAR=value[,VAR=value] …" adds configurations beside "off" and "otlp", each with OTLP configured and
# the given variables (e.g. VARIANTS="always_off=OTEL_TRACES_SAMPLER=always_off").
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ARTICLES=${ARTICLES:-1000}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-5s}
WARMUP=${WARMUP:-2s}
CONNECTIONS=${CONNECTIONS:-32}
PORT=${PORT:-5390}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/headlessblog-telemetry.XXXXXX")
API_PID=""
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

stop_api() {
    if [ -n "$API_PID" ]; then
        kill -TERM "$API_PID" 2>/dev/null || true
        wait "$API_PID" 2>/dev/null || true
        API_PID=""
    fi
}
cleanup() {
    stop_api
    [ -n "${REF:-}" ] && git -C "$ROOT" worktree remove --force "$WORK/src" >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT
log() { printf '[telemetry-bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
command -v wrk >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

SOURCE=$ROOT
if [ -n "${REF:-}" ]; then
    git -C "$ROOT" worktree add --detach "$WORK/src" "$REF" >/dev/null 2>&1
    SOURCE=$WORK/src
fi
log "building Release from ${REF:-the working tree}"
dotnet publish "$SOURCE/src/HeadlessBlog.Api/HeadlessBlog.Api.csproj" -c Release -o "$WORK/api" -nologo >"$WORK/build.log" 2>&1
dotnet publish "$ROOT/bench/HeadlessBlog.Bench.Seed/HeadlessBlog.Bench.Seed.csproj" -c Release -o "$WORK/seed" -nologo >>"$WORK/build.log" 2>&1
log "seeding $ARTICLES articles"
(cd "$WORK" && dotnet seed/HeadlessBlog.Bench.Seed.dll --articles "$ARTICLES" --tags 50 --seed 42 \
    --Database:Provider Sqlite --ConnectionStrings:Blog "Data Source=$WORK/blog.db") >"$WORK/seed.log" 2>&1

# A loopback port where nothing listens: the exporter's connections are refused, as with a collector that is down.
NO_COLLECTOR=$((PORT + 1))

# start_api CACHE(true|false) TELEMETRY(off|otlp|a VARIANTS name)
start_api() {
    local cache=$1 telemetry=$2
    local extra=()
    [ "$telemetry" != off ] && extra=("OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:$NO_COLLECTOR")
    local variant
    for variant in ${VARIANTS:-}; do
        if [ "${variant%%=*}" = "$telemetry" ]; then
            IFS=, read -r -a vars <<<"${variant#*=}"
            extra+=("${vars[@]}")
        fi
    done
    BASE="http://127.0.0.1:$PORT"
    (cd "$WORK/api" && exec env ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning Database__Provider=Sqlite \
        "ConnectionStrings__Blog=Data Source=$WORK/blog.db" Network__UseHttps=false Changes__RunWorker=false \
        Limits__AnonymousRequestsPerWindow=1000000000 Caching__OutputCacheEnabled="$cache" "${extra[@]}" \
        dotnet HeadlessBlog.Api.dll --urls "$BASE") >>"$WORK/api.log" 2>&1 &
    API_PID=$!
    for _ in $(seq 1 300); do curl -sf -o /dev/null "$BASE/api/tags" && return 0; sleep 0.2; done
    tail -n 30 "$WORK/api.log" >&2
    exit 1
}

# utime + stime of the API process, in clock ticks.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$API_PID/stat"; }

start_api false off
SLUG=$(curl -sf "$BASE/api/articles?pageSize=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["slug"])')
stop_api
URL_PATH="/api/articles/slug/$SLUG"
log "reading $URL_PATH"

for round in $(seq 1 "$ROUNDS"); do
    for telemetry in off otlp $(for v in ${VARIANTS:-}; do printf '%s ' "${v%%=*}"; done); do
        for cache in false true; do
            start_api "$cache" "$telemetry"
            # Warm-up: JIT, connection pools, the cache entry.
            wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" --timeout 10s "$BASE$URL_PATH" >/dev/null 2>&1 || true
            cpu_before=$(cpu_ticks)
            out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency --timeout 10s "$BASE$URL_PATH")
            cpu_after=$(cpu_ticks)
            requests=$(awk '/requests in/ { print $1 }' <<<"$out")
            cpu_us=$(awk -v t="$((cpu_after - cpu_before))" -v hz="$(getconf CLK_TCK)" -v n="$requests" \
                'BEGIN { printf "%.0f", t * 1000000 / hz / n }')
            rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
            p50=$(awk '$1 == "50%" { print $2 }' <<<"$out")
            p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
            non2xx=$(awk '/Non-2xx/ { print $5 }' <<<"$out")
            [ "$cache" = true ] && name=warm || name=cold
            printf 'round %s  %-4s slug  telemetry=%-10s %9s req/s  p50 %-8s p99 %-8s %6s µs CPU/request%s\n' \
                "$round" "$name" "$telemetry" "$rps" "$p50" "$p99" "$cpu_us" "${non2xx:+  non-2xx $non2xx}"
            stop_api
        done
    done
done
