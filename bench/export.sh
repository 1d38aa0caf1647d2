#!/usr/bin/env bash
# Export benchmark: GET /api/export of a seeded data set (100,000 articles of about 1,500 words by default) through
# the published API on loopback, measuring the API process's peak RSS (VmHWM in /proc/<pid>/status) before and after,
# the time and the size; then the `export FILE` command on the same database, its peak RSS from /usr/bin/time.
#
#   bash bench/export.sh                       # 100,000 articles
#   ARTICLES=1000 bash bench/export.sh         # a quick run
#   DATABASE=/tmp/blog.db bash bench/export.sh # a copy of an already seeded SQLite file instead of seeding one
#
# Prints one line per measurement; RESULTS=file appends them to that file as a dated Markdown section. Exits non-zero
# when the harness fails (build, startup, an export that is not a whole document).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ARTICLES=${ARTICLES:-100000}
PORT=${PORT:-5310}
TARGET_RSS_MB=300
WORK=$(mktemp -d "${TMPDIR:-/tmp}/headlessblog-export.XXXXXX")
API_PID=""
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

cleanup() {
    if [ -n "$API_PID" ]; then kill -TERM "$API_PID" 2>/dev/null || true; wait "$API_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT
log() { printf '[export-bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
hwm_mb() { awk '/^VmHWM:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }

log "building Release"
dotnet publish "$ROOT/src/HeadlessBlog.Api/HeadlessBlog.Api.csproj" -c Release -o "$WORK/api" -nologo >"$WORK/build.log" 2>&1 \
    || die "build failed: $WORK/build.log"
if [ -n "${DATABASE:-}" ]; then
    log "copying $DATABASE"
    cp "$DATABASE" "$WORK/blog.db"
else
    dotnet publish "$ROOT/bench/HeadlessBlog.Bench.Seed/HeadlessBlog.Bench.Seed.csproj" -c Release -o "$WORK/seed" -nologo >>"$WORK/build.log" 2>&1 \
        || die "build failed: $WORK/build.log"
    log "seeding $ARTICLES articles"
    (cd "$WORK" && dotnet seed/HeadlessBlog.Bench.Seed.dll --articles "$ARTICLES" --tags 50 --seed 42 \
        --Database:Provider Sqlite --ConnectionStrings:Blog "Data Source=$WORK/blog.db") >"$WORK/seed.log" 2>&1 \
        || die "seeding failed: $(tail -5 "$WORK/seed.log")"
fi
ARTICLES=$(sqlite3 "$WORK/blog.db" 'SELECT count(*) FROM Articles')

APP_ENV=(ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning Database__Provider=Sqlite
    "ConnectionStrings__Blog=Data Source=$WORK/blog.db" Network__UseHttps=false Limits__KeyRequestsPerWindow=1000000000)
KEY=$(cd "$WORK/api" && env "${APP_ENV[@]}" dotnet HeadlessBlog.Api.dll keys create --name export-bench --scope content:read \
    | grep -Eo 'hb_[0-9a-f]{16}_[A-Za-z0-9_-]+') || die "could not create a key"

BASE="http://127.0.0.1:$PORT"
(cd "$WORK/api" && exec env "${APP_ENV[@]}" dotnet HeadlessBlog.Api.dll --urls "$BASE") >"$WORK/api.log" 2>&1 &
API_PID=$!
for _ in $(seq 1 900); do curl -sf -o /dev/null "$BASE/health/ready" && break; sleep 0.2; done
curl -sf -o /dev/null "$BASE/api/articles?pageSize=100" || die "the API did not start: $(tail -5 "$WORK/api.log")"
BEFORE=$(hwm_mb "$API_PID")

log "exporting $ARTICLES articles through GET /api/export"
read -r STATUS SECONDS_TAKEN BYTES < <(curl -s -H "X-Api-Key: $KEY" -o "$WORK/export.json" \
    -w '%{http_code} %{time_total} %{size_download}\n' --max-time 1800 "$BASE/api/export")
AFTER=$(hwm_mb "$API_PID")
[ "$STATUS" = 200 ] || die "GET /api/export answered $STATUS"
# A whole document: it ends where the object closes, and holds one "slug" key per article and tag (plus those of
# the tags named on articles, which come as {"name":…,"slug":…}); redirects have none.
[ "$(tail -c 2 "$WORK/export.json")" = ']}' ] || die "the export is cut off"
EXPORTED=$(grep -o '{"slug":"' "$WORK/export.json" | wc -l)
[ "$EXPORTED" = "$ARTICLES" ] || die "the export holds $EXPORTED articles of $ARTICLES"
RATE=$(awk -v n="$ARTICLES" -v s="$SECONDS_TAKEN" 'BEGIN { printf "%.0f", n / s }')
MB=$(awk -v b="$BYTES" 'BEGIN { printf "%.0f", b / 1048576 }')
VERDICT=$([ "$AFTER" -lt "$TARGET_RSS_MB" ] && echo "met" || echo "MISSED")
line1="GET /api/export of $ARTICLES articles: $MB MiB in ${SECONDS_TAKEN} s ($RATE articles/s); API peak RSS (VmHWM) ${BEFORE} MB after startup and a list read, ${AFTER} MB after the export (target < $TARGET_RSS_MB MB: $VERDICT)"
echo "$line1"
kill -TERM "$API_PID" 2>/dev/null || true
wait "$API_PID" 2>/dev/null || true
API_PID=""

log "exporting $ARTICLES articles with the export command"
(cd "$WORK/api" && env "${APP_ENV[@]}" /usr/bin/time -f '%e %M' -o "$WORK/cli.time" \
    dotnet HeadlessBlog.Api.dll export "$WORK/cli.json") >"$WORK/cli.log" 2>&1 || die "export command failed: $(tail -5 "$WORK/cli.log")"
read -r CLI_SECONDS CLI_KB <"$WORK/cli.time"
CLI_MB=$(awk -v k="$CLI_KB" 'BEGIN { printf "%.0f", k / 1024 }')
CLI_VERDICT=$([ "$CLI_MB" -lt "$TARGET_RSS_MB" ] && echo "met" || echo "MISSED")
line2="export FILE of $ARTICLES articles: ${CLI_SECONDS} s, peak RSS (/usr/bin/time) ${CLI_MB} MB (target < $TARGET_RSS_MB MB: $CLI_VERDICT); $(tail -1 "$WORK/cli.log")"
echo "$line2"
if [ -n "${RESULTS:-}" ]; then
    printf '\n## %s: export (`ARTICLES=%s bash bench/export.sh`)\n\n- %s\n- %s\n' \
        "$(date -u '+%Y-%m-%d %H:%M UTC')" "$ARTICLES" "$line1" "$line2" >>"$RESULTS"
fi
