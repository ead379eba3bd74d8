# Shared by the gateway benchmarks: build the backend image (Debian's nginx serving a fixed
# 100-byte body, on the offline busybox base) and deploy it as the app "gw", so the gateway has a
# real route to it. Needs bench/lib/node.sh sourced first. deploy_backend sets: host container backend_ip.
rss_mib() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }
api() { curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$@"; }
backend_cleanup() {
  docker ps -aq --filter "label=bench=gateway-backend" | xargs -r docker rm -f >/dev/null
  docker images -q 'bench-backend' | sort -u | xargs -r docker rmi -f >/dev/null 2>&1 || true
  bench_cleanup
}

deploy_backend() {
  # The backend image: Debian's nginx binary and the libraries it links, on the offline busybox base.
  ctx="$work/backend"; mkdir -p "$ctx/rootfs/etc/nginx" "$ctx/rootfs/www" "$ctx/rootfs/usr/sbin"
  cp /usr/sbin/nginx "$ctx/rootfs/usr/sbin/"
  for lib in $(ldd /usr/sbin/nginx | grep -o '/[^ ]*'); do mkdir -p "$ctx/rootfs$(dirname "$lib")"; cp -L "$lib" "$ctx/rootfs$lib"; done
  head -c 99 /dev/zero | tr '\0' 'x' > "$ctx/rootfs/www/index.html"; echo >> "$ctx/rootfs/www/index.html"
  # nginx looks its user and group up by name.
  echo 'root:x:0:0:root:/root:/bin/sh' > "$ctx/rootfs/etc/passwd"; echo 'root:x:0:' > "$ctx/rootfs/etc/group"
  cat > "$ctx/rootfs/etc/nginx/nginx.conf" <<'CONF'
user root;
worker_processes 1;
daemon off;
pid /tmp/nginx.pid;
error_log /dev/stderr warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path /tmp; proxy_temp_path /tmp; fastcgi_temp_path /tmp; uwsgi_temp_path /tmp; scgi_temp_path /tmp;
  keepalive_requests 100000;
  server { listen 5000; root /www; location / { default_type text/plain; } }
}
CONF
  cat > "$ctx/Dockerfile" <<'DOCKERFILE'
FROM paas-test/busybox:latest
COPY rootfs/ /
EXPOSE 5000
LABEL bench=gateway-backend
CMD ["/usr/sbin/nginx", "-c", "/etc/nginx/nginx.conf"]
DOCKERFILE
  docker build -q -t bench-backend:1 "$ctx" >/dev/null

  # Deploy it as the app "gw" (git:from-image), so the gateway has a real route to it.
  api -X POST "http://127.0.0.1:$ctl/api/apps" -d '{"name":"gw"}' >/dev/null
  api -X POST "http://127.0.0.1:$ctl/api/apps/gw/deploy-image" -d '{"image":"bench-backend:1"}' >/dev/null
  host="gw.bench.test"
  until [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Host: $host" "http://127.0.0.1:$gw/")" = 200 ]; do sleep 0.2; done
  container=$(docker ps -q --filter label=paas.app=gw --filter label=paas.process=web | head -1)
  backend_ip=$(docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$container")
}
