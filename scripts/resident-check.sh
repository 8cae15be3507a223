#!/usr/bin/env bash
# CI check of the resident server through the real launcher and its Perl client (run by .ci/run after
# the build), on the built-in engine, Docker and Podman:
#
#   scripts/resident-check.sh [IMGCTL]      (default: the installation that mvn package staged)
#
#   1. start, status and stop through `imgctl resident`, with a state directory of its own (so a
#      server the user runs is left alone), and their answers to bad input;
#   2. commands through the server (images, images -q, ps -a, inspect, history, layers, df, ref,
#      --version, --verbose, completion, --help, and failures: an unknown image, a malformed reference,
#      an engine that is down) give the same stdout, stderr and exit code as the same command line with
#      IMGCTL_RESIDENT=off (a JVM of its own), and the server's count of commands served grows by one
#      for each; commands that change things (pull, tag, run, rm) are served too;
#   3. a server starts by itself: the first command with none runs in its own JVM and leaves a server
#      behind that serves the next; not with IMGCTL_RESIDENT=off, "resident": false in the config
#      file, or a state directory that cannot be written; a rebuilt installation replaces the server;
#   4. the image listing, which the server keeps between commands while the engine's events show no
#      change (started here with -Dimgctl.resident.remember=0 so that even Docker's quick listing is
#      kept): answered again while nothing changed, and right after a change made by the engine's CLI,
#      by imgctl through the API, or removed by either, the first served listing shows it;
#   5. rmi through the server (Docker and Podman): the same answers as in a JVM (an unknown image, a
#      dry run, a malformed reference), a removal prints what the same removal prints in a JVM, and on
#      Podman an rmi of 198 images interrupted by Ctrl-C (SIGINT to the launcher's process group) stops:
#      the server logs that its client went away and no image goes after that;
#   6. after stop, and after the idle limit, the socket is gone and commands start JVMs again.
#
# Docker and Podman need scripts/engines.sh up; without them the engine checks are skipped with a note,
# and with CI=true a missing engine fails the check. Exits 0 when every check holds, else 1.
set -Eeuo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
imgctl=${1:-$REPO_ROOT/cli/target/imgctl/bin/imgctl}
[[ -x $imgctl ]] || { echo "resident-check: $imgctl is missing: build first (mvn -B package)" >&2; exit 1; }
command -v perl >/dev/null || { echo "resident-check: perl is missing" >&2; exit 1; }

work=$(mktemp -d)
export XDG_STATE_HOME=$work/state
socket=$XDG_STATE_HOME/imgctl/resident.sock
failures=0 checks=0 started_pid=""

say() { printf 'resident-check: %s\n' "$*"; }
fail() { printf 'resident-check: FAILED: %s\n' "$*" >&2; failures=$((failures + 1)); }
cleanup() {
  # A server still starting holds the lock: wait for it to answer (at most 10 s) and stop it too.
  local _
  for _ in $(seq 1 100); do
    [[ -e ${socket%/*}/resident.lock ]] || break
    flock -n "${socket%/*}/resident.lock" true 2>/dev/null && break
    [[ -S $socket ]] && break
    sleep 0.1
  done
  if [[ -S $socket ]]; then
    "$imgctl" resident stop >/dev/null 2>&1 || true
  fi
  # Only the server this script started, by its pid, and only if the stop request did not end it.
  if [[ -n $started_pid ]] && kill -0 "$started_pid" 2>/dev/null; then
    sleep 1
    kill "$started_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

served() { "$imgctl" resident status 2>/dev/null | sed -n 's/.*, \([0-9]*\) commands served.*/\1/p'; }
reused() { "$imgctl" resident status 2>/dev/null | sed -n 's/.*; \([0-9]*\) answered from them.*/\1/p'; }
server_pid() { "$imgctl" resident status | sed -n 's/.*: pid \([0-9]*\),.*/\1/p'; }

# Runs a command line through the server and in a JVM of its own; both answers must be the same, and
# the server must have run it. One retry, for a relative time ("2 minutes ago") that ticked between.
# A count of seconds ("4 seconds ago") ticks every second for a minute after a container is made, and
# the JVM reads the clock about half a second after the server did: such counts are compared as N.
seconds_as_n() { sed -E 's/(Less than a second|[0-9]+ seconds) ago/N seconds ago/g' "$1" >"$1.n"; }
same() {
  local attempt before after
  for attempt in 1 2; do
    before=$(served)
    local rc_r=0 rc_j=0
    "$imgctl" "$@" >"$work/r.out" 2>"$work/r.err" || rc_r=$?
    after=$(served)
    IMGCTL_RESIDENT=off "$imgctl" "$@" >"$work/j.out" 2>"$work/j.err" || rc_j=$?
    seconds_as_n "$work/r.out"
    seconds_as_n "$work/j.out"
    if [[ $rc_r == "$rc_j" ]] && cmp -s "$work/r.out.n" "$work/j.out.n" && cmp -s "$work/r.err" "$work/j.err"; then
      break
    fi
  done
  checks=$((checks + 1))
  if [[ $rc_r != "$rc_j" ]]; then
    fail "imgctl $*: exit $rc_r through the server, $rc_j in a JVM"
  elif ! cmp -s "$work/r.out.n" "$work/j.out.n"; then
    fail "imgctl $*: stdout differs: $(diff "$work/j.out" "$work/r.out" | head -5 | tr '\n' ' ')"
  elif ! cmp -s "$work/r.err" "$work/j.err"; then
    fail "imgctl $*: stderr differs: $(diff "$work/j.err" "$work/r.err" | head -5 | tr '\n' ' ')"
  elif [[ $((after - before)) != 1 ]]; then
    fail "imgctl $*: the server did not run it (commands served $before -> $after)"
  fi
  last_rc=$rc_r
}

# Runs `images` through the server once, right after a change: it must be served and show (or not) a
# line starting with PATTERN. No retry: a stale first answer is the failure looked for.
first_listing() { # engine pattern present|absent what-changed
  local before after
  before=$(served)
  "$imgctl" --engine "$1" images >"$work/k.out" 2>&1 || true
  after=$(served)
  checks=$((checks + 1))
  if [[ $((after - before)) != 1 ]]; then
    fail "$1: the listing after $4 was not served"
  elif [[ $3 == present ]] && ! grep -q "^$2 " "$work/k.out"; then
    fail "$1: the first served listing after $4 does not show $2"
  elif [[ $3 == absent ]] && grep -q "^$2 " "$work/k.out"; then
    fail "$1: the first served listing after $4 still shows $2"
  fi
}

# The tags REPO:... an engine's CLI lists, one a line; none when the listing fails (Podman's can while
# another client removes images).
repo_tags() { # engine repo
  "$1" images --format '{{.Repository}}:{{.Tag}}' 2>/dev/null | grep "^$2:" || true
}

# A removal's output with image IDs and the tag's number made alike: two removals of twin images compare.
norm_removal() { sed -e 's/[0-9a-f]\{64\}/ID/g' -e 's/rmi:[12]$/rmi:N/' "$1"; }

expect_rc() {
  local want=$1
  shift
  local rc=0
  "$@" >"$work/x.out" 2>"$work/x.err" || rc=$?
  checks=$((checks + 1))
  [[ $rc == "$want" ]] || fail "$*: exit $rc, expected $want: $(head -2 "$work/x.err" | tr '\n' ' ')"
}

# 1. Start, status, stop, and bad input.
expect_rc 1 "$imgctl" resident status
expect_rc 2 "$imgctl" resident start --idle soon
expect_rc 2 "$imgctl" resident bogus
expect_rc 0 "$imgctl" resident --help
IMGCTL_JAVA_OPTS="${IMGCTL_JAVA_OPTS:-} -Dimgctl.resident.remember=0" expect_rc 0 "$imgctl" resident start --idle 10m
started_pid=$(server_pid)
[[ -n $started_pid && -S $socket ]] || fail "resident start: no server answers on $socket"
expect_rc 0 "$imgctl" resident start
grep -q "already runs" "$work/x.err" || fail "a second start did not say a server already runs"
[[ $(stat -c %a "$socket") == 600 && $(stat -c %a "${socket%/*}") == 700 ]] ||
  fail "the socket or its directory is not owner-only: $(stat -c '%a %n' "$socket" "${socket%/*}" | tr '\n' ' ')"
say "started: pid $started_pid on $socket"

# 2. The built-in engine: what the server runs answers as a JVM does.
export IMGCTL_FAKE_STATE=$work/fake.json
expect_rc 0 "$imgctl" --engine fake pull alpine:3.13
expect_rc 0 "$imgctl" --engine fake run --name resident-check alpine:3.13 true
same --version
same ref localhost:5000/team/app:1
same ref 'bad::ref'
[[ $last_rc == 2 ]] || fail "ref 'bad::ref' exited $last_rc, not 2"
for args in "images" "images -q" "images --format json" "ps -a" "inspect alpine:3.13" "history alpine:3.13" \
  "layers alpine:3.13" "df" "rmi alpine:3.13" "rmi --dry-run --with-containers alpine:3.13" "inspect no-such-image:1"; do
  read -r -a line <<<"$args"
  same --engine fake "${line[@]}"
done
[[ $last_rc == 1 ]] || fail "inspect of an unknown image exited $last_rc, not 1"

for args in "--verbose images" "completion bash" "--help" "images --help"; do
  read -r -a line <<<"$args"
  same --engine fake "${line[@]}"
done

# Commands that change things are served too: a pull, a tag, a run with the container's output and
# exit code, a forced removal.
for args in "pull hello-world" "tag hello-world:latest mine/hello:1" "run --name served-run hello-world" \
  "rm -f served-run" "rmi mine/hello:1"; do
  read -r -a line <<<"$args"
  before=$(served)
  expect_rc 0 "$imgctl" --engine fake "${line[@]}"
  [[ $(served) == $((before + 1)) ]] || fail "imgctl ${line[*]} was not served"
done
# A run prints the container's output: through the server as in a JVM.
"$imgctl" --engine fake run --name served-run-2 hello-world >"$work/r.out" 2>&1 || fail "a served run failed"
IMGCTL_RESIDENT=off "$imgctl" --engine fake run --name jvm-run-2 hello-world >"$work/j.out" 2>&1 || fail "a run in a JVM failed"
checks=$((checks + 1))
[[ -s $work/r.out ]] && cmp -s "$work/r.out" "$work/j.out" || fail "a served run printed $(head -c 200 "$work/r.out" | tr '\n' ' ')"
"$imgctl" --engine fake images | grep -q '^hello-world ' || fail "the pulled image is not listed"
expect_rc 1 "$imgctl" --engine fake run --name served-fails alpine:3.13 false
say "the built-in engine: served answers match"

# The real engines, when up.
for engine in docker podman; do
  if ! IMGCTL_RESIDENT=off "$imgctl" --engine "$engine" images -q >/dev/null 2>&1; then
    if [[ ${CI:-} == true ]]; then
      fail "$engine is not reachable (CI=true: start it with scripts/engines.sh up)"
    else
      say "$engine is not reachable: skipped (scripts/engines.sh up starts it)"
    fi
    continue
  fi
  for args in "images" "images -q --no-trunc" "images --format json" "ps -a" "df" \
    "inspect localhost:5000/imgctl/base:1" "history localhost:5000/imgctl/base:1" "inspect localhost:5000/imgctl/no-such:1"; do
    read -r -a line <<<"$args"
    same --engine "$engine" "${line[@]}"
  done
  [[ $last_rc == 1 ]] || fail "$engine: inspect of an unknown image exited $last_rc, not 1"
  host=unix://$work/no-$engine.sock
  same --engine "$engine" --host "$host" images
  [[ $last_rc == 3 ]] || fail "$engine: an engine that is down exited $last_rc, not 3"
  say "$engine: served answers match"

  # 4. The listing the server keeps: the first served listing after each change must show it.
  tag=$([[ $engine == podman ]] && echo localhost/ || true)imgctl-resident-check/kept
  before=$(reused)
  same --engine "$engine" images
  same --engine "$engine" images
  checks=$((checks + 1))
  (($(reused) > before)) || fail "$engine: an unchanged listing was not answered from what the server kept"
  "$engine" tag localhost:5000/imgctl/base:1 "$tag:1" >/dev/null
  first_listing "$engine" "$tag" present "$engine tag"
  IMGCTL_RESIDENT=off "$imgctl" --engine "$engine" tag localhost:5000/imgctl/base:1 "$tag:2" >/dev/null
  "$imgctl" --engine "$engine" images >/dev/null # kept again
  "$imgctl" --engine "$engine" rmi "$tag:1" >/dev/null
  first_listing "$engine" "$tag *1" absent "imgctl rmi"
  "$engine" rmi "$tag:2" >/dev/null
  first_listing "$engine" "$tag" absent "$engine rmi"
  IMGCTL_RESIDENT=off "$imgctl" --engine "$engine" tag localhost:5000/imgctl/base:1 "$tag:3" >/dev/null
  first_listing "$engine" "$tag *3" present "imgctl tag"
  "$imgctl" --engine "$engine" rmi "$tag:3" >/dev/null
  same --engine "$engine" images
  say "$engine: the first served listing after each change showed it"

  # 5. rmi, the one served command that changes the engine: the same answers as in a JVM; a removal
  # through the server and one in a JVM print the same (but for the image); Ctrl-C stops it (Podman,
  # whose removals are slow enough to interrupt one in the middle).
  rmi_repo=${tag%/kept}/rmi
  count=$([[ $engine == podman ]] && echo 200 || echo 2)
  bash "$REPO_ROOT/bench/make-archive.sh" "$rmi_repo" 1 "$count" "$work/rmi.tar" >/dev/null
  "$engine" load -q -i "$work/rmi.tar" >/dev/null
  same --engine "$engine" rmi localhost:5000/imgctl/no-such:1
  [[ $last_rc == 1 ]] || fail "$engine: rmi of an unknown image exited $last_rc, not 1"
  same --engine "$engine" rmi --dry-run "$rmi_repo:1"
  same --engine "$engine" rmi 'bad::ref'
  [[ $last_rc == 2 ]] || fail "$engine: rmi of a malformed reference exited $last_rc, not 2"
  before=$(served)
  rc_r=0 rc_j=0
  "$imgctl" --engine "$engine" rmi "$rmi_repo:1" >"$work/r.out" 2>"$work/r.err" || rc_r=$?
  after=$(served)
  IMGCTL_RESIDENT=off "$imgctl" --engine "$engine" rmi "$rmi_repo:2" >"$work/j.out" 2>"$work/j.err" || rc_j=$?
  checks=$((checks + 1))
  if [[ $((after - before)) != 1 ]]; then
    fail "$engine: rmi was not served (commands served $before -> $after)"
  elif [[ $rc_r != 0 || $rc_j != 0 ]]; then
    fail "$engine: rmi exited $rc_r through the server, $rc_j in a JVM: $(head -1 "$work/r.err") $(head -1 "$work/j.err")"
  elif ! grep -q '^Deleted: sha256:' "$work/r.out" || [[ "$(norm_removal "$work/r.out")" != "$(norm_removal "$work/j.out")" ]]; then
    fail "$engine: rmi through the server printed $(tr '\n' ' ' <"$work/r.out"), in a JVM $(tr '\n' ' ' <"$work/j.out")"
  elif "$engine" images --format '{{.Repository}}:{{.Tag}}' | grep -Eq "^$rmi_repo:[12]\$"; then
    fail "$engine: an image that rmi reported removed is still listed"
  fi
  if [[ $engine == podman ]]; then
    # Ctrl-C: the launcher and its client in a process group of their own, interrupted as soon as the
    # first images are gone (the removals take about 2 s). A script's background job ignores SIGINT;
    # perl restores it first.
    mapfile -t rest < <(seq 3 "$count" | sed "s|^|$rmi_repo:|")
    setsid perl -e '$SIG{INT} = "DEFAULT"; exec @ARGV or die "exec: $!"' "$imgctl" --engine "$engine" rmi "${rest[@]}" \
      >"$work/c.out" 2>&1 &
    group=$!
    for _ in $(seq 1 100); do
      (($(repo_tags "$engine" "$rmi_repo" | wc -l) < ${#rest[@]})) && break
      sleep 0.1
    done
    kill -INT -- "-$group" 2>/dev/null || true
    wait "$group" 2>/dev/null || true
    sleep 3
    n1=$(repo_tags "$engine" "$rmi_repo" | wc -l)
    sleep 2
    n2=$(repo_tags "$engine" "$rmi_repo" | wc -l)
    checks=$((checks + 1))
    if ! grep -q "the client of 'rmi' went away" "$XDG_STATE_HOME/imgctl/resident.log"; then
      fail "$engine: the server did not see the interrupted rmi's client go ($n1 of $((count - 2)) images left)"
    elif ((n1 == 0 || n1 != n2)); then
      fail "$engine: after Ctrl-C the served rmi went on: $n1 then $n2 of $((count - 2)) images left"
    else
      say "$engine: Ctrl-C stopped a served rmi with $n1 of $((count - 2)) images left"
    fi
    same --engine "$engine" images -q
    repo_tags "$engine" "$rmi_repo" | xargs -r "$engine" rmi >/dev/null
  fi
  rm -f "$work/rmi.tar"
  say "$engine: served rmi answers match"
done

# 6. Stop, then the idle limit.
expect_rc 0 "$imgctl" resident stop
[[ ! -S $socket ]] || fail "the socket is still there after stop"
expect_rc 1 "$imgctl" resident status
kill -0 "$started_pid" 2>/dev/null && { sleep 2; kill -0 "$started_pid" 2>/dev/null; } && fail "pid $started_pid still runs after stop"
started_pid=""
expect_rc 0 "$imgctl" resident start --idle 2s
started_pid=$(server_pid)
for _ in $(seq 1 60); do
  [[ -S $socket ]] || break
  sleep 0.5
done
[[ ! -S $socket ]] || fail "the server with --idle 2s still listens after 30 s"
started_pid=""

# 3. Starting by itself. The first command finds no server: it runs in a JVM of its own (same answer)
# and leaves one behind, which serves the next command.
waits_for_socket() { # seconds
  local _
  for _ in $(seq 1 $(($1 * 10))); do
    [[ -S $socket ]] && "$imgctl" resident status >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  return 1
}
no_server_after() { # what
  sleep 3
  checks=$((checks + 1))
  if [[ -S $socket ]]; then
    fail "a server started by itself $1"
    "$imgctl" resident stop >/dev/null 2>&1 || true
  fi
}
IMGCTL_RESIDENT=off "$imgctl" --engine fake images >"$work/j.out" 2>&1
"$imgctl" --engine fake images >"$work/r.out" 2>&1
checks=$((checks + 1))
cmp -s "$work/j.out" "$work/r.out" || fail "the first command (no server yet) printed something else than a JVM"
waits_for_socket 30 || fail "the first command left no server behind within 30 s"
started_pid=$(server_pid)
before=$(served)
expect_rc 0 "$imgctl" --engine fake images
[[ $(served) == $((before + 1)) ]] || fail "the command after the first was not served"
say "a server started by itself (pid $started_pid) and served the next command"

# A rebuilt installation: its launcher's commands are not served by the old server, which is replaced.
jar=$(dirname "$(dirname "$imgctl")")/lib/imgctl-cli.jar
touch -r "$jar" "$work/jar-time"
touch -d '@'$(($(stat -c %Y "$jar") + 10)) "$jar"
IMGCTL_RESIDENT=off "$imgctl" ref alpine >"$work/j.out" 2>&1
"$imgctl" ref alpine >"$work/r.out" 2>&1
checks=$((checks + 1))
cmp -s "$work/j.out" "$work/r.out" || fail "a rebuilt installation's command printed something else than a JVM"
replaced=""
for _ in $(seq 1 300); do
  if ! kill -0 "$started_pid" 2>/dev/null && waits_for_socket 1; then replaced=1; break; fi
  sleep 0.1
done
[[ -n $replaced ]] || fail "the server of the old build was not replaced within 30 s"
"$imgctl" resident status >"$work/s.out" 2>&1 || true
grep -q "a different build" "$work/s.out" && fail "the new server still runs the old build"
"$imgctl" resident stop >/dev/null 2>&1 || true
touch -r "$work/jar-time" "$jar"
waits_for_socket 0 && fail "stop left the replacement running"
started_pid=""
say "a rebuilt installation replaced the server"

# Where no server starts: IMGCTL_RESIDENT=off, "resident": false in the config file, a state directory
# that cannot be written (not for root, who writes anywhere).
IMGCTL_RESIDENT=off "$imgctl" ref alpine >/dev/null
no_server_after "with IMGCTL_RESIDENT=off"
mkdir -p "$work/config/imgctl"
printf '{"resident": false}\n' >"$work/config/imgctl/config.json"
XDG_CONFIG_HOME=$work/config expect_rc 0 "$imgctl" --engine fake images
no_server_after 'with "resident": false in the config file'
printf '{"resident": "no"}\n' >"$work/config/imgctl/config.json"
XDG_CONFIG_HOME=$work/config IMGCTL_RESIDENT=off expect_rc 2 "$imgctl" --engine fake images
grep -q '"resident"' "$work/x.err" || fail "a bad \"resident\" value is not named: $(head -1 "$work/x.err")"
"$imgctl" resident stop >/dev/null 2>&1 || true
if [[ $(id -u) != 0 ]]; then
  mkdir -p "$work/ro"
  chmod 500 "$work/ro"
  XDG_STATE_HOME=$work/ro/state expect_rc 0 "$imgctl" ref alpine
  sleep 3
  [[ -e $work/ro/state ]] && fail "a server started under a state directory that cannot be written"
fi

if ((failures)); then
  say "$failures of $checks checks FAILED"
  exit 1
fi
say "all $checks checks passed"
