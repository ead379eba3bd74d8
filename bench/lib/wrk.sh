# Shared by the benchmarks that read wrk's output.
# to_ms VALUE: wrk's "850.12us" / "4.51ms" / "1.20s" as milliseconds.
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /s$/ && v !~ /ms$/) n *= 1000; printf "%.2f", n }'; }
# wrk_figures OUTPUT (of wrk --latency): "req/s p50-ms p99-ms errors requests".
wrk_figures() {
  local rps p50 p99 errors requests
  rps=$(awk '/Requests\/sec/ {print $2}' <<< "$1")
  p50=$(awk '$1 == "50%" {print $2}' <<< "$1"); p99=$(awk '$1 == "99%" {print $2}' <<< "$1")
  errors=$(awk '/Non-2xx/ {n += $NF} /Socket errors/ {gsub(",", ""); n += $4 + $6 + $8 + $10} END {print n + 0}' <<< "$1")
  requests=$(awk '/requests in/ {print $1}' <<< "$1")
  echo "$rps $(to_ms "$p50") $(to_ms "$p99") $errors $requests"
}
