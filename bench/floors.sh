#!/usr/bin/env bash
# What the engines themselves allow, whatever the client: the floors under two of issue 7's targets,
# measured in one run beside the CLIs.
#
#   bash bench/floors.sh [--engine docker|podman|both] [--runs N]
#
# Docker (rmi of 200 unused images 1.5x faster than `docker rmi`): N times (default 3), 200 fresh
# one-layer images imgctl-floor/img:1..200 are loaded and removed by `docker rmi` of the 200 tags; then
# loaded again and removed by the bare API calls from one process, no planning and no checks:
# `DELETE /images/{name}` one after the other, and 8 at a time (8 forked Perl workers, one UNIX-socket
# connection per call). If the bare calls 8 at a time are not 1.5x faster than `docker rmi`, no client
# can be. Then once more, 8 at a time, each DELETE after the one read imgctl's re-check of an action
# needs (`GET /images/{name}/json`: the image ID and its tags, SPEC 4.1), still with no plan, no
# listing and no start-up: the floor of a client that keeps the removal guarantees.
#
# Podman (`images` no slower than `podman images`): N runs each (hyperfine, 2 warm-ups), with 500
# images imgctl-floor/img:1..500 loaded: `podman images` against the service's own answer to
# `GET /libpod/images/json` and `GET /images/json`, fetched by curl into /dev/null (no parsing, no
# table). imgctl speaks the REST API (the project's design); if the bare answer is slower than the CLI,
# no REST client can be as fast.
#
# Needs scripts/engines.sh up; on a shared machine run it under the engines lock. Removes its images
# on exit. Prints the figures on stdout.
set -Eeuo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ENGINES=(docker podman)
RUNS=3
while (($#)); do
  case "$1" in
    --engine) case "${2:-}" in docker | podman) ENGINES=("$2") ;; both) ;; *) echo "floors: --engine docker|podman|both" >&2; exit 2 ;; esac; shift ;;
    --runs) RUNS=${2:?--runs needs a number}; shift ;;
    -h | --help) sed -n '2,22p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "floors: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

REPO=imgctl-floor/img
work=$(mktemp -d)
cleanup() {
  local e
  for e in "${ENGINES[@]}"; do
    "$e" images -q --filter "reference=$REPO" 2>/dev/null | sort -u | xargs -r "$e" rmi -f >/dev/null 2>&1 || true
    "$e" images -q --filter "reference=localhost/$REPO" 2>/dev/null | sort -u | xargs -r "$e" rmi -f >/dev/null 2>&1 || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

load() { # engine count
  bash "$BENCH_DIR/make-archive.sh" "$REPO" 1 "$2" "$work/img.tar" >/dev/null
  "$1" load -q -i "$work/img.tar" >/dev/null
  rm -f "$work/img.tar"
}
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }

# DELETE /images/NAME for each name on stdin, over the Docker socket, WORKERS at a time (forked);
# with CHECK=1, each DELETE after a GET /images/NAME/json (the one read per action that imgctl's
# re-check needs: the image ID and its tags).
bare_deletes() { # workers [check]
  perl -e '
    use strict;
    my $workers = shift;
    my $check = shift // 0;
    sub call {
      my ($request, $name) = @_;
      socket(my $s, 1, 1, 0) or die "socket: $!";
      connect($s, pack("S Z108", 1, "/var/run/docker.sock")) or die "connect: $!";
      syswrite($s, "$request HTTP/1.1\r\nHost: d\r\nConnection: close\r\n\r\n");
      my ($answer, $buf) = ("", "");
      $answer .= $buf while sysread($s, $buf, 65536);
      $answer =~ m{^HTTP/1\.1 200} or die "$request: " . (split /\r\n/, $answer)[0] . "\n";
    }
    chomp(my @names = <STDIN>);
    my @pids;
    for my $w (0 .. $workers - 1) {
      my $pid = fork() // die "fork: $!";
      if ($pid == 0) {
        for (my $i = $w; $i < @names; $i += $workers) {
          call("GET /v1.41/images/$names[$i]/json") if $check;
          call("DELETE /v1.41/images/$names[$i]");
        }
        exit 0;
      }
      push @pids, $pid;
    }
    my $failed = 0;
    for (@pids) { waitpid($_, 0); $failed ||= $?; }
    exit($failed ? 1 : 0);
  ' "$1" "${2:-0}"
}

for e in "${ENGINES[@]}"; do
  if [[ $e == docker ]]; then
    echo "Docker: $(docker version --format 'CLI {{.Client.Version}}, daemon {{.Server.Version}}'); 200 images; seconds"
    echo "| run | docker rmi | DELETEs one at a time | DELETEs 8 at a time | docker rmi / 8 at a time | inspect + DELETE, 8 at a time | docker rmi / that |"
    echo "|---|---|---|---|---|---|---|"
    names=$(seq 1 200 | sed "s|^|$REPO:|")
    for ((r = 1; r <= RUNS; r++)); do
      load docker 200
      t=$(now)
      # shellcheck disable=SC2086 # 200 words on purpose
      docker rmi $names >/dev/null
      cli=$(since "$t")
      load docker 200
      t=$(now)
      bare_deletes 1 <<<"$names"
      one=$(since "$t")
      load docker 200
      t=$(now)
      bare_deletes 8 <<<"$names"
      eight=$(since "$t")
      load docker 200
      t=$(now)
      bare_deletes 8 1 <<<"$names"
      checked=$(since "$t")
      echo "| $r | $cli | $one | $eight | $(awk -v a="$cli" -v b="$eight" 'BEGIN { printf "%.2f", a / b }') |" \
        "$checked | $(awk -v a="$cli" -v b="$checked" 'BEGIN { printf "%.2f", a / b }') |"
    done
    echo
  else
    sock=/run/podman/podman.sock
    api=$(curl -s --unix-socket "$sock" http://d/version | sed -n 's/.*"ApiVersion":"\([^"]*\)".*/\1/p' | head -n 1)
    echo "Podman $(podman version --format '{{.Client.Version}}'); 500 images more than the store had; hyperfine means"
    load podman 500
    hyperfine -N --style basic -w 2 -r "$RUNS" --export-markdown "$work/podman.md" \
      -n "podman images" "podman images" \
      -n "GET /libpod/images/json (curl)" "curl -sf -o /dev/null --unix-socket $sock http://d/v${api:-4.0.0}/libpod/images/json" \
      -n "GET /images/json (curl)" "curl -sf -o /dev/null --unix-socket $sock http://d/v1.41/images/json" >&2
    cat "$work/podman.md"
    echo
  fi
done
