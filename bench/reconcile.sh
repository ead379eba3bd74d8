#!/usr/bin/env bash
# What a reconciliation pass costs when nothing changes (issue 19), for the current code and a
# baseline commit in the same run: before 52ff494 a pass listed each app's containers on every
# node (apps × nodes engine calls) and wrote each app's grain state; since, it lists each node once
# and writes nothing when nothing changed. For each build and app count: one node with a 2 s
# Paas:Supervision:Interval, its Docker engine reached through a socat relay that logs every
# request, N idle apps deployed from one prebuilt image (git:from-image's API, a few at a time);
# after 3 passes to settle, a window of K passes (counted by time: the reconciler logs no passes)
# counts container-list calls and all engine requests (from the relay's log) and grain-state
# writes (sum of Orleans' Version column in the node's SQLite, read-only, before and after).
# The node's stats sampler (every 10 s: one list, one stats call per running container) runs in
# both builds alike; its calls are in the counts.
#
#   bench/reconcile.sh      (as root; Docker running; busybox-static installed; installs socat if missing)
#   APPS="20 200"  app counts (APPS=20 for a quick run)   BASELINE_REF=6cf8ceb   K=5 passes measured
set -euo pipefail
app_counts=${APPS:-20 200}
baseline_ref=${BASELINE_REF:-6cf8ceb}
passes=${K:-5}
interval=2        # seconds between passes
settle=3          # passes left to settle after the last deploy
parallel=${PARALLEL:-4}   # deploys at once

# Its own node name: a node removes the containers of apps it does not know that carry its name
# (orphans), and bench/lib/node.sh's cleanup removes them all, so two benchmarks on one engine
# must not share a name. Refuse to start (before that cleanup is armed) while the name is in use.
node_name=bench-reconcile
if [ -n "$(docker ps -aq --filter label=paas.node=$node_name)" ]; then
  echo "containers labelled paas.node=$node_name exist: another run is going on (or left them; docker rm -f them)" >&2; exit 1
fi
bench_start=no
source "$(dirname "$0")/lib/node.sh"
command -v socat >/dev/null || apt-get install -y -qq socat >/dev/null
command -v socat >/dev/null || { echo "needs socat (apt-get install -y socat)" >&2; exit 1; }

image=paas/rb-web:latest   # not paas/bench*: other benchmarks' cleanups remove those
baseline="$work/baseline"
traffic="$work/docker-traffic.log"
socat_pid=""
reconcile_cleanup() {
  [ -n "$node_pid" ] && stop_node
  [ -n "$socat_pid" ] && kill "$socat_pid" 2>/dev/null || true
  # The image and its release tags paas/rb-<n>:v1.
  docker images --format '{{.Repository}}:{{.Tag}}' --filter 'reference=paas/rb-*' | xargs -r docker rmi >/dev/null 2>&1 || true
  if [ -d "$baseline" ]; then git -C "$root" worktree remove --force "$baseline" 2>/dev/null || true; fi
  git -C "$root" worktree prune
  bench_cleanup
}
trap reconcile_cleanup EXIT
trap 'exit 130' INT TERM

# The baseline build, from its own worktree.
git -C "$root" worktree add -q --detach "$baseline" "$baseline_ref"
dotnet build -c Release "$baseline/silo/OrleansPaas.Silo" -v q -nologo >"$work/baseline-build.log" 2>&1 \
  || { tail -30 "$work/baseline-build.log" >&2; exit 1; }
declare -A silo_of=([baseline]="$baseline/silo/OrleansPaas.Silo/bin/Release/net10.0" [current]="$root/silo/OrleansPaas.Silo/bin/Release/net10.0")
commit_of_baseline=$(git -C "$baseline" rev-parse --short HEAD); commit_of_current=$(git -C "$root" rev-parse --short HEAD)
[ -n "$(git -C "$root" status --porcelain -- grains silo)" ] && commit_of_current="$commit_of_current+changes"

# One tiny web image for every app: busybox httpd on $PORT (EXPOSE sets it).
mkdir -p "$work/web/www"; echo idle > "$work/web/www/index.html"
printf 'FROM paas-test/busybox:latest\nCOPY www /www\nEXPOSE 5000\nCMD ["sh", "-c", "exec httpd -f -p $PORT -h /www"]\n' > "$work/web/Dockerfile"
docker build -q -t "$image" "$work/web" >/dev/null 2>&1   # the newer CLI warns that the legacy builder is deprecated

# Every engine request of the nodes goes through this relay; -v logs each request line.
socat -v UNIX-LISTEN:"$work/docker.sock",fork UNIX-CONNECT:/var/run/docker.sock 2>"$traffic" &
socat_pid=$!
until [ -S "$work/docker.sock" ]; do sleep 0.1; done

api() { curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$@"; }
deploy_app() { # name → succeeds when the app serves the image; on a loaded machine a deploy may
  # time out waiting for its instance, so it is tried three times, then its output is shown.
  api -X POST -d "{\"name\":\"$1\"}" "http://127.0.0.1:$ctl/api/apps" >/dev/null || return 1
  local attempt
  for attempt in 1 2 3; do
    api -X POST -d "{\"image\":\"$image\"}" "http://127.0.0.1:$ctl/api/apps/$1/deploy-image" > "$work/deploy-$1.out" || true
    tail -1 "$work/deploy-$1.out" | grep -q '"exitCode":0' && return 0
  done
  { echo "deploy of $1 failed:"; tail -5 "$work/deploy-$1.out"; } >&2
  return 1
}
deploy_apps() { # count: deploys rb-1..rb-count, $parallel at once
  local running=() finished i
  for i in $(seq 1 "$1"); do
    if [ "${#running[@]}" -ge "$parallel" ]; then
      wait -n -p finished "${running[@]}" || { echo "a deploy failed; see $node_log" >&2; exit 1; }
      local left=() p; for p in "${running[@]}"; do [ "$p" = "$finished" ] || left+=("$p"); done; running=("${left[@]}")
    fi
    deploy_app "rb-$i" & running+=($!)
  done
  for i in "${running[@]}"; do wait "$i" || { echo "a deploy failed; see $node_log" >&2; exit 1; }; done
}
# window: one process takes both snapshots (Orleans' per-row write counter Version, summed per
# state, from the node's SQLite read-only; the relay log's length) K passes apart, then counts the
# engine requests logged between them. Prints: window_ms list_calls per_app_lists requests
# state_writes writes_by_state requests_by_endpoint.
window() {
  python3 - "$work/data/paas.db" "$traffic" "$(( passes * interval ))" <<'PY'
import collections, os, re, sqlite3, sys, time
db_path, log_path, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
def versions():
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        return dict(db.execute("select StateName, sum(Version) from GrainState group by StateName").fetchall())
    finally:
        db.close()
v0, off0, t0 = versions(), os.path.getsize(log_path), time.monotonic()
time.sleep(seconds)
v1, off1, t1 = versions(), os.path.getsize(log_path), time.monotonic()
with open(log_path, "rb") as log:
    log.seek(off0)
    text = log.read(off1 - off0).decode("latin-1")
# socat -v writes each request's first line at the start of a line; Docker.DotNet sends unversioned paths.
lines = re.findall(r"^(?:GET|POST|PUT|DELETE|HEAD) (\S+)", text, re.M)
endpoints = collections.Counter(re.sub(r"[0-9a-f]{64}", "ID", re.sub(r"^/v[0-9.]+", "", l.split("?")[0])) for l in lines)
lists = [l for l in lines if re.match(r"^(/v[0-9.]+)?/containers/json", l)]
per_app = [l for l in lists if "paas.app%3D" in l]
writes = {k: v1[k] - v0.get(k, 0) for k in v1 if v1[k] != v0.get(k, 0)}
print(round((t1 - t0) * 1000), len(lists), len(per_app), len(lines), sum(writes.values()),
      ",".join(f"{k}=+{v}" for k, v in sorted(writes.items())) or "none",
      ",".join(f"{k}={v}" for k, v in endpoints.most_common()) or "none")
PY
}

: > "$work/results"
measure() { # build apps
  local build=$1 n=$2
  rm -rf "$work/data"
  node_log="$work/node-$build-$n.log"
  silo_dir=${silo_of[$build]} BENCH_NODE_ARGS="--Paas:Supervision:Interval=00:00:0$interval --Paas:DockerEndpoint=unix://$work/docker.sock" start_node
  local t0; t0=$(now_ms)
  deploy_apps "$n"
  local up; up=$(docker ps -q --filter label=paas.node=$node_name --filter label=paas.index --filter status=running | wc -l)
  [ "$up" = "$n" ] || { echo "$build: $up of $n apps running after their deploys" >&2; exit 1; }
  echo "$build, $n apps: deployed in $(( ($(now_ms) - t0) / 1000 )) s" >&2
  sleep $(( settle * interval ))

  local ms lists per_app reqs writes by_state by_endpoint rss
  read -r ms lists per_app reqs writes by_state by_endpoint <<< "$(window)"
  rss=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$node_pid/status")
  echo "$build $n $ms $lists $per_app $reqs $writes $rss $by_state $by_endpoint" | tee -a "$work/results" >&2

  stop_node
  docker ps -aq --filter label=paas.node=$node_name | xargs -r docker rm -f >/dev/null
  # The releases' tags of the image (paas/rb-<n>:v1), not the image.
  docker images --format '{{.Repository}}:{{.Tag}}' --filter 'reference=paas/rb-*' | grep -v "^$image\$" | xargs -r docker rmi >/dev/null 2>&1 || true
}

for n in $app_counts; do
  for build in baseline current; do measure "$build" "$n"; done
done

echo
echo "Idle reconciliation, one node, Paas:Supervision:Interval=${interval}s, window of $passes passes (counted by time)"
echo "baseline = $baseline_ref ($commit_of_baseline), current = $commit_of_current"
echo
echo "raw counts in the window (list calls: per-app = filtered on paas.app, node-wide = the rest):"
printf '%-9s %5s %9s %8s %9s %10s %9s %14s %7s  %s\n' build apps window_ms passes per-app node-wide requests state_writes rss_MiB "writes by state"
while read -r build n ms lists applists reqs writes rss by_state by_endpoint; do
  printf '%-9s %5s %9s %8s %9s %10s %9s %14s %7s  %s\n' "$build" "$n" "$ms" "$passes" "$applists" "$((lists - applists))" "$reqs" "$writes" "$rss" "$by_state"
  echo "          requests by endpoint: $by_endpoint"
done < "$work/results"
echo "(node-wide lists: one per pass — the baseline's orphan check, the current pass's list — plus one per 10 s from the stats sampler)"
echo
echo "per pass (count / $passes):"
printf '%-17s %5s %16s %18s %18s %12s\n' build apps "list calls/pass" "engine calls/pass" "state writes/pass" "node RSS MiB"
for n in $app_counts; do
  for build in baseline current; do
    awk -v b="$build" -v n="$n" -v k="$passes" '$1 == b && $2 == n {
      printf "%-17s %5s %16.1f %18.1f %18.1f %12s\n", b, n, $4 / k, $6 / k, $7 / k, $8 }' "$work/results"
  done
  awk -v n="$n" '$2 == n { l[$1] = $4; r[$1] = $6; w[$1] = $7; m[$1] = $8 }
    function ratio(c, b) { return b ? sprintf("%.3f", c / b) : "n/a" }
    END { printf "%-17s %5s %16s %18s %18s %12s\n", "current/baseline", n, ratio(l["current"], l["baseline"]),
          ratio(r["current"], r["baseline"]), ratio(w["current"], w["baseline"]), ratio(m["current"], m["baseline"]) }' "$work/results"
done
