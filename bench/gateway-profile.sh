#!/usr/bin/env bash
# Where the gateway's CPU goes under load: the node serves the backend app (as in gateway.sh)
# while wrk drives the gateway and perf samples the node's stacks (JIT-compiled methods named
# through the runtime's perf map). Prints the load's figures, the share of CPU per library
# (kernel, runtime, framework, YARP …) and the hottest functions.
#
#   bench/gateway-profile.sh [seconds]      (as root; Docker running; wrk, busybox-static, perf:
#                                            apt-get install -y linux-perf)
set -euo pipefail
seconds=${1:-10}
command -v wrk >/dev/null && command -v perf >/dev/null || { echo "needs wrk and perf (apt-get install -y wrk linux-perf)" >&2; exit 1; }
# The runtime writes /tmp/perf-<pid>.map so perf can name JIT-compiled code; without W^X the code
# sits in plain anonymous memory, where perf looks those names up (not in the double-mapped file).
export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0
source "$(dirname "$0")/lib/node.sh"
source "$(dirname "$0")/lib/gateway-backend.sh"
profile_cleanup() { rm -f "/tmp/perf-$node_pid.map" "/tmp/perfinfo-$node_pid.map"; backend_cleanup; }
trap profile_cleanup EXIT
deploy_backend

# Warm up (tiered JIT reaches its final code), then sample at 499 Hz for the whole run.
wrk -t2 -c64 -d15s -H "Host: $host" "http://127.0.0.1:$gw/" >/dev/null
perf record -F 499 -g -p "$node_pid" -o "$work/perf.data" -- sleep "$seconds" 2>/dev/null &
sampler=$!
wrk -t2 -c64 -d"${seconds}s" --latency -H "Host: $host" "http://127.0.0.1:$gw/" | grep -E 'Requests/sec|50%|99%'
wait "$sampler" || true

echo; echo "== CPU samples by library (self time)"
perf report -i "$work/perf.data" --no-children -g none --sort dso --stdio 2>/dev/null | grep -E '^ +[0-9]' | head -15
echo; echo "== hottest functions (self time)"
perf report -i "$work/perf.data" --no-children -g none --sort dso,sym --stdio 2>/dev/null | grep -E '^ +[0-9]' | cut -c1-160 | head -30
