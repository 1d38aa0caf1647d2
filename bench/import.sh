#!/usr/bin/env bash
# Import speed: seeds ARTICLES articles of about 1,500 words with the bench seed tool into a SQLite file, writes them
# as a HeadlessBlog export (python3's sqlite3 module), imports that file with the published API's `import` command
# into an empty SQLite database, and appends the articles per second to docs/benchmarks.md.
#
#   bash bench/import.sh                 # 2000 articles
#   ARTICLES=300 bash bench/import.sh    # a quick smoke run
#
# Environment: ARTICLES (2000), TAGS (50), SEED (42), BATCH (Imports:BatchSize, 100), RESULTS (docs/benchmarks.md),
# KEEP_WORK=1 keeps the temporary folder. The rate is the job's own: articles / (finishedAt − startedAt), so process
# start and migrations are not counted; the wall-clock time of the whole command is reported beside it.
set -eEuo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ARTICLES=${ARTICLES:-2000}
TAGS=${TAGS:-50}
SEED=${SEED:-42}
BATCH=${BATCH:-100}
RESULTS=${RESULTS:-$ROOT/docs/benchmarks.md}
TARGET_PER_SECOND=200

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
WORK=$(mktemp -d "${TMPDIR:-/tmp}/headlessblog-import-bench.XXXXXX")
log() { printf '[import-bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
cleanup() { if [ "${KEEP_WORK:-0}" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi; }
trap cleanup EXIT

log "building Release into $WORK"
dotnet publish "$ROOT/src/HeadlessBlog.Api/HeadlessBlog.Api.csproj" -c Release -o "$WORK/api" -nologo >"$WORK/build-api.log" 2>&1 \
    || { tail -n 40 "$WORK/build-api.log" >&2; exit 1; }
dotnet publish "$ROOT/bench/HeadlessBlog.Bench.Seed/HeadlessBlog.Bench.Seed.csproj" -c Release -o "$WORK/seed" -nologo >"$WORK/build-seed.log" 2>&1 \
    || { tail -n 40 "$WORK/build-seed.log" >&2; exit 1; }

log "seeding $ARTICLES articles"
(cd "$WORK" && dotnet "$WORK/seed/HeadlessBlog.Bench.Seed.dll" --articles "$ARTICLES" --tags "$TAGS" --seed "$SEED" \
    --Database:Provider Sqlite --ConnectionStrings:Blog "Data Source=$WORK/source.db" >"$WORK/seed.log" 2>&1) \
    || { tail -n 40 "$WORK/seed.log" >&2; exit 1; }

log "writing the export file"
python3 - "$WORK/source.db" "$WORK/export.json" <<'PY'
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.row_factory = sqlite3.Row
iso = lambda t: None if t is None else t.replace(" ", "T") + ("" if t.endswith("Z") else "Z")
tags = {r["Id"]: r for r in db.execute("SELECT * FROM Tags")}
article_tags = {}
for r in db.execute("SELECT ArticleId, TagId FROM ArticleTags ORDER BY ArticleId, Position"):
    article_tags.setdefault(r["ArticleId"], []).append(tags[r["TagId"]])
document = {
    "format": "headlessblog", "version": 1, "exportedAt": "2026-12-07T00:00:00Z",
    "tags": [{"name": t["Name"], "slug": t["Slug"], "description": t["Description"], "createdAt": iso(t["CreatedAt"]), "updatedAt": iso(t["UpdatedAt"])} for t in tags.values()],
    "articles": [{
        "slug": a["Slug"], "title": a["Title"], "summary": a["Summary"], "body": a["Body"],
        "status": "published" if a["Status"] == 1 else "draft", "publishedAt": iso(a["PublishedAt"]),
        "createdAt": iso(a["CreatedAt"]), "updatedAt": iso(a["UpdatedAt"]),
        "tags": [{"name": t["Name"], "slug": t["Slug"]} for t in article_tags.get(a["Id"], [])], "related": [],
    } for a in db.execute("SELECT * FROM Articles ORDER BY Id")],
    "redirects": [],
}
json.dump(document, open(sys.argv[2], "w"))
PY

log "importing into an empty database"
START=$(date +%s.%N)
# From the published folder, as the other benches run the API: its appsettings.json applies (SQL commands logged only
# at Warning). Run from elsewhere, the app found no settings file and logged every SQL command as JSON (30 MB a run).
(cd "$WORK/api" && Database__Provider=Sqlite ConnectionStrings__Blog="Data Source=$WORK/target.db" Imports__BatchSize="$BATCH" \
    dotnet "$WORK/api/HeadlessBlog.Api.dll" import "$WORK/export.json" >"$WORK/import.log" 2>&1) \
    || { tail -n 40 "$WORK/import.log" >&2; exit 1; }
WALL=$(echo "$(date +%s.%N) - $START" | bc)

read -r CREATED JOB_SECONDS WORDS < <(python3 - "$WORK/target.db" <<'PY'
import sqlite3, sys
from datetime import datetime
db = sqlite3.connect(sys.argv[1])
created, started, finished = db.execute("SELECT Created, StartedAt, FinishedAt FROM ImportJobs").fetchone()
parse = lambda t: datetime.fromisoformat(t[:26])
words = db.execute("SELECT AVG(WordCount) FROM Articles").fetchone()[0]
print(created, (parse(finished) - parse(started)).total_seconds(), round(words))
PY
)
RATE=$(echo "scale=1; $CREATED / $JOB_SECONDS" | bc)
MET=$(echo "$RATE >= $TARGET_PER_SECOND" | bc)
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
log "$CREATED articles (about $WORDS words each) in $JOB_SECONDS s: $RATE articles/s (target $TARGET_PER_SECOND); whole command ${WALL} s; load $LOAD"

{
    echo
    echo "## Import speed — $(date -u +%Y-%m-%d) ($(nproc) cores, load average $LOAD at the end, machine shared with other work)"
    echo
    echo "\`ARTICLES=$ARTICLES BATCH=$BATCH bash bench/import.sh\`: a HeadlessBlog export of $CREATED seeded articles (about $WORDS words each,"
    echo "$TAGS tags) imported with \`dotnet HeadlessBlog.Api.dll import\` (Release) into an empty SQLite database."
    echo
    echo "| articles | job time | articles/s | target | whole command (start, migrations, import) |"
    echo "|---|---|---|---|---|"
    echo "| $CREATED | ${JOB_SECONDS} s | **$RATE** | ≥ $TARGET_PER_SECOND ($( [ "$MET" = 1 ] && echo met || echo "not met")) | ${WALL} s |"
} >>"$RESULTS"
log "appended to $RESULTS"
