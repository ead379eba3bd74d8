#!/usr/bin/env bash
# Sleeping apps: (1) wake time — the first request to a sleeping app through the gateway until its
# answer — against the floor, `docker start` of a stopped container of the same image until it
# answers on its port, alternating in the same run; p50 and worst of each and the ratio of medians.
# (2) memory of the node with N apps awake against the same apps asleep (host memory in use,
# the containers' own memory, and the containerd shims that run beside them).
#
#   bench/sleep.sh [wake-runs] [apps]        (as root; Docker running; busybox-static installed)
set -euo pipefail
runs=${1:-7}
apps=${2:-20}
source "$(dirname "$0")/lib/node.sh"

api() { curl -s -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$@"; }
state() { api "http://127.0.0.1:$ctl/api/apps/$1/ps" | python3 -c 'import json,sys; print(json.load(sys.stdin)["sleep"]["state"])'; }
running() { docker ps -q --filter "label=paas.app=$1" --filter label=paas.index | wc -l; }
wait_asleep() { # app
  for _ in $(seq 1 600); do
    [ "$(state "$1")" = sleeping ] && [ "$(running "$1")" = 0 ] && return 0
    sleep 0.1
  done
  echo "$1 did not fall asleep" >&2; exit 1
}
push_app() { # name
  git -C "$src" push -q "http://bench:$token@127.0.0.1:$ctl/$1.git" main 2>/dev/null
}
used_mib() { awk '/MemTotal/ {t=$2} /MemAvailable/ {a=$2} END {printf "%d", (t-a)/1024}' /proc/meminfo; }
containers_mib() { # sum of the running app containers' own memory (cgroup), MiB
  local ids; ids=$(docker ps -q --filter label=paas.node=bench-node --filter label=paas.index)
  [ -z "$ids" ] && { echo 0; return; }
  docker stats --no-stream --format '{{.MemUsage}}' $ids | awk '{v=$1; u=v; gsub(/[0-9.]/,"",u); gsub(/[^0-9.]/,"",v);
    if (u=="GiB") v*=1024; else if (u=="KiB") v/=1024; else if (u=="B") v/=1048576; s+=v} END {printf "%.1f", s}'
}
shims_mib() { { ps -C containerd-shim-runc-v2 -o rss= || true; } | awk '{s+=$1} END {printf "%.1f", s/1024}'; }
pct() { # percentile file p
  sort -n "$1" | awk -v p="$2" '{a[NR]=$1} END {i=int((NR-1)*p+0.5)+1; print a[i]}'
}

src="$work/app"; mkdir -p "$src/www"
printf 'FROM paas-test/busybox:latest\nCOPY www /www\nCMD ["sh", "-c", "exec httpd -f -p $PORT -h /www"]\n' > "$src/Dockerfile"
echo "awake" > "$src/www/index.html"
git -C "$src" init -q -b main && git -C "$src" add -A && git -C "$src" commit -qm app

# --- (1) wake time --------------------------------------------------------------------------
push_app bench-sleeper
api -X PUT -d '{"value":"2s"}' "http://127.0.0.1:$ctl/api/apps/bench-sleeper/ps/settings/sleep-after" >/dev/null
floor_port=$(free_port)
floor=$(docker create --label bench=floor -e PORT=5000 -p "127.0.0.1:$floor_port:5000" paas/bench-sleeper:v1 sh -c 'exec httpd -f -p $PORT -h /www')
: > "$work/wake"; : > "$work/floor"
printf '%-4s %10s %10s\n' run wake_ms floor_ms
for i in $(seq 1 "$runs"); do
  wait_asleep bench-sleeper
  w=$(curl -s -o /dev/null -w '%{time_total}' -H 'Host: bench-sleeper.bench.test' "http://127.0.0.1:$gw/" | awk '{printf "%d", $1*1000}')
  t0=$(now_ms)
  docker start "$floor" >/dev/null
  until [ "$(curl -s "http://127.0.0.1:$floor_port/" 2>/dev/null)" = awake ]; do :; done
  f=$(( $(now_ms) - t0 ))
  docker stop -t 10 "$floor" >/dev/null
  printf '%-4s %10s %10s\n' "$i" "$w" "$f"
  echo "$w" >> "$work/wake"; echo "$f" >> "$work/floor"
done
wm=$(median < "$work/wake"); fm=$(median < "$work/floor")
printf '%-4s %10s %10s\n' p50 "$wm" "$fm"
printf '%-4s %10s %10s\n' worst "$(pct "$work/wake" 1)" "$(pct "$work/floor" 1)"
awk -v w="$wm" -v f="$fm" 'BEGIN { printf "ratio wake/docker-start (medians): %.2f\n", w / f }'
api "http://127.0.0.1:$ctl/api/apps/bench-sleeper/ps" | python3 -c 'import json,sys; w=json.load(sys.stdin)["sleep"]["lastWake"]; print("last wake as ps:report has it: instances up after %.0f ms, first response after %.0f ms, %d held" % (w["startMs"] or 0, w["firstResponseMs"] or 0, w["heldRequests"]))'
docker rm -f "$floor" >/dev/null
api -X DELETE "http://127.0.0.1:$ctl/api/apps/bench-sleeper?confirm=bench-sleeper" >/dev/null

# --- (2) memory: N apps awake vs asleep ------------------------------------------------------
for n in $(seq 1 "$apps"); do push_app "bench-m$n"; done
for n in $(seq 1 "$apps"); do curl -s -o /dev/null -H "Host: bench-m$n.bench.test" "http://127.0.0.1:$gw/"; done
sleep 5   # let the engine settle after the last start before reading memory
awake_used=$(used_mib); awake_containers=$(containers_mib); awake_shims=$(shims_mib)
for n in $(seq 1 "$apps"); do
  api -X PUT -d '{"value":"2s"}' "http://127.0.0.1:$ctl/api/apps/bench-m$n/ps/settings/sleep-after" >/dev/null
done
for n in $(seq 1 "$apps"); do wait_asleep "bench-m$n"; done
sleep 5
asleep_used=$(used_mib); asleep_containers=$(containers_mib); asleep_shims=$(shims_mib)
printf '\n%-28s %10s %10s %10s\n' "$apps apps" awake asleep saved
printf '%-28s %10s %10s %10s\n' "host memory in use (MiB)" "$awake_used" "$asleep_used" "$((awake_used - asleep_used))"
awk -v a="$awake_containers" -v s="$asleep_containers" 'BEGIN { printf "%-28s %10.1f %10.1f %10.1f\n", "app containers (MiB)", a, s, a - s }'
awk -v a="$awake_shims" -v s="$asleep_shims" 'BEGIN { printf "%-28s %10.1f %10.1f %10.1f\n", "containerd shims RSS (MiB)", a, s, a - s }'
echo "node process RSS (MiB): $(ps -o rss= -p "$node_pid" | awk '{printf "%.0f", $1/1024}')"
