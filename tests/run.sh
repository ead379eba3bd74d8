#!/usr/bin/env bash
# Runs the whole test suite on a fresh Debian machine: installs and starts what the tests need
# (Docker engine, git, static busybox for the offline base image, PostgreSQL and Redis binaries, chromium, OpenSSH, s3rver), then `dotnet test`.
# Needs root for the installs and dockerd; everything it starts stays on this machine.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v dockerd >/dev/null || missing+=(docker.io)
command -v git >/dev/null || missing+=(git)
dpkg -s busybox-static >/dev/null 2>&1 || missing+=(busybox-static)
# The cluster tests start private PostgreSQL servers from these binaries (no system service needed).
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
# The backing-service tests run offline stand-ins for the official postgres and redis images, made from these packages.
command -v redis-server >/dev/null || missing+=(redis-server)
# make-cluster-cert.sh, and `ss` to check which ports a node listens on.
command -v openssl >/dev/null || missing+=(openssl)
command -v ss >/dev/null || missing+=(iproute2)
# Every node fences its apps' bridge with iptables (Paas:Deploy:Firewall).
command -v iptables-restore >/dev/null || missing+=(iptables)
# The ACME tests run a private ACME server (pebble) with its DNS test server (pebble-challtestsrv).
command -v pebble >/dev/null || missing+=(pebble)
# The SSH tests run the node's own sshd child (OpenSSH's server) and push with the ssh client.
[ -x /usr/sbin/sshd ] || missing+=(openssh-server)
command -v ssh >/dev/null || missing+=(openssh-client)
# The stack-image pull test serves a stack image from a private registry on loopback (the distribution registry).
[ -x /usr/bin/docker-registry ] || missing+=(docker-registry)
# The install tests run deploy/install.sh, whose `paas` is compiled ahead of time: a C linker and zlib.
command -v gcc >/dev/null || command -v clang >/dev/null || missing+=(gcc)
dpkg -s zlib1g-dev >/dev/null 2>&1 || missing+=(zlib1g-dev)
# The S3 backup-target tests install s3rver (below) with npm and run it with node.
command -v npm >/dev/null || missing+=(npm)
command -v node >/dev/null || missing+=(nodejs)
# The dashboard tests drive Debian's chromium through Playwright (no browser download).
command -v chromium >/dev/null || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! docker info >/dev/null 2>&1; then
  echo "==> starting dockerd"
  setsid nohup dockerd >/var/log/paas-test-dockerd.log 2>&1 < /dev/null &
  for _ in $(seq 1 120); do
    docker info >/dev/null 2>&1 && break
    sleep 0.5
  done
  docker info >/dev/null 2>&1 || { echo "dockerd did not start; see /var/log/paas-test-dockerd.log" >&2; tail -20 /var/log/paas-test-dockerd.log >&2; exit 1; }
fi

# The S3 backup-target tests run a private S3-compatible store (the npm package s3rver) on loopback; installed once,
# outside the repo (S3rverServer.cs looks here, or where PAAS_S3RVER points), and not again while it is there (offline reruns).
s3rver=/opt/paas-test-tools/node_modules/s3rver/bin/s3rver.js
if [ ! -f "$s3rver" ]; then
  echo "==> installing s3rver"
  npm install --prefix /opt/paas-test-tools --no-audit --no-fund --loglevel=error s3rver@3.7.1 >/dev/null
fi

bash tests/fixtures/make-base-image.sh paas-test/busybox:latest
bash tests/fixtures/make-postgres-image.sh paas-test/postgres:17-alpine
bash tests/fixtures/make-redis-image.sh paas-test/redis:7-alpine

echo "==> dotnet test"
# The log is kept so that a red run ends with its failures: CI shows only the tail of a run.
log="$(mktemp /tmp/paas-test-log.XXXXXX)"
status=0
dotnet test OrleansPaas.sln --logger "console;verbosity=normal" 2>&1 | tee "$log" || status=$?
if [ "$status" -ne 0 ]; then
  echo "==> failed tests (repeated from the log above: $log)"
  # Each failure from its line to the next test's result (its message, stack and output), at most 60 lines each.
  awk '/^[[:space:]]+Failed [A-Za-z]/ { show = 1; n = 0 } /^[[:space:]]+(Passed|Skipped) [A-Za-z]/ { show = 0 } show && n++ < 60' "$log" | cut -c1-400 | head -300 || true
fi
exit "$status"
