#!/usr/bin/env bash
# HTTPS through the gateway against nginx with the same certificate (issue 11's benchmark), in one
# run: the backend of bench/gateway.sh deployed as the app "gw", served at https://gw.bench.test with a
# P-256 certificate, measured with wrk in alternation:
#   nginx-https / gateway-https              keep-alive connections: requests/s over TLS
#   nginx-handshake / gateway-handshake      Connection: close, so every request is a new TLS handshake
# then the time Let's Encrypt issuance takes against pebble (validated through the gateway), and the
# node's memory before and after 1,000 apps get a certificate each.
#
#   bench/https.sh [repeats] [seconds]   (as root; Docker running; wrk, nginx-light, openssl, pebble)
set -euo pipefail
repeats=${1:-3}
seconds=${2:-5}
threads=2
connections=64
here=$(cd "$(dirname "$0")" && pwd)
for tool in wrk nginx openssl pebble pebble-challtestsrv; do
  command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install -y wrk nginx-light openssl pebble)" >&2; exit 1; }
done

# pebble first: it validates HTTP-01 on the gateway's port, chosen before the node starts.
pebble_dir=$(mktemp -d /tmp/paas-bench-pebble.XXXXXX)
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
gw=$(port); acme_port=$(port); dns_port=$(port)
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$pebble_dir/key.pem" -out "$pebble_dir/cert.pem" \
  -days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 2>/dev/null
cat > "$pebble_dir/pebble.json" <<JSON
{"pebble":{"listenAddress":"127.0.0.1:$acme_port","managementListenAddress":"127.0.0.1:$(port)","certificate":"$pebble_dir/cert.pem",
 "privateKey":"$pebble_dir/key.pem","httpPort":$gw,"tlsPort":$(port),"ocspResponderURL":"","externalAccountBindingRequired":false}}
JSON
pebble-challtestsrv -defaultIPv4 127.0.0.1 -defaultIPv6 "" -dns01 "127.0.0.1:$dns_port" -http01 "" -https01 "" -tlsalpn01 "" \
  -management "127.0.0.1:$(port)" > "$pebble_dir/challtestsrv.log" 2>&1 & dns_pid=$!
PEBBLE_VA_NOSLEEP=1 pebble -config "$pebble_dir/pebble.json" -dnsserver "127.0.0.1:$dns_port" > "$pebble_dir/pebble.log" 2>&1 & pebble_pid=$!
export BENCH_NODE_ARGS="--Paas:Acme:DirectoryUrl=https://127.0.0.1:$acme_port/dir --Paas:Acme:TrustedCaFile=$pebble_dir/cert.pem"

source "$here/lib/node.sh"
source "$here/lib/gateway-backend.sh"
nginx_pid=""
https_cleanup() {
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null || true
  kill "$pebble_pid" "$dns_pid" 2>/dev/null || true
  rm -rf "$pebble_dir"
  backend_cleanup
}
trap https_cleanup EXIT
deploy_backend

# One certificate for both proxies: what ACME would issue (P-256, leaf only), for the app's host.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/tls-key.pem" -out "$work/tls-cert.pem" \
  -days 2 -subj "/CN=$host" -addext "subjectAltName=DNS:$host" 2>/dev/null
# wrk takes the TLS server name from the URL, so the host must resolve: to loopback, in wrk's own
# mount namespace only (a private /etc/hosts), leaving the machine's as it is.
echo "127.0.0.1 $host" > "$work/hosts-file"
wrk_here() { unshare --mount sh -c 'mount --bind "$0" /etc/hosts && exec wrk "$@"' "$work/hosts-file" "$@"; }
python3 -c 'import json,sys; print(json.dumps({"certificate": open(sys.argv[1]).read(), "key": open(sys.argv[2]).read()}))' \
  "$work/tls-cert.pem" "$work/tls-key.pem" > "$work/cert.json"
api -X PUT "http://127.0.0.1:$ctl/api/apps/gw/certs" --data-binary "@$work/cert.json" >/dev/null
until [ "$(curl -sk --resolve "$host:$gws:127.0.0.1" -o /dev/null -w '%{http_code}' "https://$host:$gws/")" = 200 ]; do sleep 0.2; done

# nginx as Dokku's TLS template writes it (session cache, TLS 1.2/1.3, keep-alive upstream).
nginx_port=$(free_port)
cat > "$work/nginx.conf" <<CONF
worker_processes auto;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work; proxy_temp_path $work; fastcgi_temp_path $work; uwsgi_temp_path $work; scgi_temp_path $work;
  upstream gw-5000 { server $backend_ip:5000; keepalive 64; }
  server {
    listen 127.0.0.1:$nginx_port ssl; server_name $host;
    ssl_certificate $work/tls-cert.pem; ssl_certificate_key $work/tls-key.pem;
    ssl_protocols TLSv1.2 TLSv1.3; ssl_session_cache shared:SSL:20m; ssl_session_timeout 1d;
    location / {
      proxy_pass http://gw-5000; proxy_http_version 1.1; proxy_set_header Connection "";
      proxy_set_header Host \$http_host; proxy_set_header X-Forwarded-For \$remote_addr;
      proxy_set_header X-Forwarded-Proto \$scheme;
    }
  }
}
CONF
nginx -c "$work/nginx.conf" & nginx_pid=$!
until [ "$(curl -sk --resolve "$host:$nginx_port:127.0.0.1" -o /dev/null -w '%{http_code}' "https://$host:$nginx_port/")" = 200 ]; do sleep 0.1; done

measure() { # row url [extra wrk args…] → appends "rps p99ms errors" to $work/row-<row>
  local row=$1 url=$2; shift 2
  local out rps p99 errors
  out=$(wrk_here -t$threads -c$connections -d"${seconds}s" --latency "$@" "$url")
  rps=$(awk '/Requests\/sec/ {print $2}' <<< "$out")
  p99=$(awk '$1 == "99%" {v = $2; n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /s$/ && v !~ /ms$/) n *= 1000; printf "%.2f", n}' <<< "$out")
  errors=$(awk '/Non-2xx/ {n += $NF} /Socket errors/ {gsub(",", ""); n += $4 + $6 + $8 + $10} END {print n + 0}' <<< "$out")
  echo "$rps $p99 $errors" >> "$work/row-$row"
}
rows=(nginx-https gateway-https nginx-handshake gateway-handshake)
for r in "${rows[@]}"; do : > "$work/row-$r"; done
for i in $(seq 1 "$repeats"); do
  measure nginx-https "https://$host:$nginx_port/"
  measure gateway-https "https://$host:$gws/"
  measure nginx-handshake "https://$host:$nginx_port/" -H "Connection: close"
  measure gateway-handshake "https://$host:$gws/" -H "Connection: close"
done

printf '\n%-18s %12s %14s %10s %7s\n' row "req/s (med)" "min–max" "p99 ms" errors
for r in "${rows[@]}"; do
  med=$(awk '{print $1}' "$work/row-$r" | median)
  min=$(awk '{print $1}' "$work/row-$r" | sort -n | head -1); max=$(awk '{print $1}' "$work/row-$r" | sort -n | tail -1)
  p99=$(awk '{print $2}' "$work/row-$r" | median); errors=$(awk '{n += $3} END {print n + 0}' "$work/row-$r")
  printf '%-18s %12.0f %14s %10s %7s\n' "$r" "$med" "$(printf '%.0f–%.0f' "$min" "$max")" "$p99" "$errors"
done
ratio() { awk -v a="$(awk '{print $1}' "$work/row-$1" | median)" -v b="$(awk '{print $1}' "$work/row-$2" | median)" 'BEGIN {printf "%.2f", a / b}'; }
echo
echo "gateway/nginx requests/s over kept-alive TLS: $(ratio gateway-https nginx-https)"
echo "gateway/nginx new TLS connections/s:         $(ratio gateway-handshake nginx-handshake)"

# Issuance against pebble, validated through this node's gateway (median of three apps).
: > "$work/issuance"
for i in 1 2 3; do
  api -X POST "http://127.0.0.1:$ctl/api/apps" -d "{\"name\":\"le$i\"}" >/dev/null
  start=$(now_ms)
  api -X POST "http://127.0.0.1:$ctl/api/apps/le$i/letsencrypt" | grep -q '"exitCode":0' || { echo "issuance for le$i failed" >&2; exit 1; }
  echo $(( $(now_ms) - start )) >> "$work/issuance"
done
echo "Let's Encrypt issuance against pebble (ms, median of 3): $(median < "$work/issuance")"

# Memory of 1,000 certificates. The certificates are made first (the machine is quiet then), then
# 1,000 apps, then a certificate each; the node's RSS before and after the certificates.
mkdir -p "$work/certs"
for i in $(seq 1 1000); do
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/certs/$i.key" -out "$work/certs/$i.pem" \
    -days 30 -subj "/CN=c$i.bench.test" -addext "subjectAltName=DNS:c$i.bench.test" 2>/dev/null
done
python3 - "$work/certs" <<'PY'
import json, sys, os
d = sys.argv[1]
for i in range(1, 1001):
    with open(os.path.join(d, f"{i}.json"), "w") as f:
        json.dump({"certificate": open(os.path.join(d, f"{i}.pem")).read(), "key": open(os.path.join(d, f"{i}.key")).read()}, f)
PY
start=$(now_ms)
seq 1 1000 | xargs -P 8 -I{} curl -sf -o /dev/null -H "Authorization: Bearer $token" \
  -H 'Content-Type: application/json' -X POST "http://127.0.0.1:$ctl/api/apps" -d '{"name":"c{}"}'
echo "1,000 apps:create calls took $(( $(now_ms) - start )) ms"
sleep 5
before=$(rss_mib "$node_pid")
start=$(now_ms)
seq 1 1000 | xargs -P 8 -I{} curl -sf -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -X PUT "http://127.0.0.1:$ctl/api/apps/c{}/certs" --data-binary "@$work/certs/{}.json"
echo "1,000 certs:add calls took $(( $(now_ms) - start )) ms"
for _ in $(seq 1 240); do grep -q "Gateway TLS at version .* (1004 certificate" "$work/node.log" && break; sleep 0.5; done
grep "Gateway TLS at version" "$work/node.log" | tail -1
sleep 5
after=$(rss_mib "$node_pid")
echo "node RSS: $before MiB with 1,000 apps, $after MiB once each has a certificate: $(( after - before )) MiB per 1,000 certificates"
