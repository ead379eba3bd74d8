#!/usr/bin/env bash
# Faults a cluster exists to survive, injected one after another into three nodes that each have
# their own Docker engine (as on three machines: own dockerd, data root, socket, bridge, address
# pool) on a private PostgreSQL, under steady request loops through two gateways. Prints a table:
#   fault | requests (failed) during it | time until every app answered again through every
#   surviving gateway | commits, config changes and releases lost (must be 0)
# The faults: a node killed with its machine (containers, engine, node: kill -9); a node stopped
# (SIGSTOP) for 60 s; a node's network link cut for 60 s (the node runs on, alone); the database stopped (pg_ctl stop) for 30 s with a config change attempted
# meanwhile; two pushes racing through two nodes; the loss of a node holding a copy of the image
# of an app's only instance.
#
# For the machines that die, the table also says when the cluster declared them dead.
#
#   bench/chaos.sh        (as root; Docker, postgresql, busybox-static, openssl, iproute2, iptables installed)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/paas-chaos.XXXXXX)
chown postgres "$work"
pids=(); engines=(); pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
declare -A gw ctl silo internal https pid engine_pid engine_no
# Each node's process runs in a cgroup of its own (cgroup v2), so that its network link can be cut:
# iptables drops what its sockets send, and what comes in to its ports.
cgroups=$(awk '$3 == "cgroup2" {print $2; exit}' /proc/mounts)
[ -n "$cgroups" ] || { echo "chaos.sh needs a cgroup v2 mount (a node's network is cut by its cgroup)" >&2; exit 1; }
command -v iptables >/dev/null || { echo "chaos.sh needs iptables" >&2; exit 1; }
# Loopback only: peers, the database and clients are there; the node still reaches its own containers.
# Not cut: its containers' published ports (docker-proxy is the engine's), as tests/.../NetworkCut.cs says.
cut_rules() { # -I|-D machine
  iptables -w 10 "$1" OUTPUT -o lo -m cgroup --path "paas-chaos-$2" -j DROP
  iptables -w 10 "$1" INPUT -p tcp -m multiport --dports "${gw[$2]},${ctl[$2]},${silo[$2]},${internal[$2]},${https[$2]}" -j DROP
}
cleanup() {
  for m in chaos-a chaos-b chaos-c; do
    [ -n "${gw[$m]:-}" ] && cut_rules -D "$m" 2>/dev/null || true
  done
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  for n in "${engines[@]}"; do
    local s="$work/e$n/docker.sock"
    docker -H "unix://$s" ps -aq 2>/dev/null | xargs -r docker -H "unix://$s" rm -f >/dev/null 2>&1 || true
    [ -f "$work/e$n/docker.pid" ] && kill "$(cat "$work/e$n/docker.pid")" 2>/dev/null || true
  done
  for n in "${engines[@]}"; do
    for _ in $(seq 1 100); do [ -S "$work/e$n/docker.sock" ] || break; sleep 0.1; done
    ip link del "paasbr$n" 2>/dev/null || true
  done
  runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true
  awk -v w="$work/" 'index($2, w) == 1 {print $2}' /proc/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  # The nodes' logs outlive the run: a row that says "never" is read in them.
  mkdir -p "$work.logs" && cp "$work"/*.log "$work/requests" "$work.logs/" 2>/dev/null && echo "logs kept in $work.logs" >&2
  rm -rf "$work"
  for m in chaos-a chaos-b chaos-c; do rmdir "$cgroups/paas-chaos-$m" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM
trap 'echo "chaos.sh: stopped at line $LINENO: $BASH_COMMAND" >&2' ERR
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

bash "$root/tests/fixtures/make-base-image.sh" paas-test/busybox:latest
dotnet build -c Release "$root/silo/OrleansPaas.Silo" -v q -nologo >/dev/null

# One engine per machine. Numbers 90-99: the tests' engines use 10-89.
start_engine() { # machine
  local name=$1 n dir
  for n in $(seq 90 99); do ip link add "paasbr$n" type bridge 2>/dev/null && break; done
  engine_no[$name]=$n; engines+=("$n"); dir="$work/e$n"; mkdir -p "$dir"
  ip addr add "10.$n.0.1/24" dev "paasbr$n"; ip link set "paasbr$n" up
  launch_engine "$name"
}
launch_engine() { # machine: start its dockerd on an empty root, given the base image
  local n=${engine_no[$1]} dir="$work/e${engine_no[$1]}"
  # A machine that comes back is a new one: a dockerd started again on a used data root (with
  # --bridge) deletes the host's docker0, which the main engine's default network needs.
  awk -v d="$dir/" 'index($2, d) == 1 {print $2}' /proc/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  rm -rf "$dir/data" "$dir/x"
  dockerd --data-root "$dir/data" --exec-root "$dir/x" -H "unix://$dir/docker.sock" --pidfile "$dir/docker.pid" \
    --bridge "paasbr$n" --iptables=false --ip6tables=false --default-address-pool "base=10.$((n + 100)).0.0/16,size=24" \
    >>"$dir/dockerd.log" 2>&1 &
  engine_pid[$1]=$!; pids+=("$!"); disown
  for _ in $(seq 1 600); do docker -H "unix://$dir/docker.sock" info >/dev/null 2>&1 && break; sleep 0.1; done
  docker -H "unix://$dir/docker.sock" info >/dev/null 2>&1 || { echo "engine of $1 did not start; see $dir/dockerd.log" >&2; exit 1; }
  docker save paas-test/busybox:latest | docker -H "unix://$dir/docker.sock" load >/dev/null
}
engine() { local m=$1; shift; docker -H "unix://$work/e${engine_no[$m]}/docker.sock" "$@"; }

pg_port=$(free_port)
runuser -u postgres -- "$pg_bin/initdb" -D "$work/pg" -A trust -U postgres >/dev/null
pg_start() { runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/pg" -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $work" -l "$work/pg.log" -w start >/dev/null; }
pg_start
runuser -u postgres -- "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" paas
cs="Host=127.0.0.1;Port=$pg_port;Database=paas;Username=postgres"
bash "$root/deploy/cluster/make-cluster-cert.sh" "$work/cluster.pfx" >/dev/null
token="chaos-cluster-token-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"

start_node() { # machine (its ports are kept across restarts)
  local name=$1
  gw[$name]=${gw[$name]:-$(free_port)}; ctl[$name]=${ctl[$name]:-$(free_port)}; silo[$name]=${silo[$name]:-$(free_port)}
  internal[$name]=${internal[$name]:-$(free_port)}; https[$name]=${https[$name]:-$(free_port)}
  local args=(--Paas:DataDir="$work/$name" --Paas:Domain=chaos.test --Paas:NodeName="$name" --Paas:AdminToken="$token"
    --Paas:GatewayUrls="http://127.0.0.1:${gw[$name]}" --Paas:GatewayHttpsUrls="https://127.0.0.1:${https[$name]}" --Paas:ControlUrls="http://127.0.0.1:${ctl[$name]}"
    --Paas:Cluster:SiloPort="${silo[$name]}" --Paas:Cluster:InternalPort="${internal[$name]}" --Paas:DockerEndpoint="unix://$work/e${engine_no[$name]}/docker.sock"
    --Paas:Cluster:PostgresConnectionString="$cs" --Paas:Cluster:CertificatePath="$work/cluster.pfx" --Paas:NodeAddress=127.0.0.1)
  mkdir -p "$cgroups/paas-chaos-$name"
  # Joins its cgroup before the node opens any socket (a socket keeps the cgroup it was opened in).
  (echo "$BASHPID" > "$cgroups/paas-chaos-$name/cgroup.procs" && cd "$root/silo/OrleansPaas.Silo/bin/Release/net10.0" && exec dotnet OrleansPaas.Silo.dll "${args[@]}" >>"$work/$name.log" 2>&1) &
  pid[$name]=$!; pids+=("${pid[$name]}"); disown
  for _ in $(seq 1 240); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${ctl[$name]}/x.git/info/refs?service=git-receive-pack")" = 401 ] && return
    sleep 0.5
  done
  echo "node $name did not start; see $work/$name.log" >&2; exit 1
}
api() { local node=$1; shift; curl -s -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "${@/#\//http://127.0.0.1:${ctl[$node]}/}"; }
served() { [ "$(curl -s -o /dev/null -m 2 -w '%{http_code}' -H "Host: $2.chaos.test" "http://127.0.0.1:${gw[$1]}/")" = 200 ]; }

nodes=(chaos-a chaos-b chaos-c)
for m in "${nodes[@]}"; do start_engine "$m"; done
for m in "${nodes[@]}"; do start_node "$m"; done

# The apps: the page says the MSG config var, so a config change shows in what is served.
apps=(ch-two ch-one ch-race)
src="$work/src"; mkdir -p "$src"
printf 'FROM paas-test/busybox:latest\nCMD ["sh", "-c", "mkdir -p /www && echo \\"$MSG\\" > /www/index.html && exec httpd -f -p $PORT -h /www"]\n' > "$src/Dockerfile"
git -C "$src" init -q -b main && git -C "$src" add -A && git -C "$src" -c user.name=c -c user.email=c@c commit -qm v0
# What the platform accepted, to compare with what it reports at the end: commits per app, config keys per app.
declare -A commit_of; config_set=()
for a in "${apps[@]}"; do
  git -C "$src" push -q "http://chaos:$token@127.0.0.1:${ctl[chaos-a]}/$a.git" main 2>/dev/null
  commit_of[$a]=$(git -C "$src" rev-parse HEAD)
done
api chaos-a -X PUT -d '{"web":2}' /api/apps/ch-two/formation >/dev/null
for a in "${apps[@]}"; do
  for m in "${nodes[@]}"; do until served "$m" "$a"; do sleep 0.2; done; done
done

# Request loops through the gateways of a and b (c is the one faults hit most): one line per
# request: epoch ms, gateway, app, status (000 = no answer within 5 s).
loop() { # machine app
  while :; do
    printf '%s %s %s %s\n' "$(now_ms)" "$1" "$2" "$(curl -s -o /dev/null -m 5 -w '%{http_code}' -H "Host: $2.chaos.test" "http://127.0.0.1:${gw[$1]}/")"
  done >> "$work/requests"
}
for m in chaos-a chaos-b; do for a in ch-two ch-one; do loop "$m" "$a" & pids+=($!); done; done

rows=()
# After a fault: every app answers through every given gateway; the time since the fault began.
recovered_after() { # t0 machines...
  local t0=$1; shift
  for a in "${apps[@]}"; do for m in "$@"; do
    local deadline=$(( $(now_ms) + 180000 ))
    until served "$m" "$a"; do [ "$(now_ms)" -gt "$deadline" ] && { echo "never ($a via $m)"; return; }; sleep 0.1; done
  done; done
  echo "$(( $(now_ms) - t0 ))"
}
requests_between() { # t0 t1 [gateway left out: the dead one] → "N (F failed)"
  awk -v a="$1" -v b="$2" -v x="${3:-}" '$1 >= a && $1 <= b && $2 != x {n++; if ($4 != "200") f++} END {printf "%d (%d failed)", n, f}' "$work/requests"
}
record() { rows+=("$(printf '%-52s %-20s %12s %14s' "$1" "$(requests_between "$2" "$(now_ms)" "${4:-}")" "$3" "${5:--}")"); } # what t0 result [dead gateway] [declared dead]
# When the cluster declares a machine dead, measured from t0 in the background; declared_dead reads it.
watch_death() { # machine t0 (gives up after 3 min, as declared_dead does)
  ( for _ in $(seq 1 900); do
      if [ "$("$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -d paas -tAc \
        "SELECT Status FROM paas_membership WHERE SiloName = '$1' ORDER BY Generation DESC LIMIT 1" 2>/dev/null)" = 6 ]; then
        echo "$(( $(now_ms) - $2 )) ms" > "$work/death-$1-$2"; exit 0
      fi
      sleep 0.2
    done ) &
  pids+=($!)
}
declared_dead() { # machine t0
  for _ in $(seq 1 900); do [ -s "$work/death-$1-$2" ] && { cat "$work/death-$1-$2"; return; }; sleep 0.2; done
  echo never
}

# 1. A machine dies: its containers, its engine, its node, all at once; then it comes back.
kill_machine() { # machine
  engine "$1" ps -q | xargs -r docker -H "unix://$work/e${engine_no[$1]}/docker.sock" kill >/dev/null 2>&1 || true
  kill -9 "${engine_pid[$1]}" "${pid[$1]}"
}
others() { for m in "${nodes[@]}"; do [ "$m" != "$1" ] && echo "$m"; done; }
t0=$(now_ms)
kill_machine chaos-c; watch_death chaos-c "$t0"
recovery=$(recovered_after "$t0" chaos-a chaos-b)
record "machine chaos-c killed (node, engine, containers)" "$t0" "$recovery ms" "" "$(declared_dead chaos-c "$t0")"
launch_engine chaos-c; start_node chaos-c

# 2. The machine running ch-one's only instance dies (its image was built there: before the
# image was kept on two machines, this lost the app). Requests through its own gateway are left out.
holder=$(for m in "${nodes[@]}"; do if engine "$m" ps -q --filter label=paas.app=ch-one --filter label=paas.process=web | grep -q .; then echo "$m"; fi; done | head -1)
t0=$(now_ms)
kill_machine "$holder"; watch_death "$holder" "$t0"
# shellcheck disable=SC2046
recovery=$(recovered_after "$t0" $(others "$holder"))
record "machine $holder with ch-one's only instance killed" "$t0" "$recovery ms" "$holder" "$(declared_dead "$holder" "$t0")"
launch_engine "$holder"; start_node "$holder"

# 3. A node stopped for 60 s (SIGSTOP: to the others it is gone; its containers keep running).
t0=$(now_ms)
kill -STOP "${pid[chaos-c]}"; watch_death chaos-c "$t0"
stopped_recovery=$(recovered_after "$t0" chaos-a chaos-b)
while [ $(( $(now_ms) - t0 )) -lt 60000 ]; do sleep 0.5; done
kill -CONT "${pid[chaos-c]}"
record "node chaos-c stopped 60 s (SIGSTOP)" "$t0" "$stopped_recovery ms" "" "$(declared_dead chaos-c "$t0")"
# Orleans ends a node declared dead when it wakes; start it again if it did.
restart_if_ended() { # machine (up to 60 s, as NetworkPartitionTests allows)
  for _ in $(seq 1 200); do kill -0 "${pid[$1]}" 2>/dev/null || break; sleep 0.3; done
  kill -0 "${pid[$1]}" 2>/dev/null || start_node "$1"
}
restart_if_ended chaos-c

# 3b. A node's network link cut for 60 s: awake and alone, it fences its own workers; the others
# declare it dead and serve without it. Once the link is back it learns it was declared dead and ends.
t0=$(now_ms)
cut_rules -I chaos-c; watch_death chaos-c "$t0"
cut_recovery=$(recovered_after "$t0" chaos-a chaos-b)
while [ $(( $(now_ms) - t0 )) -lt 60000 ]; do sleep 0.5; done
cut_rules -D chaos-c
record "network link of chaos-c cut 60 s" "$t0" "$cut_recovery ms" "" "$(declared_dead chaos-c "$t0")"
restart_if_ended chaos-c

# 4. The database stopped for 30 s, with a config change attempted meanwhile.
t0=$(now_ms)
runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/pg" -m fast -w stop >/dev/null
status=$(api chaos-a -o /dev/null -w '%{http_code}' -m 60 -X PATCH -d '{"set":{"MSG":"during-outage"}}' /api/apps/ch-two/config || true)
[ "$status" = 200 ] && config_set+=("ch-two MSG during-outage")
while [ $(( $(now_ms) - t0 )) -lt 30000 ]; do sleep 0.5; done
pg_start
record "database stopped 30 s (config change: $status)" "$t0" "$(recovered_after "$t0" "${nodes[@]}") ms"

# 5. Two pushes race through two nodes from one parent: exactly one may be accepted.
t0=$(now_ms)
for side in b c; do
  git clone -q "http://chaos:$token@127.0.0.1:${ctl[chaos-a]}/ch-race.git" "$work/race-$side"
  sed -i "s/\\\$MSG/race-$side/" "$work/race-$side/Dockerfile"
  git -C "$work/race-$side" -c user.name=c -c user.email=c@c commit -qam "race $side"
done
git -C "$work/race-b" push -q "http://chaos:$token@127.0.0.1:${ctl[chaos-b]}/ch-race.git" main >/dev/null 2>&1 & rb=$!
git -C "$work/race-c" push -q "http://chaos:$token@127.0.0.1:${ctl[chaos-c]}/ch-race.git" main >/dev/null 2>&1 & rc=$!
accepted=0; wait "$rb" && { accepted=$((accepted + 1)); commit_of[ch-race]=$(git -C "$work/race-b" rev-parse HEAD); }
wait "$rc" && { accepted=$((accepted + 1)); commit_of[ch-race]=$(git -C "$work/race-c" rev-parse HEAD); }
record "two pushes racing through b and c ($accepted accepted)" "$t0" "$(recovered_after "$t0" "${nodes[@]}") ms"

# What was lost: an accepted commit that is not the branch head nor any release's; an accepted
# config change that is not in the config; releases that are not in the list any more.
lost_commits=0; lost_config=0
for a in "${apps[@]}"; do
  head=$(git ls-remote "http://chaos:$token@127.0.0.1:${ctl[chaos-b]}/$a.git" refs/heads/main | cut -f1)
  [ "$head" = "${commit_of[$a]}" ] || lost_commits=$((lost_commits + 1))
done
for c in "${config_set[@]}"; do
  read -r a key value <<<"$c"
  [ "$(api chaos-b "/api/apps/$a/config" | python3 -c "import json,sys; print(json.load(sys.stdin)['vars'].get('$key',''))")" = "$value" ] || lost_config=$((lost_config + 1))
done
[ "$accepted" -le 1 ] || lost_commits=$((lost_commits + accepted - 1))

printf '\n%-52s %-20s %12s %14s\n' "fault" "requests (failed)" "all answer" "declared dead"
for r in "${rows[@]}"; do echo "$r"; done
printf '\nlost: %d commit(s), %d config change(s) (both must be 0); requests in the whole run: %s\n' \
  "$lost_commits" "$lost_config" "$(requests_between 0 "$(now_ms)")"
