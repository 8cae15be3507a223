#!/usr/bin/env bash
# imgctl side by side with the Docker and Podman CLIs, on the same stores, in one run.
#
#   bash bench/run.sh [--engine docker|podman|both] [--count N] [--containers C] [--rmi M[,M]...]
#                     [--runs R] [--slow-runs S] [--keep]
#   bash bench/run.sh [--engine ...] --cleanup
#
# Starts the engines (scripts/engines.sh up), builds imgctl when cli/target/imgctl/bin/imgctl is
# missing, fills each engine with N distinct tiny images imgctl-bench/img:1..N (default 500; loaded
# from a generated docker-archive, local names only) and C containers imgctl-bench-c1..C (default 50,
# created, never started), then times with hyperfine (installed with apt when missing):
#   images, ps -a, inspect, history, df
#                          R runs each (default 10) after 3 warm-ups (df: `system df` of the CLIs)
#   the first command      S runs each: `images` with no server running, which then starts one (the
#                          server of the previous run is stopped before each), against a JVM of its own
#   rmi of M images        S runs each (default 5): a fresh set imgctl-bench/rmi:1..M (default 200)
#                          is loaded before every run (--prepare), the same list for both sides; with
#                          several counts (--rmi 10,100), one row each
#   pull of the fixtures   S runs each: localhost:5000/imgctl/derived:1 and base:1 are removed before
#                          every run (--prepare), then pulled (base, then derived)
#   --engine fake images   on the built-in engine: the catalogue pulled (6 images), and N more
#   images after a change  S runs each, CLI and resident server: a fixture is tagged and the tag removed
#                          by the engine's CLI before every run (the server keeps Podman's listing only
#                          while the engine's events show no change, so this is its slow case)
# Every imgctl command runs in a JVM of its own (IMGCTL_RESIDENT=off), and images, ps -a and rmi also
# through a resident server that the bench starts for itself (imgctl resident start, with a state
# directory of its own under the results directory; stopped at the end), in the same hyperfine run;
# and the peak RSS (/usr/bin/time -f %M, median of 5) of `images` with N images. Prints a Markdown
# table of medians and ratios on stdout; progress, hyperfine's own output and the load average
# (uptime) at start and end go to stderr. Raw results (hyperfine CSV/JSON) stay in the directory
# it names ($BENCH_OUT, default a new /tmp/imgctl-bench.XXXXXX).
#
# Whatever happens (end, failure, Ctrl-C), it removes what it created before it exits: containers
# named imgctl-bench-*, images tagged imgctl-bench/* (localhost/imgctl-bench/* on Podman), and puts
# back the fixture images if a pull run left them missing. The engines may be shared (tests run on
# them): on this project's machine run it under the engines lock, e.g.
#   flock /tmp/imgctl-engines.lock bash bench/run.sh --engine docker
# --keep      leave the filled store in place (to look at it); remove it later with --cleanup
# --cleanup   only remove what the bench creates; nothing else
set -Eeuo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$BENCH_DIR/.." && pwd)"
readonly BENCH_DIR REPO_ROOT
readonly PREFIX=imgctl-bench                     # image repositories imgctl-bench/..., containers imgctl-bench-...
readonly FIXTURES=(localhost:5000/imgctl/base:1 localhost:5000/imgctl/derived:1)
readonly FAKE_CATALOGUE=(hello-world:latest alpine:3.13 alpine:3.14 node:alpine3.13 nginx:alpine ubuntu:latest)

ENGINES=(docker podman)
COUNT=500
CONTAINERS=50
RMIS=(200)
RUNS=10
SLOW_RUNS=5
WARMUP=3
KEEP=0
CLEANUP=0
IMGCTL="$REPO_ROOT/imgctl"
# imgctl runs in a JVM of its own unless a command says otherwise (the resident rows).
export IMGCTL_RESIDENT=off
STEP="start"
ORIGINAL_ARGS=("$@")

say() { printf 'bench: %s\n' "$*" >&2; }
die() { printf 'bench: Tried to %s but failed because %s\n' "$STEP" "$*" >&2; exit 1; }
# shellcheck disable=SC2154 # rc is set inside the trap itself
trap 'rc=$?; printf "bench: Tried to %s but failed because a command exited with %s (line %s)\n" "$STEP" "$rc" "$LINENO" >&2; exit "$rc"' ERR

usage() {
  sed -n '2,/^set -/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2
  exit 2
}

number() { [[ "$2" =~ ^[0-9]+$ ]] || { echo "bench: $1 needs a number, not '$2'" >&2; exit 2; }; printf '%s' "$2"; }

while (($#)); do
  case "$1" in
    --engine)
      case "${2:-}" in
        docker | podman) ENGINES=("$2") ;;
        both) ENGINES=(docker podman) ;;
        *) echo "bench: --engine needs docker, podman or both, not '${2:-}'" >&2; exit 2 ;;
      esac
      shift 2 ;;
    --count) COUNT=$(number "$1" "${2:-}"); shift 2 ;;
    --containers) CONTAINERS=$(number "$1" "${2:-}"); shift 2 ;;
    --rmi)
      IFS=, read -r -a RMIS <<<"${2:-}"
      for m in "${RMIS[@]}"; do number "$1" "$m" >/dev/null; done
      ((${#RMIS[@]})) || number "$1" ""
      shift 2 ;;
    --runs) RUNS=$(number "$1" "${2:-}"); shift 2 ;;
    --slow-runs) SLOW_RUNS=$(number "$1" "${2:-}"); shift 2 ;;
    --keep) KEEP=1; shift ;;
    --cleanup) CLEANUP=1; shift ;;
    -h | --help) usage ;;
    *) echo "bench: unknown argument: $1" >&2; usage ;;
  esac
done
((RUNS > 0 && SLOW_RUNS > 0)) || { echo "bench: --runs and --slow-runs must be at least 1" >&2; exit 2; }
((COUNT > 0 || CONTAINERS == 0)) || { echo "bench: containers need at least one image (--count)" >&2; exit 2; }

# ---------------------------------------------------------------- names

# The local name of a bench repository on an engine: Podman files a bare name under localhost/.
repo() { # engine kind(img|rmi)
  if [[ "$1" == podman ]]; then printf 'localhost/%s/%s' "$PREFIX" "$2"; else printf '%s/%s' "$PREFIX" "$2"; fi
}

# The bench tags of one kind present on an engine, one NAME:N a line.
bench_tags() { # engine kind
  local name
  name=$(repo "$1" "$2")
  "$1" images --format '{{.Repository}}:{{.Tag}}' 2>/dev/null | grep -E "^${name}:[0-9]+\$" || true
}

# Every image tag the bench made on an engine (any imgctl-bench/ repository).
all_bench_tags() { # engine
  "$1" images --format '{{.Repository}}:{{.Tag}}' 2>/dev/null | grep -E "^(localhost/)?${PREFIX}/" || true
}

bench_containers() { # engine -> names imgctl-bench-*, one a line
  "$1" ps -a --format '{{.Names}}' 2>/dev/null | grep -E "^${PREFIX}-c[0-9]+\$" || true
}

# ---------------------------------------------------------------- cleanup

cleanup_engine() { # engine
  local e=$1 names tags
  STEP="remove the bench containers and images from $e"
  mapfile -t names < <(bench_containers "$e")
  if ((${#names[@]})); then
    printf '%s\n' "${names[@]}" | xargs -r -n 50 "$e" rm -f >/dev/null
  fi
  mapfile -t tags < <(all_bench_tags "$e")
  if ((${#tags[@]})); then
    printf '%s\n' "${tags[@]}" | xargs -r -n 100 "$e" rmi >/dev/null
  fi
  say "$e: removed ${#names[@]} bench containers and ${#tags[@]} bench image tags"
}

# ---------------------------------------------------------------- set-up

STEP="record the load average"
LOAD_START=$(uptime)
say "start: $LOAD_START"

STEP="start the engines (scripts/engines.sh up)"
bash "$REPO_ROOT/scripts/engines.sh" up >&2

if ((CLEANUP)); then
  for e in "${ENGINES[@]}"; do cleanup_engine "$e"; done
  exit 0
fi

restore_fixtures() { # engine: pulls back a fixture image that a pull run left missing
  local f
  for f in "${FIXTURES[@]}"; do
    "$1" image inspect "$f" >/dev/null 2>&1 || "$1" pull -q "$f" >/dev/null 2>&1 || say "$1: could not pull $f back"
  done
}

# From here on, whatever ends the run removes what it made: the engines are shared.
CLEANED=0
final_cleanup() {
  local rc=$?
  ((CLEANED)) && return 0
  CLEANED=1
  trap - ERR
  set +e
  declare -F stop_resident >/dev/null && stop_resident
  for e in "${ENGINES[@]}"; do
    if ((KEEP)); then say "$e: --keep: the bench images and containers stay (remove them with --cleanup)"; else cleanup_engine "$e"; fi
    restore_fixtures "$e"
  done
  return "$rc"
}
trap final_cleanup EXIT
trap 'say "interrupted"; exit 130' INT TERM

# The resident server the bench starts for itself, with its own state directory (a server the user
# runs is left alone), and stops at the end: by a stop request, else by the pid it reported.
RESIDENT_PID=""
resident() { XDG_STATE_HOME="$OUT/resident-state" "$IMGCTL" resident "$@"; }
start_resident() {
  resident start --idle 2h >/dev/null
  RESIDENT_PID=$(resident status | sed -n 's/.*: pid \([0-9]*\),.*/\1/p')
  say "resident server: pid $RESIDENT_PID"
}
resident_rss() { resident status | sed -n 's/.*resident memory \([0-9]*\) kB.*/\1/p' | awk '{ printf "%.0f MB", $1 / 1024 }'; }
stop_resident() {
  [[ -n "$RESIDENT_PID" ]] || return 0
  resident stop >/dev/null 2>&1
  sleep 1
  if kill -0 "$RESIDENT_PID" 2>/dev/null; then kill "$RESIDENT_PID"; fi
  RESIDENT_PID=""
}

STEP="build imgctl"
if [[ ! -x "$REPO_ROOT/cli/target/imgctl/bin/imgctl" ]]; then
  say "building imgctl (mvn -q -B -DskipTests package)"
  (cd "$REPO_ROOT" && mvn -q -B -DskipTests package) >&2 || die "the build failed"
fi
[[ -x "$IMGCTL" ]] || die "$IMGCTL is not executable"

STEP="install hyperfine"
if ! command -v hyperfine >/dev/null; then
  ((EUID == 0)) || die "hyperfine is missing and installing it needs root (apt-get install hyperfine)"
  say "installing hyperfine (apt)"
  { DEBIAN_FRONTEND=noninteractive apt-get install -y -q hyperfine \
    || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q hyperfine; }; } >/dev/null 2>&1 \
    || die "apt-get could not install hyperfine"
fi
STEP="find the tools"
for tool in jq /usr/bin/time; do
  command -v "$tool" >/dev/null || die "$tool is missing (apt-get install jq time)"
done

OUT=${BENCH_OUT:-$(mktemp -d /tmp/imgctl-bench.XXXXXX)}
mkdir -p "$OUT"
say "raw results in $OUT"

# ---------------------------------------------------------------- fill

fill_engine() { # engine
  local e=$1 name have i
  name=$(repo "$e" img)
  STEP="fill $e with $COUNT bench images"
  have=$(bench_tags "$e" img | awk -F: -v n="$COUNT" '$NF >= 1 && $NF <= n' | wc -l)
  if ((have < COUNT)); then
    local t0=$SECONDS
    bash "$BENCH_DIR/make-archive.sh" "$name" 1 "$COUNT" "$OUT/$e-img.tar"
    "$e" load -q -i "$OUT/$e-img.tar" >/dev/null 2>"$OUT/load.err" || die "$e load failed: $(tail -n 1 "$OUT/load.err")"
    rm -f "$OUT/$e-img.tar"
    say "$e: loaded $COUNT images in $((SECONDS - t0)) s"
  fi

  STEP="create $CONTAINERS bench containers on $e"
  # Containers beyond the wanted number, from an earlier run with other numbers, go first.
  local extra
  mapfile -t extra < <(bench_containers "$e" | awk -v n="$CONTAINERS" '{ sub(/.*-c/, "", $0) } ($0 + 0) > n { print "'"$PREFIX"'-c" $0 }')
  if ((${#extra[@]})); then "$e" rm -f "${extra[@]}" >/dev/null; fi
  declare -A present=()
  while IFS= read -r c; do present[$c]=1; done < <(bench_containers "$e")
  for ((i = 1; i <= CONTAINERS; i++)); do
    [[ -n "${present[$PREFIX-c$i]:-}" ]] && continue
    # Each from its own image, among the first ones; never started.
    "$e" create --name "$PREFIX-c$i" --network none "$name:$(((i - 1) % COUNT + 1))" /bin/true >/dev/null
  done

  STEP="trim the bench images on $e"
  local surplus
  mapfile -t surplus < <(bench_tags "$e" img | awk -F: -v n="$COUNT" '$NF > n')
  if ((${#surplus[@]})); then printf '%s\n' "${surplus[@]}" | xargs -r -n 100 "$e" rmi >/dev/null; fi
}

describe_store() { # engine -> "N images, C containers"
  printf '%s images, %s containers' "$("$1" images -q | wc -l)" "$("$1" ps -aq | wc -l)"
}

# ---------------------------------------------------------------- measure

# hf LABEL [hyperfine options] -- NAME CMD [NAME CMD]... : runs hyperfine, keeps CSV and JSON in
# $OUT/LABEL.*, sets MEDIANS to the medians in seconds (in the order given); returns non-zero when
# hyperfine fails (a command failed), after printing why.
hf() {
  local label=$1 opts=() cmds=()
  shift
  while (($#)) && [[ "$1" != -- ]]; do opts+=("$1"); shift; done
  shift
  while (($#)); do cmds+=(-n "$1" "$2"); shift 2; done
  MEDIANS=()
  # Up to three tries: on a shared machine another user of the engine can make one command fail (Podman's
  # `images` exits 125 when an image goes away while it lists).
  local try
  for try in 1 2 3; do
    # The last try ignores a failing run (counted in the figures) rather than losing the row.
    if ((try == 3)); then opts+=(-i); fi
    if hyperfine --style basic "${opts[@]}" --export-csv "$OUT/$label.csv" --export-json "$OUT/$label.json" \
        "${cmds[@]}" >"$OUT/$label.log" 2>&1; then
      break
    fi
    say "$label: hyperfine failed (try $try), see $OUT/$label.log:"
    grep -v '^ *$' "$OUT/$label.log" | tail -n 4 | sed 's/^/    | /' >&2
    cp "$OUT/$label.log" "$OUT/$label.try$try.log"
    ((try < 3)) || return 1
    WARNINGS+=("$label: hyperfine try $try failed (log: $OUT/$label.try$try.log); the figures are from a later try")
    if ((try == 2)); then
      WARNINGS+=("$label: measured with hyperfine -i: runs that failed (another client changing the store) are counted")
    fi
  done
  sed -n '/Benchmark\|Time\|Range\|±/p' "$OUT/$label.log" | sed 's/^/    /' >&2
  mapfile -t MEDIANS < <(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "median") c = i; next } { print $c }' "$OUT/$label.csv")
}

ROWS=()
# row WHAT CLI_MEDIAN IMGCTL_MEDIAN (seconds, or "" / "failed")
row() {
  local what=$1 cli=$2 mine=$3 ratio=""
  if [[ "$cli" =~ ^[0-9.]+$ && "$mine" =~ ^[0-9.]+$ ]]; then
    ratio=$(awk -v a="$mine" -v b="$cli" 'BEGIN { printf "%.2f", a / b }')
    ratio="**$ratio**"
  fi
  fmt() { if [[ "$1" =~ ^[0-9.]+$ ]]; then awk -v s="$1" 'BEGIN { printf "%.3f s", s }'; else printf '%s' "$1"; fi; }
  ROWS+=("| $what | $(fmt "$cli") | $(fmt "$mine") | $ratio |")
}

median_of() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) exit; if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

peak_rss() { # cmd... -> median peak RSS in MB of 5 runs
  local i kb=()
  for ((i = 0; i < 5; i++)); do
    /usr/bin/time -f %M -o "$OUT/rss.one" "$@" >/dev/null 2>&1 || { printf 'failed'; return 0; }
    kb+=("$(tail -n 1 "$OUT/rss.one")")
  done
  printf '%s\n' "${kb[@]}" | median_of | awk '{ printf "%.0f MB", $1 / 1024 }'
}

WARNINGS=()

# Whether the bench's resident server runs this imgctl command line (rather than leaving it to a JVM).
resident_runs() { # imgctl args...
  local said
  said=$(XDG_STATE_HOME="$OUT/resident-state" IMGCTL_RESIDENT=debug "$IMGCTL" "$@" 2>&1 >/dev/null || true)
  [[ $said != *'not run by the resident server'* ]]
}

measure_engine() { # engine
  local e=$1 Name store rows_cli rows_mine
  Name=$([[ "$e" == docker ]] && echo Docker || echo Podman)
  store=$(describe_store "$e")
  say "$e: measuring ($store)"

  STEP="compare the listings on $e"
  rows_cli=$("$e" images | wc -l)
  rows_mine=$("$IMGCTL" --engine "$e" images | wc -l)
  if ((rows_cli != rows_mine)); then
    WARNINGS+=("$e images lists $rows_cli lines, imgctl $rows_mine")
  fi

  STEP="check that the resident server runs images and ps -a on $e"
  local served=1 args
  for args in images "ps -a"; do
    # shellcheck disable=SC2086 # two words on purpose
    if ! resident_runs --engine "$e" $args; then
      served=0
      WARNINGS+=("$e: the resident server did not run '$args'; no resident rows")
    fi
  done

  STEP="time images on $e"
  local jvm="env IMGCTL_RESIDENT=off $IMGCTL" warm="env IMGCTL_RESIDENT=on XDG_STATE_HOME=$OUT/resident-state $IMGCTL"
  # (No comma in a command's name: hyperfine's CSV quotes it, and the medians are read with awk -F,.)
  if hf "$e-images" -N --warmup "$WARMUP" --runs "$RUNS" -- \
      "$e images" "$e images" "imgctl --engine $e images" "$jvm --engine $e images" \
      "imgctl --engine $e images (resident)" "$warm --engine $e images"; then
    row "\`images\`, $Name ($store)" "${MEDIANS[0]}" "${MEDIANS[1]}"
    ((served)) && row "\`images\`, $Name, resident server" "${MEDIANS[0]}" "${MEDIANS[2]}"
  else row "\`images\`, $Name" failed failed; fi

  if ((served)); then
    # The server keeps Podman's listing while its events log shows no change: time the listing right
    # after a change too (a tag made and removed by the engine's CLI before each run).
    STEP="time images on $e after a change"
    local moved
    moved="$(repo "$e" img)-moved:1"
    if hf "$e-images-changed" -N --runs "$SLOW_RUNS" \
        --prepare "bash $BENCH_DIR/prepare.sh change $e ${FIXTURES[0]} $moved" -- \
        "$e images (store changed)" "$e images" "imgctl --engine $e images (resident; store changed)" "$warm --engine $e images"; then
      row "\`images\`, $Name, resident server, the store changed just before" "${MEDIANS[0]}" "${MEDIANS[1]}"
    else row "\`images\`, $Name, resident server, the store changed just before" failed failed; fi
  fi

  STEP="time ps -a on $e"
  if hf "$e-ps" -N --warmup "$WARMUP" --runs "$RUNS" -- \
      "$e ps -a" "$e ps -a" "imgctl --engine $e ps -a" "$jvm --engine $e ps -a" \
      "imgctl --engine $e ps -a (resident)" "$warm --engine $e ps -a"; then
    row "\`ps -a\`, $Name" "${MEDIANS[0]}" "${MEDIANS[1]}"
    ((served)) && row "\`ps -a\`, $Name, resident server" "${MEDIANS[0]}" "${MEDIANS[2]}"
  else row "\`ps -a\`, $Name" failed failed; fi

  STEP="time inspect, history and df on $e"
  local what cli_cmd mine_cmd
  for what in inspect history df; do
    case $what in
      inspect) cli_cmd="$e image inspect ${FIXTURES[1]}" mine_cmd="--engine $e inspect ${FIXTURES[1]}" ;;
      history) cli_cmd="$e history ${FIXTURES[1]}" mine_cmd="--engine $e history ${FIXTURES[1]}" ;;
      df) cli_cmd="$e system df" mine_cmd="--engine $e df" ;;
    esac
    if hf "$e-$what" -N --warmup "$WARMUP" --runs "$RUNS" -- \
        "$cli_cmd" "$cli_cmd" "imgctl $mine_cmd" "$jvm $mine_cmd" "imgctl $mine_cmd (resident)" "$warm $mine_cmd"; then
      row "\`$what\`, $Name" "${MEDIANS[0]}" "${MEDIANS[1]}"
      ((served)) && row "\`$what\`, $Name, resident server" "${MEDIANS[0]}" "${MEDIANS[2]}"
    else row "\`$what\`, $Name" failed failed; fi
  done

  # The first command: no server runs; it runs in a JVM of its own and starts one in the background
  # for the next commands (stopped again before each run).
  STEP="time the first command on $e"
  local first_state="$OUT/first-state"
  if hf "$e-first" -N --runs "$SLOW_RUNS" --prepare "bash $BENCH_DIR/prepare.sh no-server $IMGCTL $first_state" -- \
      "imgctl --engine $e images (JVM)" "$jvm --engine $e images" \
      "imgctl --engine $e images (first command)" "env IMGCTL_RESIDENT=on XDG_STATE_HOME=$first_state $IMGCTL --engine $e images"; then
    row "first command (\`images\`, starts the server), $Name: imgctl in a JVM / the first command" "${MEDIANS[0]}" "${MEDIANS[1]}"
  else row "first command, $Name" failed failed; fi
  bash "$BENCH_DIR/prepare.sh" no-server "$IMGCTL" "$first_state"

  STEP="measure the peak RSS of images on $e"
  local rss_cli rss_mine
  rss_cli=$(peak_rss "$e" images)
  rss_mine=$(IMGCTL_RESIDENT=off peak_rss "$IMGCTL" --engine "$e" images)
  ROWS+=("| peak RSS of \`images\`, $Name | $rss_cli | $rss_mine | |")
  ROWS+=("| RSS of the resident server after the runs above | | $(resident_rss) | |")

  STEP="time pull on $e"
  local f pulls_cli="" pulls_mine="" unpull
  for f in "${FIXTURES[@]}"; do
    pulls_cli+="${pulls_cli:+ && }$e pull -q $f >/dev/null"
    pulls_mine+="${pulls_mine:+ && }$IMGCTL --engine $e pull -q $f >/dev/null"
  done
  unpull="bash $BENCH_DIR/prepare.sh unpull $e ${FIXTURES[1]} ${FIXTURES[0]}"
  # Whether removing the fixtures really removes their data (other tags may keep it).
  local base_id note=""
  base_id=$("$e" image inspect --format '{{.Id}}' "${FIXTURES[0]}" 2>/dev/null || true)
  $unpull
  if [[ -n "$base_id" ]] && "$e" image inspect "$base_id" >/dev/null 2>&1; then
    note=" (data kept under other names: only the manifests are fetched)"
  fi
  if hf "$e-pull" --runs "$SLOW_RUNS" --prepare "$unpull" -- \
      "$e pull" "$pulls_cli" "imgctl pull" "$pulls_mine"; then
    row "\`pull\` base:1 + derived:1, $Name$note" "${MEDIANS[0]}" "${MEDIANS[1]}"
  else row "\`pull\` base:1 + derived:1, $Name" failed failed; fi
  # Leave the fixtures as they were: present.
  for f in "${FIXTURES[@]}"; do "$e" image inspect "$f" >/dev/null 2>&1 || "$e" pull -q "$f" >/dev/null; done

  local RMI
  for RMI in "${RMIS[@]}"; do
    if ((RMI > 0)); then
      STEP="time rmi of $RMI images on $e"
      local name archive state tags leftovers
      name=$(repo "$e" rmi)
      archive="$OUT/$e-rmi.tar"
      state="$OUT/$e-rmi.state"
      rm -rf "$state"
      mapfile -t leftovers < <(bench_tags "$e" rmi)
      if ((${#leftovers[@]})); then printf '%s\n' "${leftovers[@]}" | xargs -r -n 100 "$e" rmi >/dev/null; fi
      bash "$BENCH_DIR/make-archive.sh" "$name" 1 "$RMI" "$archive"
      tags=$(seq 1 "$RMI" | sed "s#^#$name:#" | tr '\n' ' ')
      # Also through the resident server when it runs rmi (since the fifth session; --prepare runs
      # before every timed run of each command, so each removes a freshly loaded set).
      local rmi_warm=()
      if resident_runs --engine "$e" rmi "$name:0"; then
        rmi_warm=("imgctl rmi ($RMI; resident)" "$warm --engine $e rmi $tags")
      else
        WARNINGS+=("$e: the resident server did not run rmi; no resident rmi row")
      fi
      if hf "$e-rmi-$RMI" -N --runs "$SLOW_RUNS" \
          --prepare "bash $BENCH_DIR/prepare.sh load $e $archive $name $RMI $state" -- \
          "$e rmi ($RMI)" "$e rmi $tags" "imgctl rmi ($RMI)" "$IMGCTL --engine $e rmi $tags" "${rmi_warm[@]}"; then
        row "\`rmi\` of $RMI unused images, $Name" "${MEDIANS[0]}" "${MEDIANS[1]}"
        ((${#rmi_warm[@]})) && row "\`rmi\` of $RMI unused images, $Name, resident server" "${MEDIANS[0]}" "${MEDIANS[2]}"
      else row "\`rmi\` of $RMI unused images, $Name" failed failed; fi
      local left
      left=$(bench_tags "$e" rmi | wc -l)
      ((left == 0)) || WARNINGS+=("$e: the last timed imgctl rmi left $left of the $RMI images")
      if [[ -f "$state/warnings" ]]; then
        mapfile -t -O "${#WARNINGS[@]}" WARNINGS < <(sort -u "$state/warnings")
      fi
      if ((left)); then bench_tags "$e" rmi | xargs -r -n 100 "$e" rmi >/dev/null; fi
      rm -f "$archive"
    fi
  done
}

measure_fake() {
  STEP="time the built-in engine"
  local small="$OUT/fake-catalogue.json" big="$OUT/fake-$COUNT.json" r rows
  rm -f "$small" "$small.lock"
  for r in "${FAKE_CATALOGUE[@]}"; do
    IMGCTL_FAKE_STATE="$small" "$IMGCTL" --engine fake pull -q "$r" >/dev/null
  done
  local cmds=("fake images (6)" "env IMGCTL_FAKE_STATE=$small $IMGCTL --engine fake images")
  local have_big=0
  if bash "$BENCH_DIR/make-fake-state.sh" "$small" "$COUNT" "$big" 2>"$OUT/fake.err"; then
    rows=$(IMGCTL_FAKE_STATE="$big" "$IMGCTL" --engine fake images 2>>"$OUT/fake.err" | wc -l || true)
    if ((rows == COUNT + ${#FAKE_CATALOGUE[@]} + 1)); then
      have_big=1
      cmds+=("fake images ($((COUNT + ${#FAKE_CATALOGUE[@]})))" "env IMGCTL_FAKE_STATE=$big $IMGCTL --engine fake images")
    else
      WARNINGS+=("fake: the generated $COUNT-image state lists $rows lines; measured the catalogue only")
    fi
  else
    WARNINGS+=("fake: could not generate a $COUNT-image state: $(tail -n 1 "$OUT/fake.err")")
  fi
  if hf fake-images -N --warmup "$WARMUP" --runs "$RUNS" -- "${cmds[@]}"; then
    row "\`--engine fake images\`, catalogue pulled (6 images)" "" "${MEDIANS[0]}"
    if ((have_big)); then
      row "\`--engine fake images\`, $((COUNT + ${#FAKE_CATALOGUE[@]})) images" "" "${MEDIANS[1]}"
    fi
  else row "\`--engine fake images\`" "" failed; fi
}

# ---------------------------------------------------------------- run

VERSIONS=("$(java -version 2>&1 | head -n 1)" "$(hyperfine --version)")
for e in "${ENGINES[@]}"; do
  STEP="reach $e"
  "$e" version >/dev/null 2>&1 || die "$e does not answer (bash scripts/engines.sh up)"
  if [[ "$e" == docker ]]; then
    VERSIONS+=("Docker CLI $(docker version --format '{{.Client.Version}}'), daemon $(docker version --format '{{.Server.Version}}')")
  else
    VERSIONS+=("Podman $(podman version --format '{{.Client.Version}}')")
  fi
  fill_engine "$e"
done

STEP="start the resident server"
start_resident
for e in "${ENGINES[@]}"; do measure_engine "$e"; done
measure_fake

LOAD_END=$(uptime)
say "end: $LOAD_END"

# ---------------------------------------------------------------- report (stdout)

load() { printf '%s' "${1##*load average: }"; }
echo "imgctl side by side: bash bench/run.sh${ORIGINAL_ARGS[*]:+ ${ORIGINAL_ARGS[*]}}"
echo "$(nproc) cores; ${VERSIONS[*]/%/;}" | sed 's/;$//'
echo "load average (1, 5, 15 min): $(load "$LOAD_START") at start, $(load "$LOAD_END") at end"
echo "medians: images and ps -a of $RUNS runs after $WARMUP warm-ups; pull and rmi of $SLOW_RUNS runs, each after its --prepare"
echo
echo "| command | CLI | imgctl | imgctl / CLI |"
echo "|---|---|---|---|"
printf '%s\n' "${ROWS[@]}"
if ((${#WARNINGS[@]})); then
  echo
  printf 'warning: %s\n' "${WARNINGS[@]}"
fi
