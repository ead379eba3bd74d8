#!/usr/bin/env bash
# Installs an OrleansPaas node on this machine from this checkout, upgrades it in place when run
# again, or removes it (--uninstall). Run as root on Debian 12/13 or Ubuntu 24.04:
#
#   deploy/install.sh [--domain apps.example.com] [--gateway-port 80] [--https-port 443] [--control-port 8081]
#
# It installs what is missing (Docker engine, git, a C toolchain for the ahead-of-time `paas`, the
# .NET SDK named by global.json), publishes the node and the `paas` CLI (Release) into the prefix,
# writes the node's settings to <config-dir>/appsettings.json, keeps data in <data-dir>, runs the node
# as the systemd service `orleanspaas` (or, without systemd, in the background with its log in
# <log-dir>), and puts `paas` on the PATH. Every step prints one line; a failing step says which and why.
# `deploy/install.sh --help` lists every option.
set -uo pipefail

readonly SOURCE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly UNIT_FILE=/etc/systemd/system/orleanspaas.service
# Written into every file the script owns outside the prefix, so it never removes a file it did not write.
readonly MARK="written by OrleansPaas deploy/install.sh"

usage() {
  cat <<'EOF'
Usage: deploy/install.sh [options]          install, or upgrade in place when already installed
       deploy/install.sh --uninstall [--purge]

Settings of the node (written to <config-dir>/appsettings.json; on a re-run only the ones given change):
  --domain NAME          apps are served at APP.NAME                          (default: localhost)
  --gateway-port N       the app gateway's HTTP port                          (default: 8080)
  --https-port N         the app gateway's HTTPS port                         (default: 8443)
  --control-port N       git push, admin API, dashboard                       (default: 8081)

Where things go (remembered in <config-dir>/install.env, so a re-run needs none of them):
  --prefix DIR           the program                                          (default: /opt/orleanspaas)
  --config-dir DIR       settings                                             (default: /etc/orleanspaas)
  --data-dir DIR         apps, state, admin token                             (default: /var/lib/orleanspaas)
  --log-dir DIR          the node's log without systemd, this script's log    (default: /var/log/orleanspaas)
  --cache-dir DIR        build output kept for quicker upgrades               (default: /var/cache/orleanspaas)
  --run-dir DIR          the node's pid file without systemd                  (default: /run/orleanspaas)
  --bin-dir DIR          where the `paas` command goes                        (default: /usr/local/bin)
  --no-service           run the node in the background even where systemd runs (no restart on failure or boot)
  --system-ssh           git push paas@HOST:APP.git on the system's own sshd (port 22): a `Match User paas`
                         drop-in in /etc/ssh/sshd_config.d (kept on re-runs; --uninstall removes it)

  --uninstall            stop the node, remove the program and `paas`; settings, data and logs stay
  --purge                with --uninstall: remove settings, data and logs too (apps' containers stay in Docker)
EOF
}

# --- one line per step; a failure names its step and the reason -------------------------------

step_name=""
step() {
  step_name="$1"
  printf -- '-----> %s\n' "$1"
}

fail() {
  printf 'install.sh: %s failed: %s\n' "${step_name:-starting}" "$1" >&2
  exit 1
}

# Runs a command with its output in the script's log; on failure, the step fails with the output's last line.
run() {
  if ! "$@" >>"$install_log" 2>&1; then
    local last
    last="$(grep -v '^[[:space:]]*$' "$install_log" | tail -n 1 | cut -c1-300)"
    fail "'$1' exited with an error: ${last:-no output} (all output: $install_log)"
  fi
}

# --- options -----------------------------------------------------------------------------------

action=install
purge=no
system_ssh=no
domain="" gateway_port="" https_port="" control_port=""
prefix="" config_dir="" data_dir="" log_dir="" cache_dir="" run_dir="" bin_dir="" service=""

need_value() {
  [ $# -ge 2 ] && [ -n "$2" ] || { printf 'install.sh: %s needs a value (see --help); nothing was changed\n' "$1" >&2; exit 2; }
}

while [ $# -gt 0 ]; do
  case "$1" in
    --domain) need_value "$@"; domain="$2"; shift ;;
    --gateway-port) need_value "$@"; gateway_port="$2"; shift ;;
    --https-port) need_value "$@"; https_port="$2"; shift ;;
    --control-port) need_value "$@"; control_port="$2"; shift ;;
    --prefix) need_value "$@"; prefix="$2"; shift ;;
    --config-dir) need_value "$@"; config_dir="$2"; shift ;;
    --data-dir) need_value "$@"; data_dir="$2"; shift ;;
    --log-dir) need_value "$@"; log_dir="$2"; shift ;;
    --cache-dir) need_value "$@"; cache_dir="$2"; shift ;;
    --run-dir) need_value "$@"; run_dir="$2"; shift ;;
    --bin-dir) need_value "$@"; bin_dir="$2"; shift ;;
    --no-service) service=background ;;
    --system-ssh) system_ssh=yes ;;
    --uninstall) action=uninstall ;;
    --purge) purge=yes ;;
    -h|--help) usage; exit 0 ;;
    *) printf "install.sh: unknown option '%s' (see --help); nothing was changed\n" "$1" >&2; exit 2 ;;
  esac
  shift
done

bad_input() { printf 'install.sh: %s; nothing was changed\n' "$1" >&2; exit 2; }

for pair in "gateway-port:$gateway_port" "https-port:$https_port" "control-port:$control_port"; do
  value="${pair#*:}"
  if [ -n "$value" ] && { ! [[ "$value" =~ ^[0-9]+$ ]] || [ "$value" -lt 1 ] || [ "$value" -gt 65535 ]; }; then
    bad_input "--${pair%%:*} '$value' is not a TCP port (1-65535)"
  fi
done
if [ -n "$domain" ] && ! [[ "$domain" =~ ^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$ ]]; then
  bad_input "--domain '$domain' is not a domain name (letters, digits, '-' and '.')"
fi
[ "$purge" = no ] || [ "$action" = uninstall ] || bad_input "--purge goes with --uninstall"
for dir in "$prefix" "$config_dir" "$data_dir" "$log_dir" "$cache_dir" "$run_dir" "$bin_dir"; do
  [ -z "$dir" ] || [[ "$dir" = /* ]] || bad_input "'$dir' is not an absolute path"
done
# Folders the script may remove whole (--uninstall, --purge) must be its own, never /opt or /var.
for dir in "$prefix" "$config_dir" "$data_dir" "$log_dir" "$cache_dir" "$run_dir"; do
  [ -z "$dir" ] || [[ "$dir" =~ ^/[^/]+/[^/]+ ]] || bad_input "'$dir' is too near the root to be the platform's own folder (the script may remove it)"
done
# Only a --data-dir given now moves the data; otherwise the settings file says where it is.
data_dir_given="$data_dir"
[ "$(id -u)" -eq 0 ] || bad_input "run it as root (it installs packages and drives the Docker engine)"

# --- where things go: flags, else what the last install remembered, else the defaults ------------

config_dir="${config_dir:-/etc/orleanspaas}"
readonly settings_file="$config_dir/appsettings.json" install_env="$config_dir/install.env"
# shellcheck source=deploy/system-ssh.sh
. "$SOURCE_DIR/deploy/system-ssh.sh"
if [ -f "$install_env" ]; then
  while IFS='=' read -r key value; do
    case "$key" in
      PREFIX) prefix="${prefix:-$value}" ;;
      DATA_DIR) data_dir="${data_dir:-$value}" ;;
      LOG_DIR) log_dir="${log_dir:-$value}" ;;
      CACHE_DIR) cache_dir="${cache_dir:-$value}" ;;
      RUN_DIR) run_dir="${run_dir:-$value}" ;;
      BIN_DIR) bin_dir="${bin_dir:-$value}" ;;
      SERVICE) service="${service:-$value}" ;;
    esac
  done <"$install_env"
fi
prefix="${prefix:-/opt/orleanspaas}"
data_dir="${data_dir:-/var/lib/orleanspaas}"
log_dir="${log_dir:-/var/log/orleanspaas}"
cache_dir="${cache_dir:-/var/cache/orleanspaas}"
run_dir="${run_dir:-/run/orleanspaas}"
bin_dir="${bin_dir:-/usr/local/bin}"
if [ -z "$service" ]; then
  # sd_booted(): systemd is PID 1 exactly when this folder exists.
  if [ -d /run/systemd/system ]; then service=systemd; else service=background; fi
fi

readonly pid_file="$run_dir/orleanspaas.pid" node_log="$log_dir/orleanspaas.log"
mkdir -p "$log_dir" || fail "cannot create $log_dir"
install_log="$log_dir/install.log"
printf '\n==== %s %s\n' "$(date -u +%FT%TZ)" "$action" >>"$install_log"

# --- the node's process --------------------------------------------------------------------------

# The pid of the node started in the background, if it still runs (and is ours). An ended process's
# cmdline is empty even before its parent reaps it, so a zombie does not count.
background_pid() {
  [ -f "$pid_file" ] || return 1
  local pid
  pid="$(cat "$pid_file")"
  [[ "$pid" =~ ^[0-9]+$ ]] && [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'OrleansPaas.Silo.dll' || return 1
  echo "$pid"
}

stop_node() {
  if [ "$service" = systemd ]; then
    if systemctl is-active --quiet orleanspaas 2>/dev/null; then
      run systemctl stop orleanspaas
    fi
    return
  fi
  local pid waited=0
  pid="$(background_pid)" || return 0
  # SIGTERM lets the silo shut down cleanly; it has 90 s, as under systemd.
  kill -TERM "$pid" 2>/dev/null || true
  while background_pid >/dev/null && [ "$waited" -lt 900 ]; do
    sleep 0.1
    waited=$((waited + 1))
  done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$pid_file"
}

# --- uninstall -----------------------------------------------------------------------------------

if [ "$action" = uninstall ]; then
  step "Stopping the node"
  stop_node
  if [ "$service" = systemd ] && [ -f "$UNIT_FILE" ] && grep -q "$MARK" "$UNIT_FILE"; then
    run systemctl disable orleanspaas
    rm -f "$UNIT_FILE"
    run systemctl daemon-reload
  fi
  step "Removing the program ($prefix, $bin_dir/paas, $bin_dir/orleanspaas, $cache_dir)"
  for program in paas orleanspaas; do
    if [ -f "$bin_dir/$program" ] && grep -q "$MARK" "$bin_dir/$program"; then rm -f "$bin_dir/$program"; fi
  done
  rm -rf "$prefix" "$cache_dir" "$run_dir" || fail "cannot remove $prefix"
  system_ssh_remove
  if [ "$purge" = yes ]; then
    step "Removing settings, data and logs ($config_dir, $data_dir, $log_dir)"
    rm -rf "$config_dir" "$data_dir" "$log_dir" || fail "cannot remove them"
    printf -- '-----> Done. The apps'"'"' containers and images are still in Docker (label paas.app).\n'
  else
    printf -- '-----> Done. Kept settings in %s, data (apps, admin token) in %s and logs in %s;\n' "$config_dir" "$data_dir" "$log_dir"
    printf -- '       installing again picks them up; --uninstall --purge removes them.\n'
  fi
  exit 0
fi

# --- install or upgrade ----------------------------------------------------------------------------

step "Checking the system"
if [ -r /etc/os-release ]; then
  # shellcheck disable=SC1091
  os="$(. /etc/os-release; echo "${ID:-?} ${VERSION_ID:-?}")"
else
  os="unknown"
fi
case "$os" in
  "debian 12"|"debian 13"|"ubuntu 24.04") ;;
  *) printf '       %s is not Debian 12/13 or Ubuntu 24.04; going on, but this is untested\n' "$os" ;;
esac
case "$(uname -m)" in
  x86_64) rid=linux-x64 ;;
  aarch64) rid=linux-arm64 ;;
  *) fail "$(uname -m) processors are not supported (x86_64 or aarch64)" ;;
esac
command -v apt-get >/dev/null || fail "no apt-get: this script installs packages the Debian way"

missing=()
command -v dockerd >/dev/null || missing+=(docker.io)
command -v git >/dev/null || missing+=(git)
# The node fences its apps' bridge with iptables (Paas:Deploy:Firewall).
command -v iptables-restore >/dev/null || missing+=(iptables)
# `paas` is compiled ahead of time (it starts in milliseconds): that needs a C linker and zlib.
command -v clang >/dev/null || command -v gcc >/dev/null || missing+=(clang)
dpkg -s zlib1g-dev >/dev/null 2>&1 || missing+=(zlib1g-dev)
# --system-ssh, given now or by an earlier run (the settings keep it): OpenSSH's server.
system_ssh_in_settings && system_ssh=yes
[ "$system_ssh" = no ] || [ -x /usr/sbin/sshd ] || missing+=(openssh-server)
if [ ${#missing[@]} -gt 0 ]; then
  step "Installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  run apt-get update -qq
  run apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  step "Docker, git and a C toolchain are installed"
fi

# The SDK global.json names (its feature band): distributions' own dotnet packages are another band.
if sdk="$(cd "$SOURCE_DIR" && dotnet --version 2>/dev/null)"; then
  step ".NET SDK $sdk is installed"
else
  step "Installing the .NET SDK named in global.json"
  command -v curl >/dev/null || run apt-get install -y -qq --no-install-recommends curl ca-certificates
  dotnet_dir=/usr/share/dotnet
  if command -v dotnet >/dev/null; then dotnet_dir="$(dirname "$(readlink -f "$(command -v dotnet)")")"; fi
  run curl -fsSL -o "$log_dir/dotnet-install.sh" https://dot.net/v1/dotnet-install.sh
  run bash "$log_dir/dotnet-install.sh" --jsonfile "$SOURCE_DIR/global.json" --install-dir "$dotnet_dir"
  [ -e /usr/bin/dotnet ] || ln -s "$dotnet_dir/dotnet" /usr/bin/dotnet
  sdk="$(cd "$SOURCE_DIR" && dotnet --version 2>>"$install_log")" || fail "the SDK installed, but 'dotnet --version' still finds none for global.json"
fi
dotnet="$(readlink -f "$(command -v dotnet)")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if ! docker info >/dev/null 2>&1; then
  step "Starting the Docker engine"
  if [ "$service" = systemd ]; then
    run systemctl enable --now docker
  else
    setsid dockerd >>"$log_dir/dockerd.log" 2>&1 </dev/null &
  fi
  for _ in $(seq 1 120); do
    docker info >/dev/null 2>&1 && break
    sleep 0.5
  done
  docker info >/dev/null 2>&1 || fail "dockerd did not answer within 60 s (see $log_dir/dockerd.log or journalctl -u docker)"
fi

# Published aside first: the running node keeps serving while this takes minutes.
staging="$prefix.new"
rm -rf "$staging"
mkdir -p "$staging" "$cache_dir" || fail "cannot create $staging"
# Build output goes to the cache, not the checkout: the checkout stays clean, and an upgrade rebuilds only what changed.
step "Publishing the node (Release, ReadyToRun)"
run "$dotnet" publish "$SOURCE_DIR/silo/OrleansPaas.Silo" -c Release -r "$rid" --self-contained false \
  -p:PublishReadyToRun=true --artifacts-path "$cache_dir/build" -o "$staging/node" -nologo
step "Publishing paas (Release, native)"
run "$dotnet" publish "$SOURCE_DIR/cli/OrleansPaas.Cli" -c Release -r "$rid" \
  --artifacts-path "$cache_dir/build" -o "$staging/cli" -nologo
[ -x "$staging/cli/paas" ] || fail "the publish left no $staging/cli/paas"

# --- settings: written once; a re-run changes only the lines of the options it was given ----------

json_value() { sed -n "s/^[[:space:]]*\"$1\":[[:space:]]*\"\\(.*\\)\",\\{0,1\\}[[:space:]]*\$/\\1/p" "$settings_file" | head -n 1; }

set_json_value() {
  grep -q "^[[:space:]]*\"$1\":" "$settings_file" || fail "$settings_file has no \"$1\" line to change; add it or leave the option out"
  local escaped
  escaped="$(printf '%s' "$2" | sed 's/[\/&|]/\\&/g')"
  sed -i "s|^\\([[:space:]]*\"$1\":[[:space:]]*\"\\).*\\(\",\\{0,1\\}\\)[[:space:]]*\$|\\1$escaped\\2|" "$settings_file" ||
    fail "cannot change \"$1\" in $settings_file"
}

if [ -f "$settings_file" ]; then
  step "Keeping the settings in $settings_file"
  [ -z "$domain" ] || set_json_value Domain "$domain"
  [ -z "$gateway_port" ] || set_json_value GatewayUrls "http://0.0.0.0:$gateway_port"
  [ -z "$https_port" ] || set_json_value GatewayHttpsUrls "https://0.0.0.0:$https_port"
  [ -z "$control_port" ] || set_json_value ControlUrls "http://0.0.0.0:$control_port"
  [ -z "$data_dir_given" ] || set_json_value DataDir "$data_dir_given"
else
  step "Writing the settings to $settings_file"
  mkdir -p "$config_dir" || fail "cannot create $config_dir"
  # 0600: settings may come to hold secrets (AdminToken, a database password).
  (umask 077 && cat >"$settings_file" <<EOF
// The OrleansPaas node's settings ($MARK; the README lists every key under "Settings").
// Re-running install.sh changes only the lines of the options it is given; other keys you add stay.
// After a change: systemctl restart orleanspaas (or run install.sh again).
{
  "Paas": {
    "Domain": "${domain:-localhost}",
    "DataDir": "$data_dir",
    "GatewayUrls": "http://0.0.0.0:${gateway_port:-8080}",
    "GatewayHttpsUrls": "https://0.0.0.0:${https_port:-8443}",
    "ControlUrls": "http://0.0.0.0:${control_port:-8081}"
  }
}
EOF
  ) || fail "cannot write $settings_file"
fi
[ "$system_ssh" = no ] || system_ssh_setting
data_dir="$(json_value DataDir)"
[ -n "$data_dir" ] || fail "$settings_file has no \"DataDir\" line"
control_port="$(json_value ControlUrls | sed -n 's/.*:\([0-9][0-9]*\)\/\{0,1\}$/\1/p')"
domain="$(json_value Domain)"
cat >"$install_env" <<EOF
# $MARK: where the last install put things, so a re-run and --uninstall find them.
PREFIX=$prefix
DATA_DIR=$data_dir
LOG_DIR=$log_dir
CACHE_DIR=$cache_dir
RUN_DIR=$run_dir
BIN_DIR=$bin_dir
SERVICE=$service
EOF

# --- swap the program in, then (re)start the node --------------------------------------------------

if [ -d "$prefix/node" ]; then
  step "Stopping the running node for the upgrade"
  stop_node
fi
step "Installing into $prefix"
rm -rf "$prefix/node" "$prefix/cli" || fail "cannot remove the old program in $prefix"
mkdir -p "$prefix" "$data_dir" || fail "cannot create $prefix"
chmod 0700 "$data_dir"
mv "$staging/node" "$prefix/node" && mv "$staging/cli" "$prefix/cli" && rmdir "$staging" || fail "cannot move the new program into $prefix"
# The node reads appsettings.json next to it, then appsettings.Production.json: that one is the settings file.
ln -sfn "$settings_file" "$prefix/node/appsettings.Production.json" || fail "cannot link $settings_file"

# `paas` on the node finds the node's token and control port by itself (the CLI reads these settings);
# PAAS_URL / PAAS_TOKEN and `paas login` still win.
mkdir -p "$bin_dir" || fail "cannot create $bin_dir"
cat >"$bin_dir/paas.new" <<EOF
#!/bin/sh
# $MARK
: "\${Paas__DataDir:=$data_dir}" "\${Paas__ControlUrls:=http://127.0.0.1:$control_port}"
export Paas__DataDir Paas__ControlUrls
exec "$prefix/cli/paas" "\$@"
EOF
chmod 0755 "$bin_dir/paas.new" && mv "$bin_dir/paas.new" "$bin_dir/paas" || fail "cannot write $bin_dir/paas"

# `orleanspaas` is the node's own program with the node's settings, for its verbs (`orleanspaas backup
# FILE`, `orleanspaas restore FILE`): the same settings file and environment file as the service.
cat >"$bin_dir/orleanspaas.new" <<EOF
#!/bin/sh
# $MARK
if [ -f "$config_dir/orleanspaas.env" ]; then set -a; . "$config_dir/orleanspaas.env"; set +a; fi
DOTNET_ENVIRONMENT=Production exec "$dotnet" "$prefix/node/OrleansPaas.Silo.dll" "\$@"
EOF
chmod 0755 "$bin_dir/orleanspaas.new" && mv "$bin_dir/orleanspaas.new" "$bin_dir/orleanspaas" || fail "cannot write $bin_dir/orleanspaas"

if [ "$service" = systemd ]; then
  step "Starting the systemd service orleanspaas"
  cat >"$UNIT_FILE" <<EOF
# $MARK
[Unit]
Description=OrleansPaas node (Orleans silo, app gateway, git and admin API)
Wants=network-online.target
After=network-online.target docker.service
# The node runs every app in the local Docker engine and stops at start-up without it.
Requires=docker.service

[Service]
Type=exec
# Root, because the node drives the Docker engine (membership of the docker group is equivalent).
User=root
WorkingDirectory=$data_dir
Environment=DOTNET_ENVIRONMENT=Production
# Optional Paas__X=value lines (e.g. a cluster's, deploy/cluster/README.md); they win over the settings file.
EnvironmentFile=-$config_dir/orleanspaas.env
ExecStart=$dotnet $prefix/node/OrleansPaas.Silo.dll
# A wrong setting makes the node exit at once with one line in the journal saying what to fix;
# the back-off keeps that line readable instead of a restart storm.
Restart=on-failure
RestartSec=10s
KillSignal=SIGTERM
TimeoutStopSec=90s

[Install]
WantedBy=multi-user.target
EOF
  run systemctl daemon-reload
  run systemctl enable orleanspaas
  run systemctl restart orleanspaas
  logs_hint="journalctl -u orleanspaas -f"
else
  step "Starting the node in the background (no systemd here: it restarts neither on failure nor at boot)"
  mkdir -p "$run_dir" || fail "cannot create $run_dir"
  # Its own session and no terminal: it outlives this script and the shell that ran it.
  (cd "$data_dir" && DOTNET_ENVIRONMENT=Production exec setsid "$dotnet" "$prefix/node/OrleansPaas.Silo.dll" \
    >>"$node_log" 2>&1 </dev/null) &
  echo $! >"$pid_file"
  logs_hint="tail -f $node_log"
fi

step "Waiting for the node to serve on port $control_port"
token_file="$data_dir/admin-token"
served=no
for _ in $(seq 1 1200); do
  if [ "$service" = background ] && ! background_pid >/dev/null; then
    fail "the node exited: $(grep -v '^[[:space:]]*$' "$node_log" | tail -n 1 | cut -c1-300) (log: $node_log)"
  fi
  # The token goes through the environment of a subshell, never a command line (which every local user can read).
  if [ -s "$token_file" ] &&
    ( PAAS_URL="http://127.0.0.1:$control_port" PAAS_TOKEN="$(cat "$token_file")"; export PAAS_URL PAAS_TOKEN
      exec "$prefix/cli/paas" apps:list ) >/dev/null 2>&1; then
    served=yes
    break
  fi
  sleep 0.1
done
[ "$served" = yes ] || fail "the node did not answer within 120 s (see: $logs_hint)"
[ "$system_ssh" = no ] || system_ssh_enable

host="$(hostname -I 2>/dev/null | awk '{print $1}')"
host="${host:-127.0.0.1}"
printf -- '=====> OrleansPaas is running (logs: %s)\n' "$logs_hint"
printf -- '       admin token: %s (root only; `paas` on this machine uses it by itself)\n' "$token_file"
printf -- '       dashboard:   http://%s:%s/\n' "$host" "$control_port"
printf -- '       apps:        served at APP.%s\n' "$domain"
printf -- '       deploy an app from its checkout (git asks for a password: the admin token):\n'
printf -- '         git remote add paas http://%s:%s/APP.git\n' "$host" "$control_port"
printf -- '         git push paas main\n'
if [ "$system_ssh" = yes ]; then
  printf -- '       or over SSH (port 22), once your key is added (paas ssh-keys:add NAME ~/.ssh/id_ed25519.pub):\n'
  printf -- '         git remote add paas paas@%s:APP.git\n' "$host"
fi
