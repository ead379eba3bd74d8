#!/usr/bin/env bash
# The gateway against nginx, measured side by side in one run (issue 9's benchmark). One backend
# container serving a fixed 100-byte body (nginx inside the container, so the backend is never
# the bottleneck), reached four ways, each measured several times in alternation with wrk:
#   direct         wrk → the container's own address (bridge network)
#   nginx          wrk → nginx configured as Dokku does (upstream keepalive, proxy headers,
#                  access log off) → the container's address
#   gateway        wrk → the OrleansPaas gateway with the app's real route
#   nginx-1000     nginx with one server block per host (1,000), requests spread over all hosts
#   gateway-1000   the gateway with the app on 1,000 hosts, requests spread over all hosts
# then the gateway under load while the app is redeployed every few seconds (errors must be 0).
# Prints requests/s (median, min–max), p50 and p99 (median of the repeats), the CPU time the proxy
# (nginx's processes, or the whole node) spent per request, the ratios, and the node's resident
# memory idle and after the load.
#
#   bench/gateway.sh [repeats] [seconds]      (as root; Docker running; wrk, nginx-light, busybox-static)
set -euo pipefail
repeats=${1:-3}
seconds=${2:-5}
threads=2
connections=64
source "$(dirname "$0")/lib/node.sh"
command -v wrk >/dev/null && command -v nginx >/dev/null || { echo "needs wrk and nginx-light (apt-get install -y wrk nginx-light)" >&2; exit 1; }

source "$(dirname "$0")/lib/gateway-backend.sh"
source "$(dirname "$0")/lib/wrk.sh"
nginx_pid=""
gateway_cleanup() {
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null || true
  backend_cleanup
}
trap gateway_cleanup EXIT
deploy_backend
idle_rss=$(rss_mib "$node_pid")

# nginx as Dokku writes it: one server block per host, proxying to the container's address.
hosts_file="$work/hosts"; : > "$hosts_file"
for i in $(seq 1 999); do echo "h$i.bench.test" >> "$hosts_file"; done
nginx_conf() { # number of server blocks
  cat <<CONF
worker_processes auto;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work; proxy_temp_path $work; fastcgi_temp_path $work; uwsgi_temp_path $work; scgi_temp_path $work;
  server_names_hash_bucket_size 128; server_names_hash_max_size 4096;
  upstream gw-5000 { server $backend_ip:5000; keepalive 64; }
CONF
  { echo "$host"; head -n $(( $1 - 1 )) "$hosts_file"; } | while read -r name; do
    cat <<CONF
  server {
    listen 127.0.0.1:$nginx_port; server_name $name;
    location / {
      proxy_pass http://gw-5000; proxy_http_version 1.1; proxy_set_header Connection "";
      proxy_set_header Host \$http_host; proxy_set_header X-Forwarded-For \$remote_addr;
      proxy_set_header X-Forwarded-Port \$server_port; proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_set_header X-Request-Start \$msec;
    }
  }
CONF
  done
  echo "}"
}
nginx_port=$(free_port)
start_nginx() { # blocks
  [ -n "$nginx_pid" ] && { kill "$nginx_pid"; wait "$nginx_pid" 2>/dev/null || true; }
  nginx_conf "$1" > "$work/nginx.conf"
  nginx -c "$work/nginx.conf" & nginx_pid=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Host: $host" "http://127.0.0.1:$nginx_port/")" = 200 ]; do sleep 0.1; done
}

# Spreads requests over the hosts in the file named by HOSTS (one Host header per request).
cat > "$work/spread.lua" <<'LUA'
local hosts = {}
for line in io.lines(os.getenv("HOSTS")) do hosts[#hosts + 1] = line end
local i = 0
request = function()
  i = i % #hosts + 1
  return wrk.format("GET", "/", { ["Host"] = hosts[i] })
end
LUA
{ echo "$host"; cat "$hosts_file"; } > "$work/all-hosts"

# CPU time (clock ticks) used so far by the processes given, children's threads included.
cpu_ticks() { local p t=0; for p in "$@"; do t=$(( t + $(awk '{print $14 + $15}' "/proc/$p/stat") )); done; echo "$t"; }
proxy_pids() { # row → the processes doing the proxying for that row
  case $1 in nginx*) echo "$nginx_pid $(pgrep -P "$nginx_pid" | tr '\n' ' ')";; gateway*) echo "$node_pid";; *) echo "";; esac
}
measure() { # row url [host|spread] → appends "rps p50ms p99ms errors cpu-µs-per-request" to $work/row-<row>
  local row=$1 url=$2 how=$3 out pids before
  pids=$(proxy_pids "$row"); before=$( [ -n "$pids" ] && cpu_ticks $pids || echo 0)
  if [ "$how" = spread ]; then
    out=$(HOSTS="$work/all-hosts" wrk -t$threads -c$connections -d"${seconds}s" --latency -s "$work/spread.lua" "$url")
  else
    out=$(wrk -t$threads -c$connections -d"${seconds}s" --latency -H "Host: $how" "$url")
  fi
  local rps p50 p99 errors requests cpu_us=0
  read -r rps p50 p99 errors requests <<< "$(wrk_figures "$out")"
  [ -n "$pids" ] && cpu_us=$(awk -v t=$(( $(cpu_ticks $pids) - before )) -v hz="$(getconf CLK_TCK)" -v n="$requests" 'BEGIN {printf "%.1f", t / hz * 1e6 / n}')
  echo "$rps $p50 $p99 $errors $cpu_us" >> "$work/row-$row"
}

rows=(direct nginx gateway)
for r in "${rows[@]}" nginx-1000 gateway-1000; do : > "$work/row-$r"; done
start_nginx 1
for i in $(seq 1 "$repeats"); do
  measure direct "http://$backend_ip:5000/" "$host"
  measure nginx "http://127.0.0.1:$nginx_port/" "$host"
  measure gateway "http://127.0.0.1:$gw/" "$host"
done

# 1,000 hosts: the app gets 999 more domains; nginx gets a server block each.
while read -r name; do api -X POST "http://127.0.0.1:$ctl/api/apps/gw/domains" -d "{\"domain\":\"$name\"}" >/dev/null; done < "$hosts_file"
until [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Host: h999.bench.test" "http://127.0.0.1:$gw/")" = 200 ]; do sleep 0.2; done
start_nginx 1000
for i in $(seq 1 "$repeats"); do
  measure nginx-1000 "http://127.0.0.1:$nginx_port/" spread
  measure gateway-1000 "http://127.0.0.1:$gw/" spread
done
loaded_rss=$(rss_mib "$node_pid")

# Deploys under load: a restart every few seconds while wrk runs against the gateway.
: > "$work/row-gateway-deploying"
( for _ in $(seq 1 $(( seconds * 2 / 3 + 1 ))); do
    sleep 3; api -X POST "http://127.0.0.1:$ctl/api/apps/gw/ps/restart" >/dev/null || echo "restart failed" >&2
  done ) & deployer=$!
seconds=$(( seconds * 2 + 6 )) measure gateway-deploying "http://127.0.0.1:$gw/" "$host"
wait "$deployer"

stat() { # row column → median min max
  cut -d' ' -f"$2" < "$work/row-$1" | sort -n | awk '{a[NR]=$1} END {printf "%s %s %s", (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2, a[1], a[NR]}'
}
printf '\n%-18s %10s %22s %9s %9s %7s %12s\n' row "req/s" "(min–max)" "p50 ms" "p99 ms" errors "proxy CPU/req"
for r in direct nginx gateway nginx-1000 gateway-1000 gateway-deploying; do
  read -r med lo hi <<< "$(stat "$r" 1)"
  read -r p50 _ _ <<< "$(stat "$r" 2)"; read -r p99 _ _ <<< "$(stat "$r" 3)"
  read -r cpu _ _ <<< "$(stat "$r" 5)"
  errors=$(awk '{n += $4} END {print n + 0}' "$work/row-$r")
  printf '%-18s %10.0f %22s %9s %9s %7s %12s\n' "$r" "$med" "($(printf '%.0f' "$lo")–$(printf '%.0f' "$hi"))" "$p50" "$p99" "$errors" \
    "$( [ "$cpu" = 0 ] && echo - || echo "$cpu µs")"
  eval "rps_${r//-/_}=$med p99_${r//-/_}=$p99"
done
awk -v g="$rps_gateway" -v n="$rps_nginx" -v d="$rps_direct" -v g1="$rps_gateway_1000" -v n1="$rps_nginx_1000" \
    -v gp="$p99_gateway" -v np="$p99_nginx" -v gp1="$p99_gateway_1000" -v np1="$p99_nginx_1000" 'BEGIN {
  printf "\ngateway/nginx req/s: %.2f (1 host), %.2f (1,000 hosts)   gateway/direct: %.2f\n", g / n, g1 / n1, g / d
  printf "gateway/nginx p99:   %.2f (1 host), %.2f (1,000 hosts)\n", gp / np, gp1 / np1 }'
printf 'node resident memory: %s MiB idle, %s MiB after the load\n' "$idle_rss" "$loaded_rss"
