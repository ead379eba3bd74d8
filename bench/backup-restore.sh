#!/usr/bin/env bash
# Backup and restore of a whole platform, measured on one node with N apps (default 10), each a
# Dockerfile app with a 1 MB layer of its own, a config var and a domain:
#   backup        `orleanspaas backup FILE` (the node running), without and with --with-images: time, size
#   restore       the node's data, containers and images gone (a dead droplet); a fresh node started once
#                 and stopped (an install), then `orleanspaas restore FILE` (time), then the node's start
#                 until every app answers through the gateway with its domain and config var (time)
#   - from the archive with images (docker load), and
#   - from the archive without images (every app rebuilt from its commit).
#
#   bench/backup-restore.sh [apps]      (as root; Docker running; busybox-static installed)
set -euo pipefail
apps=${1:-10}
source "$(dirname "$0")/lib/node.sh"
silo_bin="$root/silo/OrleansPaas.Silo/bin/Release/net10.0"
settings=(--Paas:DataDir="$work/data" --Paas:Domain=bench.test --Paas:NodeName="$node_name"
  --Paas:GatewayUrls="http://127.0.0.1:$gw" --Paas:GatewayHttpsUrls="https://127.0.0.1:$gws" --Paas:ControlUrls="http://127.0.0.1:$ctl"
  --Paas:Cluster:SiloPort="$silo" --Paas:Cluster:InternalPort="$(free_port)")
verb() { (cd "$silo_bin" && dotnet OrleansPaas.Silo.dll "$@" "${settings[@]}"); }
api() { curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$@"; }
serves() { # app: its domain answers with its page, and its config var reaches it
  [ "$(curl -s -H "Host: www.bench$1.test" "http://127.0.0.1:$gw/")" = "app $1" ] \
    && curl -s -H "Host: www.bench$1.test" "http://127.0.0.1:$gw/cgi-bin/env" | grep -q "^BENCH_VAR=value $1$"
}
all_serve() { for i in $(seq 1 "$apps"); do serves "$i" || return 1; done; }
wait_all_serve() { # at most 10 minutes
  local deadline=$(( $(now_ms) + 600000 ))
  until all_serve; do [ "$(now_ms)" -lt "$deadline" ] || { echo "not every app served within 10 minutes" >&2; exit 1; }; sleep 0.2; done
}

echo "==> $apps apps"
for i in $(seq 1 "$apps"); do
  src="$work/src$i"; mkdir -p "$src/www/cgi-bin"
  printf 'FROM paas-test/busybox:latest\nCOPY www /www\nRUN dd if=/dev/urandom of=/blob bs=1M count=1 2>/dev/null\nCMD ["sh", "-c", "exec httpd -f -p $PORT -h /www"]\n' > "$src/Dockerfile"
  echo "app $i" > "$src/www/index.html"
  printf '#!/bin/sh\necho Content-Type: text/plain\necho\nenv\n' > "$src/www/cgi-bin/env"; chmod 755 "$src/www/cgi-bin/env"
  git -C "$src" init -q -b main && git -C "$src" add -A && git -C "$src" commit -qm "app $i"
  git -C "$src" push -q "http://bench:$token@127.0.0.1:$ctl/bench$i.git" main 2>/dev/null
  api -X PATCH -d "{\"set\":{\"BENCH_VAR\":\"value $i\"}}" "http://127.0.0.1:$ctl/api/apps/bench$i/config" >/dev/null
  api -X POST -d "{\"domain\":\"www.bench$i.test\"}" "http://127.0.0.1:$ctl/api/apps/bench$i/domains" >/dev/null
done
wait_all_serve
old_token=$token

t0=$(now_ms); verb backup "$work/plain.tar.gz" >/dev/null; backup_plain=$(( $(now_ms) - t0 ))
t0=$(now_ms); verb backup "$work/images.tar.gz" --with-images >/dev/null; backup_images=$(( $(now_ms) - t0 ))

# restore ARCHIVE: a dead droplet, a fresh install, the restore, the node's start until all apps serve.
restore() {
  stop_node
  docker ps -aq --filter "label=paas.node=$node_name" | xargs -r docker rm -f >/dev/null
  docker images -q 'paas/bench*' | sort -u | xargs -r docker rmi -f >/dev/null 2>&1 || true
  rm -rf "$work/data"
  start_node; stop_node
  t0=$(now_ms); verb restore "$1" >/dev/null; restore_ms=$(( $(now_ms) - t0 ))
  t0=$(now_ms); start_node
  wait_all_serve
  serve_ms=$(( $(now_ms) - t0 ))
  [ "$token" = "$old_token" ] || { echo "the restored node has another token" >&2; exit 1; }
}

restore "$work/images.tar.gz"; images_restore=$restore_ms; images_serve=$serve_ms
restore "$work/plain.tar.gz"; plain_restore=$restore_ms; plain_serve=$serve_ms

kib() { echo $(( $(stat -c %s "$1") / 1024 )); }
printf '%-16s %10s %12s %14s %20s\n' archive size_KiB backup_ms restore_ms start_to_all_serve_ms
printf '%-16s %10s %12s %14s %20s\n' with-images "$(kib "$work/images.tar.gz")" "$backup_images" "$images_restore" "$images_serve"
printf '%-16s %10s %12s %14s %20s\n' without-images "$(kib "$work/plain.tar.gz")" "$backup_plain" "$plain_restore" "$plain_serve"
