# Shared by the benchmarks: start one OrleansPaas node (Release build) on free loopback ports
# with its own data folder, and clean up its containers and images on exit.
# Sets: root work node_pid gw gws (HTTPS) ctl token; defines now_ms free_port median.
# A caller may set before sourcing: bench_start=no (start nodes itself with start_node); and before
# any start_node: silo_dir (the folder of another build of the silo, e.g. a baseline's), node_log;
# node_name (default bench-node): the containers' paas.node label, which the cleanup removes.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
work=$(mktemp -d /tmp/paas-bench.XXXXXX)
node_pid=""
node_name=${node_name:-bench-node}
bench_cleanup() {
  [ -n "$node_pid" ] && kill "$node_pid" 2>/dev/null && wait "$node_pid" 2>/dev/null || true
  docker ps -aq --filter "label=paas.node=$node_name" | xargs -r docker rm -f >/dev/null
  docker ps -aq --filter "label=bench=floor" | xargs -r docker rm -f >/dev/null
  docker images -q 'paas/bench*' | sort -u | xargs -r docker rmi -f >/dev/null 2>&1 || true
  docker images -q 'bench-floor' | sort -u | xargs -r docker rmi -f >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap bench_cleanup EXIT

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

bash "$root/tests/fixtures/make-base-image.sh" paas-test/busybox:latest
dotnet build -c Release "$root/silo/OrleansPaas.Silo" -v q -nologo >/dev/null
# A caller may choose the gateway's port first (e.g. to point an ACME test server at it), and add settings.
gw=${gw:-$(free_port)}; gws=$(free_port); ctl=$(free_port); silo=$(free_port)
# start_node: launches the node (BENCH_NODE_ARGS adds settings) and waits until it answers;
# stop_node ends it. The data folder stays, so a restarted node serves the same apps.
start_node() {
  (cd "${silo_dir:-$root/silo/OrleansPaas.Silo/bin/Release/net10.0}" && exec dotnet OrleansPaas.Silo.dll \
    --Paas:DataDir="$work/data" --Paas:Domain=bench.test --Paas:NodeName="$node_name" \
    --Paas:GatewayUrls="http://127.0.0.1:$gw" --Paas:GatewayHttpsUrls="https://127.0.0.1:$gws" --Paas:ControlUrls="http://127.0.0.1:$ctl" \
    --Paas:Cluster:SiloPort="$silo" --Paas:Cluster:InternalPort="$(free_port)" ${BENCH_NODE_ARGS:-} >>"${node_log:-$work/node.log}" 2>&1) &
  node_pid=$!
  for _ in $(seq 1 120); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$ctl/x.git/info/refs?service=git-receive-pack")" = 401 ] && break
    sleep 0.5
  done
  token=$(cat "$work/data/admin-token")
}
stop_node() { kill "$node_pid" && wait "$node_pid" 2>/dev/null || true; node_pid=""; }
if [ "${bench_start:-yes}" = yes ]; then start_node; fi
export GIT_TERMINAL_PROMPT=0 GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=b@bench.test GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=b@bench.test
