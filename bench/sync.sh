#!/usr/bin/env bash
# Sync benchmark: an initial sync of a seeded data set through GET /api/sync, page by page as a static-site build
# would fetch it, and the cost of a delta poll with nothing new. Loopback only; every request bounded in time.
#
#   bash bench/sync.sh                     # 100,000 articles, pages of 500
#   ARTICLES=1000 LIMIT=100 bash bench/sync.sh
#   DATABASE=/tmp/blog.db bash bench/sync.sh   # a copy of an already seeded SQLite file instead of seeding one
#
# Prints one line per measurement; RESULTS=file appends them to that file as a dated Markdown section.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ARTICLES=${ARTICLES:-100000}
LIMIT=${LIMIT:-500}
PORT=${PORT:-5290}
FORMATS=${FORMATS:-markdown,html}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/headlessblog-sync.XXXXXX")
API_PID=""
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

cleanup() {
    [ -n "$API_PID" ] && kill -TERM "$API_PID" 2>/dev/null && wait "$API_PID" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT
log() { printf '[sync-bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
command -v wrk >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

log "building Release"
dotnet publish "$ROOT/src/HeadlessBlog.Api/HeadlessBlog.Api.csproj" -c Release -o "$WORK/api" -nologo >"$WORK/build.log" 2>&1
dotnet publish "$ROOT/bench/HeadlessBlog.Bench.Seed/HeadlessBlog.Bench.Seed.csproj" -c Release -o "$WORK/seed" -nologo >>"$WORK/build.log" 2>&1
if [ -n "${DATABASE:-}" ]; then
    log "copying $DATABASE"
    cp "$DATABASE" "$WORK/blog.db"
    ARTICLES=$(sqlite3 "$WORK/blog.db" 'SELECT count(*) FROM Articles' 2>/dev/null || echo "?")
else
    log "seeding $ARTICLES articles"
    (cd "$WORK" && dotnet seed/HeadlessBlog.Bench.Seed.dll --articles "$ARTICLES" --tags 50 --seed 42 \
        --Database:Provider Sqlite --ConnectionStrings:Blog "Data Source=$WORK/blog.db") >"$WORK/seed.log" 2>&1
fi

BASE="http://127.0.0.1:$PORT"
(cd "$WORK/api" && exec env ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning Database__Provider=Sqlite \
    "ConnectionStrings__Blog=Data Source=$WORK/blog.db" Network__UseHttps=false \
    Limits__AnonymousRequestsPerWindow=1000000000 dotnet HeadlessBlog.Api.dll --urls "$BASE") >"$WORK/api.log" 2>&1 &
API_PID=$!
for _ in $(seq 1 900); do curl -sf -o /dev/null "$BASE/api/tags" && break; sleep 0.2; done

# One initial sync, page after page, as one client: the pace a build gets (the client parses every page as JSON).
sync_once() {
    read -r ITEMS PAGES SECONDS_TAKEN TOKEN < <(python3 - "$BASE" "$LIMIT" "$FORMATS" <<'PY'
import json, sys, time, urllib.request
base, limit, formats = sys.argv[1], sys.argv[2], sys.argv[3]
token, items, pages, started = None, 0, 0, time.perf_counter()
while pages < 100000:
    url = f"{base}/api/sync?limit={limit}&formats={formats}" + (f"&token={token}" if token else "")
    with urllib.request.urlopen(url, timeout=60) as response:
        page = json.load(response)
    pages += 1
    items += len(page["items"])
    token = page["nextToken"]
    if not page["hasMore"]:
        break
print(items, pages, f"{time.perf_counter() - started:.2f}", token)
PY
)
}
sync_once
log "warm-up sync: $ITEMS items in $PAGES pages, $SECONDS_TAKEN s"
sync_once
RATE=$(awk -v n="$ITEMS" -v s="$SECONDS_TAKEN" 'BEGIN { printf "%.0f", n / s }')
line1="initial sync of $ARTICLES articles (+ tags), limit=$LIMIT, formats=$FORMATS: $ITEMS items in $PAGES pages, $SECONDS_TAKEN s = $RATE items/s"

# The API's own pace: the same pages, the client reading each one's bytes but parsing only its nextToken.
read -r RAW_PAGES RAW_SECONDS < <(python3 - "$BASE" "$LIMIT" "$FORMATS" <<'PY'
import re, sys, time, urllib.request
base, limit, formats = sys.argv[1], sys.argv[2], sys.argv[3]
token, pages, started = None, 0, time.perf_counter()
while pages < 100000:
    url = f"{base}/api/sync?limit={limit}&formats={formats}" + (f"&token={token}" if token else "")
    with urllib.request.urlopen(url, timeout=60) as response:
        tail = response.read()[-600:].decode("utf-8", "replace")
    pages += 1
    token = re.search(r'"nextToken":"([^"]+)"', tail).group(1)
    if '"hasMore":false' in tail:
        break
print(pages, f"{time.perf_counter() - started:.2f}")
PY
)
RAW_RATE=$(awk -v n="$ITEMS" -v s="$RAW_SECONDS" 'BEGIN { printf "%.0f", n / s }')
line1="$line1; the API's pace (the client parsing only each page's nextToken): $RAW_SECONDS s = $RAW_RATE items/s"
wrk -t2 -c8 -d5s --timeout 10s "$BASE/api/sync?token=$TOKEN" >"$WORK/delta.wrk" 2>&1
line2="delta poll with nothing new (wrk -t2 -c8 -d5s): $(awk '/^Requests\/sec:/ { print $2 }' "$WORK/delta.wrk") req/s"
echo "$line1"
echo "$line2"
if [ -n "${RESULTS:-}" ]; then
    printf '\n## %s: sync (`ARTICLES=%s LIMIT=%s bash bench/sync.sh`)\n\n- %s\n- %s\n' \
        "$(date -u '+%Y-%m-%d %H:%M UTC')" "$ARTICLES" "$LIMIT" "$line1" "$line2" >>"$RESULTS"
fi
