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
source "$(dirname "$0")/lib/node.sh"

api() { curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$@"; }
served() { curl -s -H 'Host: bench.bench.test' "http://127.0.0.1:$gw/"; }

# A build with real work in it (a 30 MB layer), so "not a build" means something.
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
