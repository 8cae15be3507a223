#!/usr/bin/env bash
# The resident server's memory over many commands: its resident set size (VmRSS) after every K
# commands, up to N, through the launcher as a user runs them.
#
#   bash bench/resident-memory.sh [--commands N] [--every K] [--engines 'docker podman']
#
# Starts a server with a state directory of its own (a server the user runs is left alone), then runs
# N commands (default 10000) in turn: on the built-in engine images, ps -a, inspect, history, df, a
# tag and its removal, ref; and images, ps -a and inspect of a fixture on Docker and Podman when
# they answer (scripts/engines.sh up; --engines names which, '' for none). Prints a Markdown table (commands served, RSS in MB, seconds
# since the start) on stdout, and stops the server it started at the end, whatever happens.
set -Eeuo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
IMGCTL=$REPO_ROOT/imgctl
COMMANDS=10000
EVERY=1000
ENGINES="docker podman"
while (($#)); do
  case "$1" in
    --commands) COMMANDS=${2:?}; shift 2 ;;
    --every) EVERY=${2:?}; shift 2 ;;
    --engines) ENGINES=${2-}; shift 2 ;;
    *) echo "resident-memory: unknown argument: $1" >&2; exit 2 ;;
  esac
done
[[ $COMMANDS =~ ^[0-9]+$ && $EVERY =~ ^[1-9][0-9]*$ ]] || { echo "resident-memory: --commands and --every take numbers" >&2; exit 2; }
[[ -x $REPO_ROOT/cli/target/imgctl/bin/imgctl ]] || { echo "resident-memory: build first (mvn -q -B -DskipTests package)" >&2; exit 1; }

work=$(mktemp -d)
export XDG_STATE_HOME=$work/state IMGCTL_FAKE_STATE=$work/fake.json IMGCTL_RESIDENT=on
pid=""
cleanup() {
  "$IMGCTL" resident stop >/dev/null 2>&1 || true
  if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then sleep 1; kill "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

IMGCTL_RESIDENT=off "$IMGCTL" --engine fake pull -q alpine:3.13 >/dev/null
IMGCTL_RESIDENT=off "$IMGCTL" --engine fake run --name memory alpine:3.13 true >/dev/null
"$IMGCTL" resident start --idle 2h >/dev/null
pid=$("$IMGCTL" resident status | sed -n 's/.*: pid \([0-9]*\),.*/\1/p')

lines=("--engine fake images" "--engine fake ps -a" "--engine fake inspect alpine:3.13" "--engine fake history alpine:3.13"
  "--engine fake df" "--engine fake tag alpine:3.13 memory/tag:1" "--engine fake rmi memory/tag:1" "ref localhost:5000/team/app:1")
engines=""
for e in $ENGINES; do
  if IMGCTL_RESIDENT=off "$IMGCTL" --engine "$e" images -q >/dev/null 2>&1; then
    lines+=("--engine $e images" "--engine $e ps -a" "--engine $e inspect localhost:5000/imgctl/base:1")
    engines+=" $e"
  fi
done

rss() { awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$pid/status"; }
echo "resident server memory: bash bench/resident-memory.sh --commands $COMMANDS --every $EVERY (engines: fake$engines)"
echo
echo "| commands served | RSS (MB) | seconds |"
echo "|---|---|---|"
echo "| 0 | $(rss) | 0 |"
start=$SECONDS failed=0
for ((i = 1; i <= COMMANDS; i++)); do
  read -r -a line <<<"${lines[$(((i - 1) % ${#lines[@]}))]}"
  "$IMGCTL" "${line[@]}" >/dev/null 2>&1 || failed=$((failed + 1))
  if ((i % EVERY == 0)); then
    echo "| $i | $(rss) | $((SECONDS - start)) |"
  fi
done
served=$("$IMGCTL" resident status | sed -n 's/.*, \([0-9]*\) commands served.*/\1/p')
echo
echo "served by the server: $served of $COMMANDS; commands that failed: $failed"
