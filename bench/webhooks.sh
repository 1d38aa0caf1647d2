#!/usr/bin/env bash
# Webhook benchmark: EVENTS published articles through the API, each delivered as article.published to one fast
# receiver on loopback; measures how long until the last delivery arrived, the latency from each write's response to
# its delivery (p50/p95), and the write rate with the webhook registered against the same writes without one.
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
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

cleanup() {
    [ -n "$API_PID" ] && kill -TERM "$API_PID" 2>/dev/null && wait "$API_PID" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT
log() { printf '[webhook-bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

log "building Release"
dotnet publish "$ROOT/src/HeadlessBlog.Api/HeadlessBlog.Api.csproj" -c Release -o "$WORK/api" -nologo >"$WORK/build.log" 2>&1
DB="$WORK/blog.db"
run_api() { (cd "$WORK/api" && exec env ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning Database__Provider=Sqlite \
    "ConnectionStrings__Blog=Data Source=$DB" Network__UseHttps=false Webhooks__AllowPrivateNetworks=true \
    Limits__KeyRequestsPerWindow=1000000000 "$@"); }
KEY=$(run_api dotnet HeadlessBlog.Api.dll keys create --name bench --scope content:write --scope webhooks:manage 2>>"$WORK/keys.log" | tail -n 1)
[ -n "$KEY" ] || { echo "could not create a key (see $WORK/keys.log)"; exit 1; }
BASE="http://127.0.0.1:$PORT"
run_api dotnet HeadlessBlog.Api.dll --urls "$BASE" >"$WORK/api.log" 2>&1 &
API_PID=$!
for _ in $(seq 1 300); do curl -sf -o /dev/null "$BASE/api/tags" && break; sleep 0.2; done

# One Python process: a threaded receiver that notes when each article's delivery arrived, and a writer that notes
# when each write was answered. Writes without the webhook first (the baseline), then with it.
python3 - "$BASE" "$KEY" "$EVENTS" "$RECEIVER_PORT" <<'PY' | tee "$WORK/result.txt"
import json, statistics, sys, threading, time, urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
base, key, events, port = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
arrived, lock, done = {}, threading.Lock(), threading.Event()
class Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        with lock:
            arrived.setdefault(body["data"]["id"], time.time())
            if len(arrived) >= events:
                done.set()
        self.send_response(204); self.end_headers()
    def log_message(self, *args): pass
server = ThreadingHTTPServer(("127.0.0.1", port), Receiver)
threading.Thread(target=server.serve_forever, daemon=True).start()
def call(method, path, payload):
    request = urllib.request.Request(base + path, data=json.dumps(payload).encode(), method=method,
                                     headers={"X-Api-Key": key, "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)
def write(n, prefix):
    answered, started = {}, time.time()
    for i in range(n):
        article = call("POST", "/api/articles", {"title": f"{prefix} {i}", "body": "A short body.", "status": "published"})
        answered[article["id"]] = time.time()
    return answered, time.time() - started
write(100, "Warm-up")
_, baseline = write(events, "Baseline")
call("POST", "/api/webhooks", {"url": f"http://127.0.0.1:{port}/hook", "events": ["article.published"]})
answered, seconds = write(events, "Delivered")
first_write = min(answered.values())
done.wait(120)
latencies = sorted(arrived[i] - answered[i] for i in answered if i in arrived)
last = max(arrived.values()) if arrived else float("nan")
print(f"writes without a webhook: {events / baseline:.0f} req/s; with one: {events / seconds:.0f} req/s")
print(f"{len(arrived)} of {events} deliveries arrived; the last {last - first_write:.2f} s after the first write"
      f" ({max(0.0, last - max(answered.values())):.2f} s after the last write answered)")
if latencies:
    print(f"write answered -> delivery arrived: p50 {statistics.median(latencies) * 1000:.0f} ms,"
          f" p95 {latencies[int(len(latencies) * 0.95) - 1] * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms")
server.shutdown()
PY
if [ -n "${RESULTS:-}" ]; then
    { printf '\n## %s: webhooks (`EVENTS=%s bash bench/webhooks.sh`)\n\n' "$(date -u '+%Y-%m-%d %H:%M UTC')" "$EVENTS"
      sed 's/^/- /' "$WORK/result.txt"; } >>"$RESULTS"
fi
