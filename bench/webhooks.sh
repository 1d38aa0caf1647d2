#!/usr/bin/env bash
# Webhook benchmark, one receiver on loopback (Node's HTTP server, keep-alive), EVENTS published articles each
# delivered as article.published:
#   1. live: writes without a webhook (the baseline), then the same writes with one, delivered as they happen: the
#      write rate of both, and the time from each write's answer to its delivery's arrival (p50/p95);
#   2. backlog: EVENTS more writes while the instance runs no dispatcher (Webhooks:RunWorker=false: the write path
#      with a webhook registered, nothing sent), then an instance with it: how long until all of them arrived.
#
#   bash bench/webhooks.sh                  # 1,000 events
#   EVENTS=200 RESULTS=docs/benchmarks.md bash bench/webhooks.sh
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
EVENTS=${EVENTS:-1000}
PORT=${PORT:-5291}
RECEIVER_PORT=${RECEIVER_PORT:-5292}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/headlessblog-webhooks.XXXXXX")
API_PID=""
RECEIVER_PID=""
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

stop_api() { [ -n "$API_PID" ] && kill -TERM "$API_PID" 2>/dev/null && wait "$API_PID" 2>/dev/null; API_PID=""; }
cleanup() {
    stop_api || true
    [ -n "$RECEIVER_PID" ] && kill "$RECEIVER_PID" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT
log() { printf '[webhook-bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
command -v node >/dev/null || { echo "node is needed for the receiver"; exit 1; }

log "building Release"
dotnet publish "$ROOT/src/HeadlessBlog.Api/HeadlessBlog.Api.csproj" -c Release -o "$WORK/api" -nologo >"$WORK/build.log" 2>&1
SETTINGS=(ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning Database__Provider=Sqlite
    "ConnectionStrings__Blog=Data Source=$WORK/blog.db" Network__UseHttps=false Webhooks__AllowPrivateNetworks=true
    Limits__KeyRequestsPerWindow=1000000000)
KEY=$(cd "$WORK/api" && env "${SETTINGS[@]}" dotnet HeadlessBlog.Api.dll keys create --name bench --scope content:write \
    --scope webhooks:manage 2>>"$WORK/keys.log" | tail -n 1)
[ -n "$KEY" ] || { echo "could not create a key (see $WORK/keys.log)"; exit 1; }
BASE="http://127.0.0.1:$PORT"
if curl -s -o /dev/null --max-time 2 "$BASE/"; then echo "port $PORT is taken"; exit 1; fi
start_api() {
    (cd "$WORK/api" && exec env "${SETTINGS[@]}" "$@" dotnet HeadlessBlog.Api.dll --urls "$BASE") >>"$WORK/api.log" 2>&1 &
    API_PID=$!
    for _ in $(seq 1 300); do curl -sf -o /dev/null "$BASE/api/tags" && return; sleep 0.1; done
    echo "the API did not start"; exit 1
}

ARRIVALS="$WORK/arrivals.txt"
node -e '
const http = require("http"), fs = require("fs");
const out = fs.openSync(process.argv[1], "a");
http.createServer((req, res) => {
  let body = "";
  req.on("data", c => body += c);
  req.on("end", () => {
    fs.writeSync(out, JSON.parse(body).data.id + " " + (Date.now() / 1000) + "\n");
    res.writeHead(204); res.end();
  });
}).listen(Number(process.argv[2]), "127.0.0.1");
' "$ARRIVALS" "$RECEIVER_PORT" &
RECEIVER_PID=$!

cat >"$WORK/bench.py" <<'PY'
import json, os, statistics, sys, time, urllib.request
mode, base, key, events, port, arrivals, state = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), sys.argv[6], sys.argv[7]
def call(method, path, payload=None):
    request = urllib.request.Request(base + path, data=None if payload is None else json.dumps(payload).encode(), method=method,
                                     headers={"X-Api-Key": key, "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)
def write(n, prefix):
    answered, started = {}, time.time()
    for i in range(n):
        answered[call("POST", "/api/articles", {"title": f"{prefix} {i}", "body": "A short body.", "status": "published"})["id"]] = time.time()
    return answered, n / (time.time() - started)
def arrived():
    found = {}
    if os.path.exists(arrivals):
        for line in open(arrivals):
            article, at = line.split()
            found.setdefault(int(article), float(at))
    return found
def wait_for(ids, seconds=60):
    deadline = time.time() + seconds
    while not ids <= arrived().keys() and time.time() < deadline:
        time.sleep(0.05)
    return arrived()
if mode == "live":
    write(100, "Warm-up")
    _, baseline = write(events, "Baseline")
    call("POST", "/api/webhooks", {"url": f"http://127.0.0.1:{port}/hook", "events": ["article.published"]})
    answered, rate = write(events, "Delivered")
    got = wait_for(set(answered))
    latencies = sorted(got[i] - answered[i] for i in answered if i in got)
    print(f"live: writes without a webhook {baseline:.0f} req/s, with one (delivered as they happen) {rate:.0f} req/s; "
          f"{len(latencies)} of {events} delivered, the last {max(got[i] for i in answered if i in got) - max(answered.values()):.2f} s "
          f"after the last write's answer; write answered -> delivery arrived p50 {statistics.median(latencies) * 1000:.0f} ms, "
          f"p95 {latencies[int(len(latencies) * 0.95) - 1] * 1000:.0f} ms")
elif mode == "queue":
    write(100, "Warm-up")
    answered, rate = write(events, "Queued")
    json.dump(sorted(answered), open(state, "w"))
    print(f"backlog: writes with the webhook registered and no dispatcher running {rate:.0f} req/s")
else:
    ids, started = set(json.load(open(state))), float(mode)
    got = wait_for(ids, 120)
    done = [got[i] for i in ids if i in got]
    print(f"backlog: {len(done)} of {len(ids)} delivered by a freshly started instance, the last {max(done) - started:.2f} s "
          f"after it answered its first request ({len(done) / (max(done) - started):.0f} deliveries/s)")
PY
bench() { python3 "$WORK/bench.py" "$1" "$BASE" "$KEY" "$EVENTS" "$RECEIVER_PORT" "$ARRIVALS" "$WORK/queued.json" | tee -a "$WORK/result.txt"; }

log "live"
start_api
bench live
stop_api
log "backlog"
start_api Webhooks__RunWorker=false
bench queue
stop_api
start_api
bench "$(date +%s.%N)"
if [ -n "${RESULTS:-}" ]; then
    { printf '\n## %s: webhooks (`EVENTS=%s bash bench/webhooks.sh`)\n\n' "$(date -u '+%Y-%m-%d %H:%M UTC')" "$EVENTS"
      sed 's/^/- /' "$WORK/result.txt"; } >>"$RESULTS"
fi
