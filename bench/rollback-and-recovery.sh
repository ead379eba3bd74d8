#!/usr/bin/env bash
# Release-ledger and supervision figures, measured side by side in one run on one node:
#   build+deploy  git push of a changed commit until the new version answers through the gateway
#   restart       POST ps/restart until it returns (new instances serving)
#   rollback      POST releases/rollback until it returns (old image serving, no build)
#   recovery      docker kill of web.1 (the only instance) until a replacement answers through the gateway
# Prints every run, then the medians and the rollback/build ratio.
#
#   bench/rollback-and-recovery.sh [runs]      (as root; Docker running; busybox-static installed)
set -euo pipefail
runs=${1:-5}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/paas-bench.XXXXXX)
node_pid=""
cleanup() {
  [ -n "$node_pid" ] && kill "$node_pid" 2>/dev/null && wait "$node_pid" 2>/dev/null || true
  docker ps -aq --filter "label=paas.node=bench-node" | xargs -r docker rm -f >/dev/null
  docker images -q 'paas/bench*' | sort -u | xargs -r docker rmi -f >/dev/null 2>&1 || true
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
api() { curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$@"; }
served() { curl -s -H 'Host: bench.bench.test' "http://127.0.0.1:$gw/"; }

# A build with real work in it (a 30 MB layer), so "not a build" means something.
export GIT_TERMINAL_PROMPT=0 GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=b@bench.test GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=b@bench.test
app="$work/app"; mkdir -p "$app/www"
cat > "$app/Dockerfile" <<'DOCKERFILE'
FROM paas-test/busybox:latest
COPY www /www
RUN dd if=/dev/urandom of=/blob bs=1M count=30 2>/dev/null && md5sum /blob > /www/blob.md5
CMD ["sh", "-c", "exec httpd -f -p $PORT -h /www"]
DOCKERFILE
echo "v0" > "$app/www/index.html"
git -C "$app" init -q -b main && git -C "$app" add -A && git -C "$app" commit -qm v0
remote="http://bench:$token@127.0.0.1:$ctl/bench.git"
git -C "$app" push -q "$remote" main 2>/dev/null

printf '%-4s %14s %10s %10s %10s\n' run build_deploy restart rollback recovery
for f in build restart rollback recovery; do : > "$work/$f"; done
for i in $(seq 1 "$runs"); do
  before=$(served)   # what the release before this push serves: the rollback brings it back
  echo "v$i" > "$app/www/index.html"; git -C "$app" commit -qam "v$i"
  t0=$(now_ms); git -C "$app" push -q "$remote" main 2>/dev/null
  until [ "$(served)" = "v$i" ]; do :; done; b=$(( $(now_ms) - t0 ))

  t0=$(now_ms); api -X POST "http://127.0.0.1:$ctl/api/apps/bench/ps/restart" >/dev/null; r=$(( $(now_ms) - t0 ))

  t0=$(now_ms); api -X POST -d '{}' "http://127.0.0.1:$ctl/api/apps/bench/releases/rollback" >/dev/null
  [ "$(served)" = "$before" ] || { echo "rollback did not serve $before" >&2; exit 1; }
  rb=$(( $(now_ms) - t0 ))

  expected=$(served)
  victim=$(docker ps -q --filter label=paas.app=bench --filter label=paas.index=1 --filter label=paas.process=web | head -1)
  t0=$(now_ms); docker kill "$victim" >/dev/null
  # Until a new web.1 runs and the gateway answers from it again.
  until replacement=$(docker ps -q --filter label=paas.app=bench --filter label=paas.index=1 --filter label=paas.process=web | head -1) \
        && [ -n "$replacement" ] && [ "$replacement" != "${victim:0:12}" ] && [ "$(served)" = "$expected" ]; do :; done
  rc=$(( $(now_ms) - t0 ))

  printf '%-4s %14s %10s %10s %10s\n' "$i" "$b" "$r" "$rb" "$rc"
  echo "$b" >> "$work/build"; echo "$r" >> "$work/restart"; echo "$rb" >> "$work/rollback"; echo "$rc" >> "$work/recovery"
done
bm=$(median < "$work/build"); rm_=$(median < "$work/restart"); rbm=$(median < "$work/rollback"); rcm=$(median < "$work/recovery")
printf '%-4s %14s %10s %10s %10s\n' median "$bm" "$rm_" "$rbm" "$rcm"
awk -v rb="$rbm" -v b="$bm" -v r="$rm_" 'BEGIN { printf "rollback/build+deploy: %.2f   rollback/restart: %.2f\n", rb / b, rb / r }'
