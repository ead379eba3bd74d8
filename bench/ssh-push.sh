#!/usr/bin/env bash
# SSH push time against HTTP push time for the same app on one node (Paas:Ssh:Listen): each run
# commits a change and pushes it, once over smart HTTP and once over SSH (alternating, so the
# machine's noise hits both alike), timing `git push` until it returns (the deploy has switched).
# Prints every run and the medians.
#
#   bench/ssh-push.sh [runs]        (as root; Docker running; openssh-server installed)
set -euo pipefail
runs=${1:-5}
ssh_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
BENCH_NODE_ARGS="--Paas:Ssh:Listen=127.0.0.1:$ssh_port"
source "$(dirname "$0")/lib/node.sh"

ssh-keygen -q -t ed25519 -N "" -f "$work/key"
curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d "{\"name\":\"bench\",\"key\":\"$(cat "$work/key.pub")\"}" "http://127.0.0.1:$ctl/api/ssh-keys" >/dev/null
export GIT_SSH_COMMAND="ssh -p $ssh_port -i $work/key -o IdentitiesOnly=yes -o IdentityAgent=none -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR"

app="$work/app"; mkdir -p "$app/www"
printf 'FROM paas-test/busybox:latest\nCOPY www /www\nCMD ["sh", "-c", "exec httpd -f -p $PORT -h /www"]\n' > "$app/Dockerfile"
echo warm-up > "$app/www/index.html"
git -C "$app" init -q -b main && git -C "$app" add -A && git -C "$app" commit -qm warm
http_remote="http://bench:$token@127.0.0.1:$ctl/bench-http.git"
ssh_remote="paas@127.0.0.1:bench-ssh.git"
# First pushes create the apps (and warm both paths up).
git -C "$app" push -q "$http_remote" main 2>/dev/null
git -C "$app" push -q "$ssh_remote" main 2>/dev/null

printf '%-4s %10s %10s\n' run http_ms ssh_ms
: > "$work/http"; : > "$work/ssh"
for i in $(seq 1 "$runs"); do
  echo "run $i" > "$app/www/index.html"
  git -C "$app" commit -qam "run $i"
  t0=$(now_ms); git -C "$app" push -q "$http_remote" main 2>/dev/null; h=$(( $(now_ms) - t0 ))
  t0=$(now_ms); git -C "$app" push -q "$ssh_remote" main 2>/dev/null; s=$(( $(now_ms) - t0 ))
  echo "$h" >> "$work/http"; echo "$s" >> "$work/ssh"
  printf '%-4s %10s %10s\n' "$i" "$h" "$s"
done
printf 'median http %s ms, ssh %s ms\n' "$(median < "$work/http")" "$(median < "$work/ssh")"
