#!/usr/bin/env bash
# HeadlessBlog benchmark: builds Release, seeds SQLite data sets, drives wrk against the published API on the
# loopback interface and appends a dated section to docs/benchmarks.md. See docs/benchmarks.md.
#
#   bash bench/run.sh                      # sizes 1000 and 100000, 5 s per scenario
#   SIZES=300 DURATION=2s bash bench/run.sh   # a quick smoke run
#
# Environment: SIZES ("1000 100000"), DURATION (5s), WARMUP (2s, per read scenario; 0 to skip),
# SETTLE_ROUNDS (10, most warm-up rounds per API instance before measuring; 0 to skip), TAGS (50),
# SEED (42), SEARCH_Q (caching), PORT (first port tried, 5180), RESULTS (docs/benchmarks.md),
# KEEP_WORK=1 keeps the temporary folder (databases, logs, raw wrk output).
# Every load goes to 127.0.0.1 only and every wrk run is bounded by DURATION. Exits non-zero when the harness
# itself fails (build, startup, a scenario without responses, writes that did not write); missed targets are
# reported in the results, not as a failure.
set -eEuo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SIZES=${SIZES:-"1000 100000"}
DURATION=${DURATION:-5s}
WARMUP=${WARMUP:-2s}
SETTLE_ROUNDS=${SETTLE_ROUNDS:-10}
TAGS=${TAGS:-50}
SEED=${SEED:-42}
SEARCH_Q=${SEARCH_Q:-caching}
FIRST_PORT=${PORT:-5180}
RESULTS=${RESULTS:-$ROOT/docs/benchmarks.md}
THREADS=2
CONNECTIONS=32
TARGET_RPS=5000
TARGET_P99_MS=20
TARGET_RSS_MB=300
TARGET_WARM_RATIO=0.5
TARGET_SCALING=1.5

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

WORK=$(mktemp -d "${TMPDIR:-/tmp}/headlessblog-bench.XXXXXX")
API_PID=""
SAMPLER_PID=""
FAILURES=()
HOST_ARGS=()

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
fail() { log "FAILED: $*"; FAILURES+=("$*"); }
die() { log "ERROR: $*"; exit 1; }

stop_sampler() {
    if [ -n "$SAMPLER_PID" ]; then
        kill "$SAMPLER_PID" 2>/dev/null || true
        wait "$SAMPLER_PID" 2>/dev/null || true
        SAMPLER_PID=""
    fi
}

stop_api() {
    if [ -n "$API_PID" ]; then
        kill -TERM "$API_PID" 2>/dev/null || true
        local i
        for i in $(seq 1 100); do
            kill -0 "$API_PID" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$API_PID" 2>/dev/null || true
        wait "$API_PID" 2>/dev/null || true
        API_PID=""
    fi
}

cleanup() {
    local status=$?
    stop_sampler
    stop_api
    if [ "${KEEP_WORK:-0}" = 1 ]; then
        log "kept $WORK"
    else
        rm -rf "$WORK"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'log "error: line $LINENO: $BASH_COMMAND"' ERR
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------------------------------------------------------
# Tools and build

install_tools() {
    local missing=()
    command -v wrk >/dev/null 2>&1 || missing+=(wrk)
    command -v curl >/dev/null 2>&1 || missing+=(curl)
    [ ${#missing[@]} -eq 0 ] && return 0
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo=sudo
    log "installing ${missing[*]} with apt-get"
    $sudo apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

build() {
    log "building Release into $WORK"
    dotnet publish "$ROOT/src/HeadlessBlog.Api/HeadlessBlog.Api.csproj" -c Release -o "$WORK/api" -nologo \
        >"$WORK/build-api.log" 2>&1 || { tail -n 40 "$WORK/build-api.log" >&2; die "dotnet publish of the API failed"; }
    dotnet publish "$ROOT/bench/HeadlessBlog.Bench.Seed/HeadlessBlog.Bench.Seed.csproj" -c Release -o "$WORK/seed" -nologo \
        >"$WORK/build-seed.log" 2>&1 || { tail -n 40 "$WORK/build-seed.log" >&2; die "dotnet publish of the seed tool failed"; }
    dotnet publish "$ROOT/bench/HeadlessBlog.Bench.Ceiling/HeadlessBlog.Bench.Ceiling.csproj" -c Release -o "$WORK/ceiling" -nologo \
        >"$WORK/build-ceiling.log" 2>&1 || { tail -n 40 "$WORK/build-ceiling.log" >&2; die "dotnet publish of the ceiling failed"; }
    # The host resolves a project listed in an additional deps file from the app's folder only.
    cp "$WORK/ceiling/HeadlessBlog.Bench.Ceiling.dll" "$WORK/api/"
}

# ---------------------------------------------------------------------------------------------------------------
# The API process

free_port() {
    local port
    for port in $(seq "$FIRST_PORT" $((FIRST_PORT + 200))); do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return 0
        fi
    done
    return 1
}

http_code() { curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$@" 2>/dev/null || true; }

# start_api NAME DATABASE [VAR=value ...]: starts the published API on a free loopback port and sets BASE and
# STARTUP_MS (process start until the first 200 from /api/tags). HOST_ARGS (an array, empty unless set) goes to
# `dotnet exec` before the app.
start_api() {
    local name=$1 database=$2
    shift 2
    local port
    port=$(free_port) || die "no free port from $FIRST_PORT"
    BASE="http://127.0.0.1:$port"
    local started
    started=$(date +%s%N)
    # Plain HTTP on loopback (no HTTPS redirect) and rate limits out of the way: the load comes from one address.
    (cd "$WORK/api" && exec env ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
        Database__Provider=Sqlite "ConnectionStrings__Blog=Data Source=$database" \
        Network__UseHttps=false Limits__AnonymousRequestsPerWindow=1000000000 Limits__KeyRequestsPerWindow=1000000000 \
        "$@" dotnet exec ${HOST_ARGS[@]+"${HOST_ARGS[@]}"} HeadlessBlog.Api.dll --urls "$BASE") >"$WORK/$name.log" 2>&1 &
    API_PID=$!
    local deadline=$(($(date +%s) + 180))
    until [ "$(http_code "$BASE/api/tags")" = 200 ]; do
        if ! kill -0 "$API_PID" 2>/dev/null; then
            tail -n 40 "$WORK/$name.log" >&2
            API_PID=""
            die "the API ($name) exited during startup"
        fi
        [ "$(date +%s)" -lt "$deadline" ] || { tail -n 40 "$WORK/$name.log" >&2; die "the API ($name) did not answer in 180 s"; }
        sleep 0.02
    done
    STARTUP_MS=$((($(date +%s%N) - started) / 1000000))
    log "API ($name) pid $API_PID on $BASE answered after $STARTUP_MS ms"
}

# ---------------------------------------------------------------------------------------------------------------
# Measuring

# Samples the API's resident set every 100 ms into a file (the maximum so far, in kB).
start_sampler() {
    local pid=$1 out=$2
    echo 0 >"$out"
    (
        max=0
        while [ -r "/proc/$pid/status" ]; do
            while read -r key value _; do
                if [ "$key" = "VmRSS:" ] && [ "$value" -gt "$max" ]; then max=$value; fi
            done <"/proc/$pid/status" || true
            echo "$max" >"$out"
            sleep 0.1
        done
    ) &
    SAMPLER_PID=$!
}

# Prints "requests/s p50-ms p99-ms requests non-2xx-3xx socket-errors" from wrk's output.
parse_wrk() {
    awk '
        function ms(value,   number, unit) {
            number = value; sub(/[a-z]+$/, "", number)
            unit = value; sub(/^[0-9.]+/, "", unit)
            if (unit == "us") return number / 1000
            if (unit == "s") return number * 1000
            if (unit == "m") return number * 60000
            return number + 0
        }
        $1 == "50%" { p50 = ms($2) }
        $1 == "99%" { p99 = ms($2) }
        / requests in / { requests = $1 }
        /^ *Non-2xx or 3xx responses:/ { bad = $NF }
        /^ *Socket errors:/ { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) { n = $i; sub(/,/, "", n); socket += n } }
        /^Requests\/sec:/ { rps = $2 }
        END { printf "%.2f %.3f %.3f %d %d %d\n", rps, p50, p99, requests, bad, socket }
    ' "$1"
}

declare -A RPS P50 P99 ERRORS RSS_MB DETAIL

# scenario SIZE KEY CONNECTIONS THREADS URL [wrk options...]: one bounded wrk run against the running API.
scenario() {
    local size=$1 key=$2 connections=$3 threads=$4 url=$5
    shift 5
    local id="$size:$key" out="$WORK/$size-$key.wrk"
    if [ "$WARMUP" != 0 ] && [[ $key != write-* ]]; then
        wrk -t"$threads" -c"$connections" -d"$WARMUP" --timeout 10s "$@" "$url" >/dev/null 2>&1 || true
    fi

    # Peak RSS of this scenario: reset the kernel's high-water mark (VmHWM), and sample VmRSS as well.
    local reset=0
    if echo 5 2>/dev/null >"/proc/$API_PID/clear_refs"; then reset=1; fi
    start_sampler "$API_PID" "$WORK/rss"
    wrk -t"$threads" -c"$connections" -d"$DURATION" --latency --timeout 10s "$@" "$url" >"$out" 2>&1 \
        || fail "wrk exited non-zero for $key at $size articles: $(tail -n 3 "$out" | tr '\n' ' ')"
    stop_sampler
    local sampled hwm=0 peak
    sampled=$(cat "$WORK/rss")
    [ "$reset" = 1 ] && hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$API_PID/status")
    peak=$((hwm > sampled ? hwm : sampled))

    local rps p50 p99 requests bad socket
    read -r rps p50 p99 requests bad socket < <(parse_wrk "$out")
    RPS[$id]=$rps
    P50[$id]=$p50
    P99[$id]=$p99
    ERRORS[$id]=$((bad + socket))
    RSS_MB[$id]=$(awk -v kb="$peak" 'BEGIN { printf "%.0f", kb / 1024 }')
    DETAIL[$id]=$(grep -E '^(write-mix|statuses):' "$out" || true)
    log "$key ($size articles): $rps req/s, p50 $p50 ms, p99 $p99 ms, $requests requests, errors $((bad + socket)), peak RSS ${RSS_MB[$id]} MiB ${DETAIL[$id]}"
    if [ "$requests" -eq 0 ] || ! awk -v r="$rps" 'BEGIN { exit !(r > 0) }'; then
        fail "$key at $size articles: no requests completed"
    fi
}

# settle NAME PROBE_URL URL...: .NET compiles a method quickly first and again, optimized, once it is hot; on two
# cores shared with wrk this goes on for tens of seconds of load (about 450 cold slug reads/s after 5 s, 1,350 after
# 30 s in one trial). Measuring before it ends measures the compiler. Each round loads every URL for 2 s, then the
# probe for 3 s; it stops once the probe gains less than 5% over its best round (at least 3 rounds).
settle() {
    local name=$1 probe=$2
    shift 2
    [ "$SETTLE_ROUNDS" -gt 0 ] || return 0
    local round best=0 rps url
    for round in $(seq 1 "$SETTLE_ROUNDS"); do
        for url in "$@"; do
            wrk -t"$THREADS" -c"$CONNECTIONS" -d2s --timeout 10s "$url" >/dev/null 2>&1 || true
        done
        rps=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d3s --timeout 10s "$probe" 2>/dev/null | awk '/^Requests\/sec:/ { print $2 }')
        log "settling $name: round $round, probe ${rps:-0} req/s"
        if [ "$round" -ge 3 ] && ! awk -v r="${rps:-0}" -v b="$best" 'BEGIN { exit !(r > b * 1.05) }'; then
            SETTLED[$name]="$round rounds"
            return 0
        fi
        if awk -v r="${rps:-0}" -v b="$best" 'BEGIN { exit !(r > b) }'; then best=${rps:-0}; fi
    done
    SETTLED[$name]="$SETTLE_ROUNDS rounds (still rising)"
}

declare -A SETTLED

# settle_writes: the write mix at one connection in rounds of 3 s until a round gains less than 5% over the best
# (at least 3 rounds, at most SETTLE_ROUNDS); recorded in SETTLED as "writes-$size".
settle_writes() {
    local round best=0 rps
    for round in $(seq 1 "$SETTLE_ROUNDS"); do
        BENCH_RUN="s$size-settle$round" && export BENCH_RUN
        rps=$(wrk -t1 -c1 -d3s --timeout 10s -s "$ROOT/bench/write-mix.lua" "$BASE" 2>/dev/null | awk '/^Requests\/sec:/ { print $2 }')
        log "settling writes-$size: round $round, ${rps:-0} req/s"
        if [ "$round" -ge 3 ] && ! awk -v r="${rps:-0}" -v b="$best" 'BEGIN { exit !(r > b * 1.05) }'; then
            SETTLED[writes-$size]="$round rounds"
            return 0
        fi
        if awk -v r="${rps:-0}" -v b="$best" 'BEGIN { exit !(r > b) }'; then best=${rps:-0}; fi
    done
    SETTLED[writes-$size]="$SETTLE_ROUNDS rounds (still rising)"
}

json_field() { grep -o "\"$1\":[^,}]*" | head -n 1 | cut -d: -f2- | tr -d '"' || true; }

# ---------------------------------------------------------------------------------------------------------------
# One data set

declare -A SEED_SECONDS DB_MB DB_BYTES STARTUP_SEEDED STARTUP_RESTART

run_size() {
    local size=$1
    local database="$WORK/blog-$size.db"
    log "=== $size articles ==="

    local started
    started=$(date +%s%N)
    (cd "$WORK" && dotnet "$WORK/seed/HeadlessBlog.Bench.Seed.dll" --articles "$size" --tags "$TAGS" --seed "$SEED" \
        --Database:Provider Sqlite --ConnectionStrings:Blog "Data Source=$database") 2>&1 | tee "$WORK/seed-$size.log" >&2 \
        || die "seeding $size articles failed"
    SEED_SECONDS[$size]=$(awk -v ns="$(($(date +%s%N) - started))" 'BEGIN { printf "%.1f", ns / 1e9 }')
    DB_BYTES[$size]=$(($(stat -c %s "$database") + $(stat -c %s "$database-wal" 2>/dev/null || echo 0)))
    DB_MB[$size]=$(awk -v b="${DB_BYTES[$size]}" 'BEGIN { printf "%.1f", b / 1048576 }')

    # An API key for the write mix, made with the app's own key command (the last line it prints is the key).
    BENCH_KEY=$(cd "$WORK/api" && env ASPNETCORE_ENVIRONMENT=Production Database__Provider=Sqlite \
        "ConnectionStrings__Blog=Data Source=$database" dotnet HeadlessBlog.Api.dll keys create --name benchmark \
        --scope content:write 2>>"$WORK/keys.log" | tail -n 1)
    [ -n "$BENCH_KEY" ] || die "could not create an API key (see $WORK/keys.log)"
    export BENCH_KEY

    # Instance 1: output cache off, so every read runs the endpoint and its queries ("cold").
    start_api "cold-$size" "$database" Caching__OutputCacheEnabled=false
    STARTUP_SEEDED[$size]=$STARTUP_MS

    local newest slug id tag tags_csv
    newest=$(curl -s --max-time 30 "$BASE/api/articles?pageSize=1")
    slug=$(printf '%s' "$newest" | json_field slug)
    id=$(printf '%s' "$newest" | json_field id)
    tags_csv=$(printf '%s' "$newest" | grep -o '"tags":\[[^]]*\]' | head -n 1 | grep -o '"slug":"[^"]*"' | cut -d'"' -f4 | paste -sd, - || true)
    tag=$(curl -s --max-time 30 "$BASE/api/tags?sort=-articleCount&pageSize=1" | json_field slug)
    [ -n "$slug" ] && [ -n "$id" ] && [ -n "$tag" ] || die "could not read an article and a tag from the API"
    log "newest article $id ($slug), most used tag $tag, search q=$SEARCH_Q"
    [ "$(http_code "$BASE/api/articles/$id/suggestions")" = 200 ] || fail "suggestions of article $id did not answer 200"
    settle "cold-$size" "$BASE/api/articles/slug/$slug" "$BASE/api/articles?pageSize=20" "$BASE/api/articles?pageSize=20&tag=$tag" \
        "$BASE/api/articles/slug/$slug" "$BASE/api/articles/$id/suggestions" "$BASE/api/articles?pageSize=20&q=$SEARCH_Q"

    scenario "$size" list "$CONNECTIONS" "$THREADS" "$BASE/api/articles?pageSize=20"
    scenario "$size" tag "$CONNECTIONS" "$THREADS" "$BASE/api/articles?pageSize=20&tag=$tag"
    scenario "$size" slug-cold "$CONNECTIONS" "$THREADS" "$BASE/api/articles/slug/$slug"
    scenario "$size" suggestions "$CONNECTIONS" "$THREADS" "$BASE/api/articles/$id/suggestions"
    scenario "$size" search "$CONNECTIONS" "$THREADS" "$BASE/api/articles?pageSize=20&q=$SEARCH_Q"
    stop_api

    # Instance 2: production defaults (output cache on) plus the ceiling for the same slug, loaded from bench/ as a
    # hosting startup assembly (see bench/HeadlessBlog.Bench.Ceiling): the API itself has no such endpoint.
    HOST_ARGS=(--additional-deps "$WORK/ceiling/HeadlessBlog.Bench.Ceiling.deps.json")
    start_api "warm-$size" "$database" ASPNETCORE_HOSTINGSTARTUPASSEMBLIES=HeadlessBlog.Bench.Ceiling \
        "Benchmark__CeilingSlug=$slug"
    HOST_ARGS=()
    STARTUP_RESTART[$size]=$STARTUP_MS
    local real_bytes ceiling_bytes etag
    real_bytes=$(curl -s -o /dev/null -w '%{size_download}' "$BASE/api/articles/slug/$slug")
    ceiling_bytes=$(curl -s -o /dev/null -w '%{size_download}' "$BASE/bench/ceiling")
    [ "$real_bytes" = "$ceiling_bytes" ] || fail "the ceiling wrote $ceiling_bytes bytes, the slug endpoint $real_bytes"
    etag=$(curl -s -D - -o /dev/null "$BASE/api/articles/slug/$slug" | awk 'tolower($1) == "etag:" { sub(/\r$/, ""); print $2 }')
    [ -n "$etag" ] || die "the article response has no ETag"
    [ "$(http_code -H "If-None-Match: $etag" "$BASE/api/articles/slug/$slug")" = 304 ] || fail "If-None-Match did not answer 304"
    settle "warm-$size" "$BASE/api/articles/slug/$slug" "$BASE/bench/ceiling" "$BASE/api/articles/slug/$slug" "$BASE/api/articles?pageSize=20"

    scenario "$size" ceiling "$CONNECTIONS" "$THREADS" "$BASE/bench/ceiling"
    scenario "$size" slug-warm "$CONNECTIONS" "$THREADS" "$BASE/api/articles/slug/$slug"
    scenario "$size" list-warm "$CONNECTIONS" "$THREADS" "$BASE/api/articles?pageSize=20"
    scenario "$size" revalidate "$CONNECTIONS" "$THREADS" "$BASE/api/articles/slug/$slug" \
        -H "If-None-Match: $etag" -s "$ROOT/bench/status-count.lua"
    if ! grep -q '304:' <<<"${DETAIL[$size:revalidate]}" || grep -Eq '(^|,)(200|[45][0-9][0-9]):' <<<"${DETAIL[$size:revalidate]#statuses: }"; then
        fail "revalidation at $size articles did not answer 304 only (${DETAIL[$size:revalidate]})"
    fi

    # The write path is settled first like the reads (its articles are not counted), then measured at 1 and 8
    # connections: after the cached reads above it is code the compiler has barely seen, and a fixed short warm-up
    # measured how far its tiering had got (5 s write-mix runs right after one another on a fresh instance: 78, 160,
    # 180 req/s), not the write path.
    export BENCH_TAGS="$tags_csv"
    if [ "$WARMUP" != 0 ]; then
        settle_writes
        sleep 1
    fi
    local before after created=0
    before=$(curl -s -H "X-Api-Key: $BENCH_KEY" "$BASE/api/articles?status=all&pageSize=1&fields=id" | json_field totalItems)
    BENCH_RUN="s$size-c1" && export BENCH_RUN
    scenario "$size" write-1 1 1 "$BASE" -s "$ROOT/bench/write-mix.lua"
    BENCH_RUN="s$size-c8" && export BENCH_RUN
    scenario "$size" write-8 8 "$THREADS" "$BASE" -s "$ROOT/bench/write-mix.lua"
    # Requests still in flight when wrk stops may complete on the server without being counted by wrk.
    sleep 2
    after=$(curl -s -H "X-Api-Key: $BENCH_KEY" "$BASE/api/articles?status=all&pageSize=1&fields=id" | json_field totalItems)
    local key detail c u f
    for key in write-1 write-8; do
        detail=${DETAIL[$size:$key]}
        c=$(sed -n 's/.*created=\([0-9]*\).*/\1/p' <<<"$detail")
        u=$(sed -n 's/.*updated=\([0-9]*\).*/\1/p' <<<"$detail")
        f=$(sed -n 's/.*failed=\([0-9]*\).*/\1/p' <<<"$detail")
        if [ "${c:-0}" -eq 0 ] || [ "${u:-0}" -eq 0 ] || [ "${f:-1}" -ne 0 ]; then
            fail "$key at $size articles did not write cleanly ($detail)"
        fi
        created=$((created + ${c:-0}))
    done
    # Creates still unanswered when wrk stopped (at most one per connection, warm-up included) add to the count.
    if [ $((after - before)) -lt "$created" ] || [ $((after - before)) -gt $((created + 10)) ]; then
        fail "the write mix reported $created creates but the article count went from $before to $after"
    else
        log "write mix: $created creates answered, article count $before → $after"
    fi
    stop_api
    rm -f "$database" "$database-wal" "$database-shm"
}

# ---------------------------------------------------------------------------------------------------------------
# Report

LABELS=(
    "list|newest list page (\`pageSize=20\`), output cache off"
    "tag|list filtered by the most used tag, output cache off"
    "slug-cold|article by slug, cold (output cache off)"
    "suggestions|suggestions of the newest article, output cache off"
    "search|search \`q=$SEARCH_Q\`, output cache off"
    "ceiling|ceiling: the slug response's bytes from memory"
    "slug-warm|article by slug, warm (output cache on)"
    "list-warm|newest list page, output cache on"
    "revalidate|revalidation with \`If-None-Match\` (304), output cache on"
    "write-1|write mix (create + full update), 1 connection"
    "write-8|write mix (create + full update), 8 connections"
)

ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 >= b + 0) }'; }
lt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 < b + 0) }'; }
commas() { awk -v x="$1" 'BEGIN { s = sprintf("%.0f", x); o = ""; while (length(s) > 3) { o = "," substr(s, length(s) - 2) o; s = substr(s, 1, length(s) - 3) } print s o }'; }
milliseconds() { awk -v x="$1" 'BEGIN { printf (x < 10 ? "%.2f ms" : "%.1f ms"), x }'; }

size_table() {
    local size=$1 ceiling=${RPS[$1:ceiling]}
    echo "| scenario | req/s | p50 | p99 | errors | peak RSS | ratio to ceiling | target | met/missed |"
    echo "|---|---:|---:|---:|---:|---:|---:|---|---|"
    local entry key label id ratio target missed verdict
    for entry in "${LABELS[@]}"; do
        key=${entry%%|*}
        label=${entry#*|}
        id="$size:$key"
        [ -n "${RPS[$id]:-}" ] || continue
        ratio=$(awk -v a="${RPS[$id]}" -v b="$ceiling" 'BEGIN { if (b <= 0) print "n/a"; else printf (a < b / 10 ? "%.1f%%" : "%.0f%%"), 100 * a / b }')
        missed=()
        case $key in
            slug-warm)
                target="≥ 50% of ceiling"
                awk -v a="${RPS[$id]}" -v b="$ceiling" -v t="$TARGET_WARM_RATIO" 'BEGIN { exit !(b > 0 && a / b >= t) }' || missed+=("ratio")
                ;;
            slug-cold | list)
                target="≥ $(commas "$TARGET_RPS") req/s, p99 < $TARGET_P99_MS ms"
                ge "${RPS[$id]}" "$TARGET_RPS" || missed+=("req/s")
                lt "${P99[$id]}" "$TARGET_P99_MS" || missed+=("p99")
                ;;
            *) target="" ;;
        esac
        target="${target:+$target; }RSS < $TARGET_RSS_MB MB"
        lt "${RSS_MB[$id]}" "$TARGET_RSS_MB" || missed+=("RSS")
        if [ ${#missed[@]} -eq 0 ]; then verdict="met"; else verdict="**missed** ($(IFS=,; echo "${missed[*]}" | sed 's/,/, /g'))"; fi
        echo "| $label | $(commas "${RPS[$id]}") | $(milliseconds "${P50[$id]}") | $(milliseconds "${P99[$id]}") | ${ERRORS[$id]} | ${RSS_MB[$id]} MiB | $ratio | $target | $verdict |"
    done
}

write_report() {
    local sizes=("$@") out="$WORK/report.md"
    local cpu memory sdk runtime wrk_version
    cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
    memory=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
    sdk=$(dotnet --version)
    runtime=$(dotnet --list-runtimes | awk '/^Microsoft.AspNetCore.App / { v = $2 } END { print v }')
    wrk_version=$( (wrk -v 2>&1 || true) | awk 'NR == 1 { print $2 }')
    {
        echo
        echo "## $(date -u '+%Y-%m-%d %H:%M UTC')"
        echo
        echo "- Machine: $(nproc) × ${cpu:-unknown CPU}, $memory memory, Linux $(uname -r); load average before the run: $LOAD_BEFORE"
        echo "- .NET SDK $sdk, ASP.NET Core runtime $runtime; wrk $wrk_version"
        echo "- Load: \`wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency\` on 127.0.0.1 after a ${WARMUP} warm-up (write mix: \`-t1 -c1\` and \`-t$THREADS -c8\` after the write path settled at 1 connection); wrk and the API share the machine"
        echo "- Data: SQLite (WAL), seed $SEED, $TAGS tags, 3 tags and 0–4 related links per article, bodies of about 1,500 words"
        echo "- Startup (process start → first 200 from \`/api/tags\`) on an empty database, migrations only: $STARTUP_EMPTY ms"
        local size
        for size in "${sizes[@]}"; do
            echo
            echo "### $(commas "$size") articles"
            echo
            echo "Warm-up before measuring (see \`settle\` in bench/run.sh): cold instance ${SETTLED[cold-$size]:-none}, warm instance ${SETTLED[warm-$size]:-none}, writes ${SETTLED[writes-$size]:-none}."
            echo
            echo "Seeded in ${SEED_SECONDS[$size]} s; SQLite file $(commas "${DB_MB[$size]}") MiB ($(commas $((DB_BYTES[$size] / size))) bytes per article)." \
                "Startup on the seeded database: ${STARTUP_SEEDED[$size]} ms (second start, output cache on: ${STARTUP_RESTART[$size]} ms)."
            echo
            size_table "$size"
            local key
            for key in write-1 write-8 revalidate; do
                [ -n "${DETAIL[$size:$key]:-}" ] && echo "" && echo "\`$key\`: ${DETAIL[$size:$key]}"
            done
        done
        if [ ${#sizes[@]} -ge 2 ]; then
            local small=${sizes[0]} large=${sizes[${#sizes[@]} - 1]} entry key label ratio verdict
            echo
            echo "### Scaling: $(commas "$large") vs $(commas "$small") articles"
            echo
            echo "| scenario | req/s at $(commas "$small") | req/s at $(commas "$large") | ratio | target | met/missed |"
            echo "|---|---:|---:|---:|---|---|"
            for entry in "${LABELS[@]}"; do
                key=${entry%%|*}
                label=${entry#*|}
                case $key in list | tag | slug-cold | slug-warm) ;; *) continue ;; esac
                if awk -v a="${RPS[$large:$key]}" -v b="${RPS[$small:$key]}" -v t="$TARGET_SCALING" 'BEGIN { exit !(a > 0 && a * t >= b) }'; then
                    verdict="met"
                else
                    verdict="**missed**"
                fi
                # Faster at the larger size (noise, or a warmer process) reads as "faster", not "0.9× slower".
                ratio=$(awk -v a="${RPS[$large:$key]}" -v b="${RPS[$small:$key]}" 'BEGIN { if (a <= 0) print "no answer at the larger size"; else if (a > b) printf "%.2f× faster", a / b; else printf "%.2f× slower", b / a }')
                echo "| $label | $(commas "${RPS[$small:$key]}") | $(commas "${RPS[$large:$key]}") | ${ratio} | ≤ ${TARGET_SCALING}× slower | $verdict |"
            done
        fi
        if [ ${#FAILURES[@]} -gt 0 ]; then
            echo
            echo "Harness problems in this run:"
            local failure
            for failure in "${FAILURES[@]}"; do echo "- $failure"; done
        fi
    } >"$out"
    mkdir -p "$(dirname "$RESULTS")"
    cat "$out" >>"$RESULTS"
    cat "$out"
    log "appended the results to $RESULTS"
}

# ---------------------------------------------------------------------------------------------------------------

main() {
    LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
    install_tools
    build

    start_api empty "$WORK/empty.db"
    STARTUP_EMPTY=$STARTUP_MS
    stop_api

    local sizes=() size
    for size in $SIZES; do
        [[ $size =~ ^[1-9][0-9]*$ ]] || die "SIZES must be article counts, not '$size'"
        sizes+=("$size")
        run_size "$size"
    done

    write_report "${sizes[@]}"
    if [ ${#FAILURES[@]} -gt 0 ]; then
        log "${#FAILURES[@]} harness problem(s):"
        printf '  - %s\n' "${FAILURES[@]}" >&2
        exit 1
    fi
    log "done"
}

main
