#!/usr/bin/env bash
# What the gateway's per-request metrics cost (issue 13), measured side by side in one run: the
# same node, app and backend (bench/lib/gateway-backend.sh), restarted in alternation with
# Paas:Telemetry:RequestLatency on (the default: the per-request latency histogram on /metrics)
# and off, and wrk against the gateway after each start. The per-app counters (requests, status
# classes, latency buckets for the dashboard) are on in both: the sleeping apps and the dashboard
# need them. Prints req/s (median, min–max), p50/p99 and the node's CPU per request for both, and
# the on/off ratios.
#
#   bench/metrics-cost.sh [rounds] [seconds]      (as root; Docker running; wrk, nginx-light, busybox-static)
set -euo pipefail
rounds=${1:-3}
seconds=${2:-8}
threads=2
connections=64
source "$(dirname "$0")/lib/node.sh"
command -v wrk >/dev/null && command -v nginx >/dev/null || { echo "needs wrk and nginx-light (apt-get install -y wrk nginx-light)" >&2; exit 1; }
source "$(dirname "$0")/lib/gateway-backend.sh"
source "$(dirname "$0")/lib/wrk.sh"
trap backend_cleanup EXIT
deploy_backend

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
measure() { # row → appends "rps p50ms p99ms cpu-µs-per-request errors" to $work/row-<row>
  local before out rps p50 p99 errors requests cpu_us
  # Warm-up: the JIT and connection pools, not counted.
  wrk -t$threads -c$connections -d2s -H "Host: $host" "http://127.0.0.1:$gw/" >/dev/null
  before=$(cpu_ticks "$node_pid")
  out=$(wrk -t$threads -c$connections -d"${seconds}s" --latency -H "Host: $host" "http://127.0.0.1:$gw/")
  read -r rps p50 p99 errors requests <<< "$(wrk_figures "$out")"
  cpu_us=$(awk -v t=$(( $(cpu_ticks "$node_pid") - before )) -v hz="$(getconf CLK_TCK)" -v n="$requests" 'BEGIN {printf "%.1f", t / hz * 1e6 / n}')
  echo "$rps $p50 $p99 $cpu_us $errors" >> "$work/row-$1"
}

: > "$work/row-on"; : > "$work/row-off"
for i in $(seq 1 "$rounds"); do
  for state in on off; do
    stop_node
    flag=true; [ "$state" = off ] && flag=false
    BENCH_NODE_ARGS="--Paas:Telemetry:RequestLatency=$flag" start_node
    until [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Host: $host" "http://127.0.0.1:$gw/")" = 200 ]; do sleep 0.2; done
    measure "$state"
  done
done

stat() { # row column → median min max
  cut -d' ' -f"$2" < "$work/row-$1" | sort -n | awk '{a[NR]=$1} END {printf "%s %s %s", (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2, a[1], a[NR]}'
}
printf '\n%-14s %10s %22s %9s %9s %14s %7s\n' latency "req/s" "(min–max)" "p50 ms" "p99 ms" "node CPU/req" errors
for r in on off; do
  read -r med lo hi <<< "$(stat "$r" 1)"
  read -r p50 _ _ <<< "$(stat "$r" 2)"; read -r p99 _ _ <<< "$(stat "$r" 3)"; read -r cpu _ _ <<< "$(stat "$r" 4)"
  errors=$(awk '{n += $5} END {print n + 0}' "$work/row-$r")
  printf '%-14s %10.0f %22s %9s %9s %11s µs %7s\n' "$r" "$med" "($(printf '%.0f' "$lo")–$(printf '%.0f' "$hi"))" "$p50" "$p99" "$cpu" "$errors"
  eval "rps_$r=$med cpu_$r=$cpu"
done
awk -v on="$rps_on" -v off="$rps_off" -v con="$cpu_on" -v coff="$cpu_off" 'BEGIN {
  printf "\nreq/s on/off: %.3f (cost %.1f %%)   CPU per request on/off: %.3f\n", on / off, (1 - on / off) * 100, con / coff }'
