#!/usr/bin/env bash
# How fast the gateway serves in the first seconds after the node starts (issue 22): a node that
# has just started runs its code unoptimised (JIT tier 0) until tiered compilation catches up, so
# the first seconds of load can be far slower than the steady rate. For each variant (a build of
# the node plus runtime settings), several times in alternation: start the node afresh on the same
# data folder (the backend app "gw" stays deployed), wait until the gateway answers for the app,
# then load it with wrk without a pause and measure requests/s in
#   first    seconds 0–5 of load
#   steady   seconds 15–25 of load (after 10 s of unmeasured load)
# and print per variant the medians, min–max, and the median of each run's first/steady ratio.
#
# Variants: plain (the Release build, no ReadyToRun), r2r (published as deploy/install.sh does,
# with the project's runtime settings: TieredPGO off), and r2r with tiered-compilation settings
# given as DOTNET_* environment variables, which override the runtimeconfig's System.Runtime.*
# (r2r-pgo: dynamic PGO back on, the runtime's default and the node's before issue 22).
#
#   bench/warm-start.sh [repeats] [variant...]    (as root; Docker running; wrk, nginx-light)
#   variants: plain r2r r2r-pgo r2r-nodelay r2r-notiered (default: all)
set -euo pipefail
repeats=${1:-3}; shift || true
variants=("$@"); [ ${#variants[@]} -gt 0 ] || variants=(plain r2r r2r-pgo r2r-nodelay r2r-notiered)
first=5 gap=10 steady=10
command -v wrk >/dev/null && command -v nginx >/dev/null || { echo "needs wrk and nginx-light (apt-get install -y wrk nginx-light)" >&2; exit 1; }
source "$(dirname "$0")/lib/node.sh"
source "$(dirname "$0")/lib/gateway-backend.sh"
trap backend_cleanup EXIT
deploy_backend
stop_node

plain_dir="$root/silo/OrleansPaas.Silo/bin/Release/net10.0"
r2r_dir="$work/r2r"
rid=$(dotnet --info | awk '/RID:/ {print $2; exit}')
dotnet publish "$root/silo/OrleansPaas.Silo" -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true \
  -o "$r2r_dir" -v q -nologo >/dev/null

variant_dir() { case $1 in plain) echo "$plain_dir";; *) echo "$r2r_dir";; esac; }
variant_env() { # the DOTNET_* settings of a variant
  case $1 in
    r2r-pgo) echo "DOTNET_TieredPGO=1";;
    r2r-nodelay) echo "DOTNET_TC_CallCountingDelayMs=0";;
    r2r-notiered) echo "DOTNET_TieredCompilation=0";;
    *) echo "";;
  esac
}
load() { # seconds → requests/s through the gateway
  wrk -t1 -c16 -d"${1}s" -H "Host: $host" "http://127.0.0.1:$gw/" | awk '/Requests\/sec/ {print $2}'
}

for v in "${variants[@]}"; do : > "$work/runs-$v"; done
for i in $(seq 1 "$repeats"); do
  for v in "${variants[@]}"; do
    settings=$(variant_env "$v")
    for s in $settings; do export "${s?}"; done
    silo_dir=$(variant_dir "$v") start_node
    for s in $settings; do unset "${s%%=*}"; done
    until [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Host: $host" "http://127.0.0.1:$gw/")" = 200 ]; do sleep 0.1; done
    f=$(load "$first"); load "$gap" >/dev/null; s=$(load "$steady")
    echo "$f $s" >> "$work/runs-$v"
    printf 'run %d %-18s first %8.0f  steady %8.0f  ratio %.2f\n' "$i" "$v" "$f" "$s" "$(awk -v f="$f" -v s="$s" 'BEGIN {print f / s}')"
    stop_node
  done
done

col() { awk -v c="$2" '{print $c}' "$work/runs-$1"; }
printf '\n%-18s %9s %17s %9s %17s %7s %13s\n' variant first "(min–max)" steady "(min–max)" ratio "(min–max)"
for v in "${variants[@]}"; do
  awk '{print $1 / $2}' "$work/runs-$v" > "$work/ratio-$v"
  range() { sort -n | awk '{a[NR]=$1} END {printf "(%.0f–%.0f)", a[1], a[NR]}'; }
  printf '%-18s %9.0f %17s %9.0f %17s %7.2f %13s\n' "$v" \
    "$(col "$v" 1 | median)" "$(col "$v" 1 | range)" "$(col "$v" 2 | median)" "$(col "$v" 2 | range)" \
    "$(median < "$work/ratio-$v")" "$(sort -n "$work/ratio-$v" | awk '{a[NR]=$1} END {printf "(%.2f–%.2f)", a[1], a[NR]}')"
done
