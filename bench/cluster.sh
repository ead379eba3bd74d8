#!/usr/bin/env bash
# Cluster figures, measured in one run on this machine: three nodes (Release build, own ports and
# names, one shared Docker engine) on a private PostgreSQL, side by side with one single node.
#   idle memory   resident memory of an idle node: cluster mode vs the single-node default
#   propagation   route changes (config changes on node 1) from the route table's commit to the
#                 first gateway (the baseline) and to all three gateways applying them; p50/p99
#   failover      kill -9 of the node running a one-instance app (and its containers gone) until
#                 that app answers again through a surviving gateway; failed requests of a load
#                 loop on an app with three instances during the same time
#
#   bench/cluster.sh [runs]      (as root; Docker running; postgresql, busybox-static, openssl installed)
set -euo pipefail
runs=${1:-20}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/paas-cluster-bench.XXXXXX)
chown postgres "$work"
pids=(); pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true
  docker ps -aq --filter "label=paas.app" --filter "label=paas.node" | while read -r id; do
    case "$(docker inspect -f '{{index .Config.Labels "paas.node"}}' "$id")" in bench-*) docker rm -f "$id" >/dev/null;; esac
  done
  docker images -q 'paas/cb-*' | sort -u | xargs -r docker rmi -f >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
percentile() { sort -n | awk -v p="$1" '{a[NR]=$1} END {i=int((NR-1)*p/100)+1; print a[i]}'; }
rss_mib() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }

bash "$root/tests/fixtures/make-base-image.sh" paas-test/busybox:latest
dotnet build -c Release "$root/silo/OrleansPaas.Silo" -v q -nologo >/dev/null

# A private PostgreSQL on loopback.
pg_port=$(free_port)
runuser -u postgres -- "$pg_bin/initdb" -D "$work/pg" -A trust -U postgres >/dev/null
runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/pg" -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $work" -l "$work/pg.log" start >/dev/null
runuser -u postgres -- "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" paas
cs="Host=127.0.0.1;Port=$pg_port;Database=paas;Username=postgres"
bash "$root/deploy/cluster/make-cluster-cert.sh" "$work/cluster.pfx" >/dev/null
token="bench-cluster-token-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"

declare -A gw ctl pid
start_node() { # name [cluster]
  local name=$1 mode=${2:-cluster}
  gw[$name]=$(free_port); ctl[$name]=$(free_port)
  local args=(--Paas:DataDir="$work/$name" --Paas:Domain=bench.test --Paas:NodeName="$name" --Paas:AdminToken="$token"
    --Paas:GatewayUrls="http://127.0.0.1:${gw[$name]}" --Paas:GatewayHttpsUrls="https://127.0.0.1:$(free_port)" --Paas:ControlUrls="http://127.0.0.1:${ctl[$name]}"
    --Paas:Cluster:SiloPort="$(free_port)" --Paas:Cluster:InternalPort="$(free_port)")
  [ "$mode" = cluster ] && args+=(--Paas:Cluster:PostgresConnectionString="$cs" --Paas:Cluster:CertificatePath="$work/cluster.pfx" --Paas:NodeAddress=127.0.0.1)
  (cd "$root/silo/OrleansPaas.Silo/bin/Release/net10.0" && exec dotnet OrleansPaas.Silo.dll "${args[@]}" >"$work/$name.log" 2>&1) &
  pid[$name]=$!; pids+=("${pid[$name]}")
  for _ in $(seq 1 240); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${ctl[$name]}/x.git/info/refs?service=git-receive-pack")" = 401 ] && return
    sleep 0.5
  done
  echo "node $name did not start; see $work/$name.log" >&2; exit 1
}
api() { local node=$1; shift; curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "${@/#\//http://127.0.0.1:${ctl[$node]}/}"; }
served() { curl -s -m 2 -H "Host: $2.bench.test" "http://127.0.0.1:${gw[$1]}/" || true; }

start_node bench-single single
start_node bench-1; start_node bench-2; start_node bench-3
nodes=(bench-1 bench-2 bench-3)
sleep 20 # idle: let start-up work settle before reading memory
printf '\n%-34s %10s\n' "idle resident memory (MiB)" ""
printf '%-34s %10s\n' "single node (SQLite, baseline)" "$(rss_mib "${pid[bench-single]}")"
for n in "${nodes[@]}"; do printf '%-34s %10s\n' "cluster node $n" "$(rss_mib "${pid[$n]}")"; done
kill -9 "${pid[bench-single]}"

# The app prints its MSG config var, so a config change is visible in what it serves.
app="$work/app"; mkdir -p "$app"
cat > "$app/Dockerfile" <<'DOCKERFILE'
FROM paas-test/busybox:latest
CMD ["sh", "-c", "mkdir -p /www && echo \"$MSG\" > /www/index.html && exec httpd -f -p $PORT -h /www"]
DOCKERFILE
git -C "$app" init -q -b main && git -C "$app" add -A && git -C "$app" -c user.name=b -c user.email=b@b commit -qm v0
for a in cb-prop cb-one-1 cb-one-2 cb-one-3 cb-three; do
  git -C "$app" push -q "http://bench:$token@127.0.0.1:${ctl[bench-1]}/$a.git" main 2>/dev/null
done
api bench-1 -X PUT -d '{"web":3}' /api/apps/cb-three/formation >/dev/null

# Propagation: node 1 takes a config change (a new release, new endpoints). The route table logs,
# per committed version, when the first and the last live gateway applied it (their next poll
# reports it); one poller per gateway also checks that each really serves the new release.
watch_gateway() { until [ "$(served "$1" cb-prop)" = "$2" ]; do :; done; }
propagated() { cat "$work"/bench-[123].log | grep -o 'Routes v[0-9]* reached 3 gateway(s): first after [0-9.]* ms, all after [0-9.]* ms' | sort -u; }
before=$(propagated | wc -l)
for i in $(seq 1 "$runs"); do
  watchers=()
  for n in "${nodes[@]}"; do watch_gateway "$n" "m$i" & watchers+=($!); done
  api bench-1 -X PATCH -d "{\"set\":{\"MSG\":\"m$i\"}}" /api/apps/cb-prop/config >/dev/null
  for w in "${watchers[@]}"; do wait "$w"; done
done
propagated | tail -n +"$((before + 1))" | awk '{print $8, $12}' > "$work/prop"
printf '\nroute propagation to 3 gateways over %s route changes (ms from commit to a gateway applying it)\n' "$(wc -l < "$work/prop")"
printf '%-6s %14s %14s\n' "" "first gateway" "all gateways"
printf '%-6s %14s %14s\n' p50 "$(cut -d' ' -f1 < "$work/prop" | percentile 50)" "$(cut -d' ' -f2 < "$work/prop" | percentile 50)"
printf '%-6s %14s %14s\n' p99 "$(cut -d' ' -f1 < "$work/prop" | percentile 99)" "$(cut -d' ' -f2 < "$work/prop" | percentile 99)"
printf '%-6s %14s %14s\n' max "$(cut -d' ' -f1 < "$work/prop" | percentile 100)" "$(cut -d' ' -f2 < "$work/prop" | percentile 100)"

# Failover: the node running cb-one-2's only instance dies with its containers.
victim=$(docker ps --filter label=paas.app=cb-one-2 --filter label=paas.process=web --format '{{.Label "paas.node"}}' | head -1)
survivor=""
for n in "${nodes[@]}"; do if [ "$n" != "$victim" ] && [ -z "$survivor" ]; then survivor=$n; fi; done
loop_ok=0; loop_failed=0
( while :; do
    code=$(curl -s -o /dev/null -m 5 -w '%{http_code}' -H 'Host: cb-three.bench.test' "http://127.0.0.1:${gw[$survivor]}/")
    [ "$code" = 200 ] && echo ok || echo "failed $code"
  done > "$work/load" ) &
load_pid=$!; pids+=("$load_pid")
sleep 2
t0=$(now_ms)
kill -9 "${pid[$victim]}"
docker ps -aq --filter "label=paas.node=$victim" | xargs -r docker rm -f >/dev/null
until [ "$(curl -s -o /dev/null -w '%{http_code}' -m 2 -H 'Host: cb-one-2.bench.test' "http://127.0.0.1:${gw[$survivor]}/")" = 200 ]; do sleep 0.1; done
answered=$(( $(now_ms) - t0 ))
until [ "$(docker ps -q --filter label=paas.app=cb-three --filter label=paas.process=web | wc -l)" = 3 ]; do sleep 0.2; done
replaced=$(( $(now_ms) - t0 ))
kill "$load_pid"; wait "$load_pid" 2>/dev/null || true
loop_ok=$(grep -c '^ok' "$work/load" || true); loop_failed=$(grep -c '^failed' "$work/load" || true)
printf '\nfailover (killed %s)\n' "$victim"
printf '%-56s %8s ms\n' "one-instance app answers again through $survivor" "$answered"
printf '%-56s %8s ms\n' "three-instance app back to three instances" "$replaced"
printf '%-56s %8s ok, %s failed\n' "load loop on the three-instance app meanwhile" "$loop_ok" "$loop_failed"
