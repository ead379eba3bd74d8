#!/usr/bin/env bash
# Push-to-serving latency of the platform against the floor: the same `docker build` +
# `docker run` + first answer, done directly. Both are measured in the same run, alternating,
# so the machine's noise hits both alike. Prints every run, the medians and their ratio.
# A push cannot serve a commit before git has sent it, which the floor leaves out: the time of
# the same commit's `git push` to a plain bare repository on this machine is measured too, and
# a second ratio compares the platform with that transfer + the floor.
# The platform runs every app on a bridge network of its own where apps cannot reach each other
# (Paas:Deploy:Network); the engine sets up more for a container there than on its default bridge.
# A second floor runs the container on such a network (ICC off, like the platform's) so that the
# ratio of what the platform adds can be read apart from what isolation costs the engine.
# Each timed part starts on a quiet engine: the platform's retired instance (stopped after its
# drain time) and the floor's containers are gone first, as the floor's cleanup is untimed.
#
#   bench/deploy-latency.sh [runs]        (as root; Docker running; busybox-static installed)
set -euo pipefail
runs=${1:-7}
source "$(dirname "$0")/lib/node.sh"

make_app() { # dir content
  mkdir -p "$1/www"
  printf 'FROM paas-test/busybox:latest\nCOPY www /www\nCMD ["sh", "-c", "exec httpd -f -p $PORT -h /www"]\n' > "$1/Dockerfile"
  echo "$2" > "$1/www/index.html"
}
wait_for() { # url host expected
  until [ "$(curl -s -H "Host: $2" "$1" 2>/dev/null)" = "$3" ]; do :; done
}

app="$work/app"; make_app "$app" "warm-up"
git -C "$app" init -q -b main && git -C "$app" add -A && git -C "$app" commit -qm warm
git -C "$app" push -q "http://bench:$token@127.0.0.1:$ctl/bench.git" main 2>/dev/null   # first push creates the app
floor="$work/floor"
git init -q --bare "$work/bare.git"
floor_net="paas-bench-floor-$$"
docker network create -o com.docker.network.bridge.enable_icc=false "$floor_net" >/dev/null
trap 'docker network rm "$floor_net" >/dev/null 2>&1 || true; bench_cleanup' EXIT
quiet() { # the app's only container left running, and no floor container (the retired one stops after its drain time)
  local deadline=$(( $(now_ms) + 60000 ))
  until [ "$(docker ps -q --filter label=paas.app=bench | wc -l)" -le 1 ] && [ -z "$(docker ps -aq --filter label=bench=floor)" ]; do
    [ "$(now_ms)" -lt "$deadline" ] || { echo "the engine did not quieten within 60 s (docker ps shows what still runs)" >&2; exit 1; }
    sleep 0.1
  done
}
run_floor() { # run image port network-args... : run, poll its port until the content answers; prints ms
  local run=$1 image=$2 port=$3; shift 3
  local t0; t0=$(now_ms)
  docker run -d --init --label bench=floor -e PORT=5000 -p "127.0.0.1:$port:5000" "$@" "$image" >/dev/null
  wait_for "http://127.0.0.1:$port/" localhost "floor run $run"
  echo $(( $(now_ms) - t0 ))
  docker ps -aq --filter label=bench=floor | xargs -r docker rm -f >/dev/null
}

printf '%-4s %12s %12s %14s %12s\n' run platform_ms floor_ms floor_net_ms git_push_ms
: > "$work/platform"; : > "$work/floor-times"; : > "$work/floor-net-times"; : > "$work/git-times"; : > "$work/git-floor-times"
for i in $(seq 1 "$runs"); do
  # Platform: commit, push, poll the gateway until the new content answers.
  quiet
  echo "platform run $i" > "$app/www/index.html"
  git -C "$app" commit -qam "run $i"
  t0=$(now_ms)
  git -C "$app" push -q "http://bench:$token@127.0.0.1:$ctl/bench.git" main 2>/dev/null
  wait_for "http://127.0.0.1:$gw/" bench.bench.test "platform run $i"
  p=$(( $(now_ms) - t0 ))

  # git's own part: the same kind of commit pushed to a bare repository (a new one each run, so it sends the same objects).
  rm -rf "$floor"; make_app "$floor" "floor run $i"
  git -C "$floor" init -q -b main && git -C "$floor" add -A && git -C "$floor" commit -qm "floor $i"
  t0=$(now_ms)
  git -C "$floor" push -q "$work/bare.git" "main:run-$i" 2>/dev/null
  g=$(( $(now_ms) - t0 ))

  # Floor: the same build and run by hand, polling the container's port directly; the run once
  # more on an isolated network like the platform's (the build is the same, so it counts for both).
  quiet
  t0=$(now_ms)
  docker build -q -t "bench-floor:$i" "$floor" >/dev/null 2>&1  # the newer CLI warns that the legacy builder is deprecated
  b=$(( $(now_ms) - t0 ))
  f=$(( b + $(run_floor "$i" "bench-floor:$i" "$(free_port)") ))
  fn=$(( b + $(run_floor "$i" "bench-floor:$i" "$(free_port)" --network "$floor_net") ))

  printf '%-4s %12s %12s %14s %12s\n' "$i" "$p" "$f" "$fn" "$g"
  echo "$p" >> "$work/platform"; echo "$f" >> "$work/floor-times"; echo "$fn" >> "$work/floor-net-times"; echo "$g" >> "$work/git-times"
  echo $(( fn + g )) >> "$work/git-floor-times"
done

pm=$(median < "$work/platform"); fm=$(median < "$work/floor-times"); fnm=$(median < "$work/floor-net-times"); gm=$(median < "$work/git-times")
gfm=$(median < "$work/git-floor-times")
printf '%-4s %12s %12s %14s %12s\n' median "$pm" "$fm" "$fnm" "$gm"
spread() { sort -n "$1" | awk '{a[NR]=$1} END {printf "%d-%d", a[1], a[NR]}'; }
echo "spread (min-max): platform $(spread "$work/platform"), floor $(spread "$work/floor-times"), floor on a network $(spread "$work/floor-net-times")"
awk -v p="$pm" -v f="$fm" 'BEGIN { printf "ratio platform/floor (medians): %.2f\n", p / f }'
awk -v p="$pm" -v f="$fnm" 'BEGIN { printf "ratio platform/floor on an isolated network (medians): %.2f\n", p / f }'
awk -v p="$pm" -v f="$gfm" 'BEGIN { printf "ratio platform/(git push + floor on an isolated network) (medians; %d ms): %.2f\n", f, p / f }'
