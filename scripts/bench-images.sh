#!/usr/bin/env bash
# Listing speed with many images: `docker images` vs `./imgctl --engine docker images`
# (or the same pair for Podman), measured in the same run, on the same store.
#
#   scripts/bench-images.sh [--engine docker|podman] [--count N] [--runs R] [--imgctl PATH] [--loop]
#   scripts/bench-images.sh [--engine docker|podman] --cleanup
#
# It first makes sure N distinct tiny images exist (imgctl-bench/img:1..N, each a one-file layer
# made by `import`; local names only, never pulled or pushed), then times both commands R times
# each (hyperfine, installed with apt when missing and root; else, or with --loop, a date +%s%N
# loop), prints both medians and the ratio.
# The engine must be running (scripts/engines.sh up).
set -Eeuo pipefail
# Measures imgctl in a JVM of its own (the resident server has bench/run.sh's rows).
export IMGCTL_RESIDENT=off

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly REPO_ROOT
readonly BENCH_REPO=imgctl-bench/img

ENGINE=docker
COUNT=500
RUNS=20
WARMUP=3
IMGCTL="$REPO_ROOT/imgctl"
CLEANUP=0
FORCE_LOOP=0
STEP="start"

die() { printf 'bench: Tried to %s but failed because %s\n' "$STEP" "$*" >&2; exit 1; }
# shellcheck disable=SC2154 # rc is set inside the trap itself
trap 'rc=$?; printf "bench: Tried to %s but failed because a command exited with %s (line %s)\n" "$STEP" "$rc" "$LINENO" >&2; exit "$rc"' ERR
say() { printf 'bench: %s\n' "$*" >&2; }

usage() {
  sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

while (($#)); do
  case "$1" in
    --engine) ENGINE=${2:?--engine needs docker or podman}; shift 2 ;;
    --engine=*) ENGINE=${1#*=}; shift ;;
    --count|-n) COUNT=${2:?--count needs a number}; shift 2 ;;
    --count=*) COUNT=${1#*=}; shift ;;
    --runs) RUNS=${2:?--runs needs a number}; shift 2 ;;
    --runs=*) RUNS=${1#*=}; shift ;;
    --imgctl) IMGCTL=${2:?--imgctl needs a path}; shift 2 ;;
    --imgctl=*) IMGCTL=${1#*=}; shift ;;
    --cleanup) CLEANUP=1; shift ;;
    --loop) FORCE_LOOP=1; shift ;;
    -h|--help) usage ;;
    *) echo "bench: unknown argument: $1" >&2; usage ;;
  esac
done

STEP="check the arguments"
[[ "$ENGINE" == docker || "$ENGINE" == podman ]] || die "--engine must be docker or podman, not '$ENGINE'"
[[ "$COUNT" =~ ^[0-9]+$ ]] || die "--count must be a number, not '$COUNT'"
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "--runs must be a positive number, not '$RUNS'"
command -v "$ENGINE" >/dev/null || die "the $ENGINE command is not installed (run scripts/engines.sh up)"

STEP="reach the $ENGINE engine"
"$ENGINE" version >/dev/null 2>&1 || die "$ENGINE does not answer (run scripts/engines.sh up)"

# Tags of the bench images present now, one "imgctl-bench/img:<i>" per line.
bench_tags() {
  "$ENGINE" images --format '{{.Repository}}:{{.Tag}}' 2>/dev/null \
    | sed -n "s#^\(localhost/\)\{0,1\}\($BENCH_REPO:[0-9][0-9]*\)\$#\2#p"
}

if ((CLEANUP)); then
  STEP="remove the bench images from $ENGINE"
  mapfile -t tags < <(bench_tags)
  if ((${#tags[@]} == 0)); then say "no bench images on $ENGINE"; exit 0; fi
  [[ "$ENGINE" == podman ]] && tags=("${tags[@]/#/localhost/}")
  printf '%s\n' "${tags[@]}" | xargs -r -n 100 "$ENGINE" rmi >/dev/null
  say "removed ${#tags[@]} bench images from $ENGINE"
  exit 0
fi

# ---------------------------------------------------------------- make the images

STEP="create $COUNT bench images on $ENGINE"
declare -A present=()
while IFS= read -r t; do present[$t]=1; done < <(bench_tags)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
made=0
t0=$(date +%s%N)
for ((i = 1; i <= COUNT; i++)); do
  [[ -n "${present[$BENCH_REPO:$i]:-}" ]] && continue
  printf 'imgctl bench image %s\n' "$i" >"$work/bench-$i"
  tar --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$work" -cf - "bench-$i" \
    | "$ENGINE" import - "$BENCH_REPO:$i" >/dev/null 2>"$work/import.err" \
    || die "$ENGINE import of $BENCH_REPO:$i failed: $(tail -n 1 "$work/import.err")"
  rm -f "$work/bench-$i"
  made=$((made + 1))
done
if ((made)); then
  say "created $made images in $(( ($(date +%s%N) - t0) / 1000000 )) ms"
fi
total=$("$ENGINE" images -q | wc -l)
say "$ENGINE lists $total images ($COUNT bench images wanted)"

# ---------------------------------------------------------------- commands to compare

ENGINE_CMD=("$ENGINE" images)
IMGCTL_CMD=("$IMGCTL" --engine "$ENGINE" images)
have_imgctl=0
STEP="run ${IMGCTL_CMD[*]}"
if [[ -x "$IMGCTL" ]]; then
  if out=$("${IMGCTL_CMD[@]}" 2>"$work/imgctl.err"); then
    have_imgctl=1
    # Both list one row per tag plus a header: the counts should agree.
    engine_rows=$("${ENGINE_CMD[@]}" | wc -l)
    imgctl_rows=$(printf '%s\n' "$out" | wc -l)
    say "rows listed: ${ENGINE_CMD[*]} $engine_rows, imgctl $imgctl_rows"
    ((engine_rows == imgctl_rows)) || say "WARNING: the row counts differ"
  else
    say "imgctl failed, measuring only the engine: $(head -n 3 "$work/imgctl.err" | tr '\n' ' ')"
  fi
else
  say "no executable imgctl at $IMGCTL (build it first), measuring only the engine"
fi

# ---------------------------------------------------------------- measure

# The median of numbers (seconds) on stdin.
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.6f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

want_hyperfine() {
  command -v hyperfine >/dev/null && return 0
  ((EUID == 0)) || return 1
  say "installing hyperfine (apt)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q hyperfine >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q hyperfine >/dev/null 2>&1; }
}

STEP="measure the listing times"
declare -a labels=("${ENGINE_CMD[*]}")
declare -a medians=()
if ((have_imgctl)); then labels+=("${IMGCTL_CMD[*]}"); fi

if ((!FORCE_LOOP)) && want_hyperfine; then
  tool="hyperfine"
  hf=(hyperfine -N --style basic --warmup "$WARMUP" --runs "$RUNS" --export-csv "$work/hf.csv")
  "${hf[@]}" "${labels[@]}" >&2 || die "hyperfine failed"
  # CSV columns: command,mean,stddev,median,user,system,min,max (commands hold no commas).
  mapfile -t medians < <(awk -F, 'NR > 1 { print $4 }' "$work/hf.csv")
else
  tool="a date +%s%N loop"
  time_once() { # prints seconds
    local s e
    s=$(date +%s%N)
    "$@" >/dev/null 2>&1 || die "$* failed"
    e=$(date +%s%N)
    awk -v ns=$((e - s)) 'BEGIN { printf "%.6f\n", ns / 1e9 }'
  }
  for ((w = 0; w < WARMUP; w++)); do
    "${ENGINE_CMD[@]}" >/dev/null 2>&1
    if ((have_imgctl)); then "${IMGCTL_CMD[@]}" >/dev/null 2>&1; fi
  done
  : >"$work/engine.times"; : >"$work/imgctl.times"
  # Interleaved, so both see the same machine load.
  for ((r = 0; r < RUNS; r++)); do
    time_once "${ENGINE_CMD[@]}" >>"$work/engine.times"
    if ((have_imgctl)); then time_once "${IMGCTL_CMD[@]}" >>"$work/imgctl.times"; fi
  done
  medians=("$(median <"$work/engine.times")")
  if ((have_imgctl)); then medians+=("$(median <"$work/imgctl.times")"); fi
fi

# ---------------------------------------------------------------- report (stdout)

echo "images on $ENGINE: $total; runs: $RUNS each (+$WARMUP warm-up), measured with $tool"
for idx in "${!labels[@]}"; do
  printf 'median %-40s %8.3f s\n' "${labels[$idx]}" "${medians[$idx]}"
done
if ((have_imgctl)); then
  awk -v a="${medians[1]}" -v b="${medians[0]}" \
    'BEGIN { printf "ratio imgctl / %s: %.2f\n", "'"$ENGINE"'", (b > 0 ? a / b : 0) }'
fi
