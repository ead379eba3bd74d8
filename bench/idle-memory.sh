#!/usr/bin/env bash
# Idle memory of one node with no apps (SQLite, the default), as the README's first command runs it:
# the resident set after the node has answered and then sat idle.
#   bench/idle-memory.sh [runs] [idle-seconds] [name=silo-build-folder ...]      (as root; Docker running)
# With no folders it compares the runtime settings the node ships with (the baseline) against each
# candidate GC/JIT knob. With folders (each a build output of the silo, e.g. a copy of
# silo/OrleansPaas.Silo/bin/Release/net10.0 taken before a change) it compares those builds, the
# first being the baseline. The variants take turns run by run, so a load change on the machine
# falls on all of them alike; compare the medians of one run of this script, not across runs.
set -euo pipefail
runs=${1:-3}
idle=${2:-20}
shift $(( $# < 2 ? $# : 2 ))
bench_start=no
source "$(dirname "$0")/lib/node.sh"
rss_mib() { awk -v f="${2:-VmRSS}" '$1 == f":" {printf "%.0f", $2/1024}' "/proc/$1/status"; }

# name=environment (empty: as shipped), or name=folder of a build. Each knob is documented for .NET's GC or JIT.
variants=("$@")
if [ ${#variants[@]} -eq 0 ]; then
  variants=(
    "as-shipped="
    "no-concurrent-gc=DOTNET_gcConcurrent=0"
    "gen0-4MiB=DOTNET_GCgen0size=0x400000"
    "conserve-memory=DOTNET_GCConserveMemory=7"
    "no-tiered-pgo=DOTNET_TieredPGO=0"
    "all-four=DOTNET_gcConcurrent=0 DOTNET_GCgen0size=0x400000 DOTNET_GCConserveMemory=7 DOTNET_TieredPGO=0"
  )
fi
declare -A figures files
for _ in $(seq 1 "$runs"); do
  for variant in "${variants[@]}"; do
    name=${variant%%=*}; value=${variant#*=}
    settings=""; silo_dir=""
    if [ -d "$value" ]; then silo_dir=$value; else settings=$value; fi
    rm -rf "$work/data"
    for setting in $settings; do export "${setting?}"; done
    start_node
    for setting in $settings; do unset "${setting%%=*}"; done
    [ -f "$work/data/admin-token" ] || { echo "the node of $name did not start; see $work/node.log" >&2; exit 1; }
    sleep "$idle" # the measurement itself: how much the node holds once it has been idle this long
    figures[$name]="${figures[$name]:-} $(rss_mib "$node_pid")"
    # The part read from files (mostly the assemblies' pages): it moves little from run to run, so it
    # shows an assembly cut that the total's noise (GC timing) hides.
    files[$name]="${files[$name]:-} $(rss_mib "$node_pid" RssFile)"
    stop_node
  done
done
base=""
printf '%-22s %-16s %8s  %-8s %s\n' variant "MiB after ${idle}s idle" median "vs ${variants[0]%%=*}" "file-backed MiB (median)"
for variant in "${variants[@]}"; do
  name=${variant%%=*}
  median=$(printf '%s\n' ${figures[$name]} | median)
  file_median=$(printf '%s\n' ${files[$name]} | median)
  base=${base:-$median}
  awk -v n="$name" -v f="${figures[$name]# }" -v m="$median" -v b="$base" -v fm="$file_median" \
    'BEGIN {printf "%-22s %-16s %8.0f  %-8s %.0f\n", n, f, m, sprintf("%.2fx", m/b), fm}'
done
