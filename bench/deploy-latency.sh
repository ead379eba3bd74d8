#!/usr/bin/env bash
# Push-to-serving latency of the platform against the floor: the same `docker build` +
# `docker run` + first answer, done directly. Both are measured in the same run, alternating,
# so the machine's noise hits both alike. Prints every run, the medians and their ratio.
#
#   bench/deploy-latency.sh [runs]        (as root; Docker running; busybox-static installed)
set -euo pipefail
runs=${1:-7}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/paas-bench.XXXXXX)
node_pid=""
cleanup() {
  [ -n "$node_pid" ] && kill "$node_pid" 2>/dev/null && wait "$node_pid" 2>/dev/null || true
  docker ps -aq --filter "label=paas.node=bench-node" | xargs -r docker rm -f >/dev/null
  docker ps -aq --filter "label=bench=floor" | xargs -r docker rm -f >/dev/null
  docker images -q 'paas/bench*' | sort -u | xargs -r docker rmi -f >/dev/null 2>&1 || true
  docker images -q 'bench-floor' | sort -u | xargs -r docker rmi -f >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

bash "$root/tests/fixtures/make-base-image.sh" paas-test/busybox:latest
dotnet build -c Release "$root/silo/OrleansPaas.Silo" -v q -nologo >/dev/null

gw=$(free_port); ctl=$(free_port); silo=$(free_port); sgw=$(free_port)
(cd "$root/silo/OrleansPaas.Silo/bin/Release/net10.0" && exec dotnet OrleansPaas.Silo.dll \
  --Paas:DataDir="$work/data" --Paas:Domain=bench.test --Paas:NodeName=bench-node \
  --Paas:GatewayUrls="http://127.0.0.1:$gw" --Paas:ControlUrls="http://127.0.0.1:$ctl" \
  --Paas:Cluster:SiloPort="$silo" --Paas:Cluster:GatewayPort="$sgw" >"$work/node.log" 2>&1) &
node_pid=$!
for _ in $(seq 1 120); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$ctl/x.git/info/refs?service=git-receive-pack")" = 401 ] && break
  sleep 0.5
done
token=$(cat "$work/data/admin-token")

make_app() { # dir content
  mkdir -p "$1/www"
  printf 'FROM paas-test/busybox:latest\nCOPY www /www\nCMD ["sh", "-c", "exec httpd -f -p $PORT -h /www"]\n' > "$1/Dockerfile"
  echo "$2" > "$1/www/index.html"
}
wait_for() { # url host expected
  until [ "$(curl -s -H "Host: $2" "$1" 2>/dev/null)" = "$3" ]; do :; done
}

export GIT_TERMINAL_PROMPT=0 GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=b@bench.test GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=b@bench.test
app="$work/app"; make_app "$app" "warm-up"
git -C "$app" init -q -b main && git -C "$app" add -A && git -C "$app" commit -qm warm
git -C "$app" push -q "http://bench:$token@127.0.0.1:$ctl/bench.git" main 2>/dev/null   # first push creates the app
floor="$work/floor"

printf '%-4s %12s %12s\n' run platform_ms floor_ms
: > "$work/platform"; : > "$work/floor-times"
for i in $(seq 1 "$runs"); do
  # Platform: commit, push, poll the gateway until the new content answers.
  echo "platform run $i" > "$app/www/index.html"
  git -C "$app" commit -qam "run $i"
  t0=$(now_ms)
  git -C "$app" push -q "http://bench:$token@127.0.0.1:$ctl/bench.git" main 2>/dev/null
  wait_for "http://127.0.0.1:$gw/" bench.bench.test "platform run $i"
  p=$(( $(now_ms) - t0 ))

  # Floor: the same build and run by hand, polling the container's port directly.
  rm -rf "$floor"; make_app "$floor" "floor run $i"
  port=$(free_port)
  t0=$(now_ms)
  docker build -q -t "bench-floor:$i" "$floor" >/dev/null 2>&1  # the newer CLI warns that the legacy builder is deprecated
  docker run -d --init --label bench=floor -e PORT=5000 -p "127.0.0.1:$port:5000" "bench-floor:$i" >/dev/null
  wait_for "http://127.0.0.1:$port/" localhost "floor run $i"
  f=$(( $(now_ms) - t0 ))
  docker ps -aq --filter label=bench=floor | xargs -r docker rm -f >/dev/null

  printf '%-4s %12s %12s\n' "$i" "$p" "$f"
  echo "$p" >> "$work/platform"; echo "$f" >> "$work/floor-times"
done

pm=$(median < "$work/platform"); fm=$(median < "$work/floor-times")
printf '%-4s %12s %12s\n' median "$pm" "$fm"
awk -v p="$pm" -v f="$fm" 'BEGIN { printf "ratio platform/floor (medians): %.2f\n", p / f }'
