#!/usr/bin/env bash
# Prune on Docker with many images: the reclaimed figure imgctl reports against the drop that
# `docker system df` shows, and against the sum of the images' sizes.
#
#   bench/prune-check.sh [--count N] [--size BYTES] [--imgctl PATH]
#
# It makes N distinct local images (default 500: imgctl-prunebench/img:1..N, each one layer holding
# one file of BYTES random bytes, default 20000, made by `docker import`; never pulled or pushed),
# then runs, scoped to those images so nothing else on the engine is touched,
#   imgctl --engine docker prune --unused --filter 'reference=imgctl-prunebench/*' --dry-run --format json
#   imgctl --engine docker prune --unused --filter 'reference=imgctl-prunebench/*' --format json
# and compares: the dry run's plan with the real run's; imgctl's reclaimedBytes with the drop in
# `docker system df`'s Images SIZE (exactly: LayersSize of the daemon's /system/df answer, which that
# column prints) and with the sum of the images' sizes (`docker image inspect .Size`, what
# `docker images` shows). imgctl runs with a usage ledger in a temporary XDG_STATE_HOME.
# Everything it made (images, temporary files, /run/lock/imgctl if it was not there) is removed on
# exit, whatever happens. Run it holding the engines lock:
#   flock /tmp/imgctl-engines.lock bench/prune-check.sh
set -Eeuo pipefail
# Each command in a JVM of its own, and no resident server left behind.
export IMGCTL_RESIDENT=off

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly REPO_ROOT
readonly REPO=imgctl-prunebench/img
readonly SOCKET=/var/run/docker.sock

COUNT=500
SIZE=20000
IMGCTL="$REPO_ROOT/imgctl"
STEP="start"

die() { printf 'prune-check: Tried to %s but failed because %s\n' "$STEP" "$*" >&2; exit 1; }
# shellcheck disable=SC2154 # rc is set inside the trap itself
trap 'rc=$?; printf "prune-check: Tried to %s but failed because a command exited with %s (line %s)\n" "$STEP" "$rc" "$LINENO" >&2; exit "$rc"' ERR
say() { printf 'prune-check: %s\n' "$*" >&2; }
usage() { sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }

while (($#)); do
  case "$1" in
    --count|-n) COUNT=${2:?--count needs a number}; shift 2 ;;
    --count=*) COUNT=${1#*=}; shift ;;
    --size) SIZE=${2:?--size needs a number}; shift 2 ;;
    --size=*) SIZE=${1#*=}; shift ;;
    --imgctl) IMGCTL=${2:?--imgctl needs a path}; shift 2 ;;
    --imgctl=*) IMGCTL=${1#*=}; shift ;;
    -h|--help) usage ;;
    *) echo "prune-check: unknown argument: $1" >&2; usage ;;
  esac
done

STEP="check the arguments and tools"
[[ "$COUNT" =~ ^[1-9][0-9]*$ ]] || die "--count must be a positive number, not '$COUNT'"
[[ "$SIZE" =~ ^[1-9][0-9]*$ ]] || die "--size must be a positive number, not '$SIZE'"
for tool in docker curl jq; do command -v "$tool" >/dev/null || die "$tool is not installed"; done
[[ -x "$IMGCTL" ]] || die "there is no executable imgctl at $IMGCTL (build it: mvn -q -o -B -DskipTests package)"
STEP="reach Docker"
docker version >/dev/null 2>&1 || die "docker does not answer (run scripts/engines.sh up)"

# The bench's tags present now, one per line.
bench_tags() { docker images --format '{{.Repository}}:{{.Tag}}' | grep -E "^$REPO:[0-9]+\$" || true; }
# Exact bytes of the Images row of `docker system df`.
layers_size() { curl -sf --unix-socket "$SOCKET" http://localhost/system/df | jq -e '.LayersSize'; }
df_images_row() { docker system df --format '{{.Type}}: {{.TotalCount}} images, {{.Size}}' | grep '^Images:'; }
image_count() { docker images -qa | sort -u | wc -l; }

STEP="check that no bench images are left from an earlier run"
[[ -z "$(bench_tags)" ]] || die "images $REPO:* exist already; remove them first (docker rmi)"

work=$(mktemp -d)
lock_dir_existed=0
[[ -e /run/lock/imgctl ]] && lock_dir_existed=1
cleanup() {
  local left
  mapfile -t left < <(bench_tags)
  if ((${#left[@]})); then
    printf '%s\n' "${left[@]}" | xargs -r -n 100 docker rmi >/dev/null 2>&1 || true
    say "cleanup: removed ${#left[@]} bench images"
  fi
  if ((!lock_dir_existed)) && [[ -d /run/lock/imgctl ]]; then
    { rm -f /run/lock/imgctl/prune.lock; rmdir /run/lock/imgctl 2>/dev/null; } || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

images_at_start=$(image_count)
containers_at_start=$(docker ps -aq | wc -l)

# ---------------------------------------------------------------- make the images

STEP="create $COUNT images $REPO:1..$COUNT"
t0=$(date +%s%N)
for ((i = 1; i <= COUNT; i++)); do
  head -c "$SIZE" /dev/urandom >"$work/blob-$i"
  tar --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$work" -cf - "blob-$i" \
    | docker import - "$REPO:$i" >/dev/null 2>"$work/import.err" \
    || die "docker import of $REPO:$i failed: $(tail -n 1 "$work/import.err")"
  rm -f "$work/blob-$i"
done
say "created $COUNT images in $(( ($(date +%s%N) - t0) / 1000000 )) ms"

STEP="measure before pruning"
mapfile -t tags < <(bench_tags)
((${#tags[@]} == COUNT)) || die "docker lists ${#tags[@]} bench images, not $COUNT"
sum_sizes=$(docker image inspect --format '{{.Size}}' "${tags[@]}" | awk '{ s += $1 } END { printf "%d\n", s }')
df_before=$(layers_size)
row_before=$(df_images_row)
images_before=$(image_count)

# ---------------------------------------------------------------- prune: dry run, then real

export XDG_STATE_HOME="$work/state"
prune=("$IMGCTL" --engine docker prune --unused --filter "reference=$REPO*" --format json)
# The filter pattern as users type it: imgctl-prunebench/img* matches imgctl-prunebench/img:N.

STEP="run ${prune[*]} --dry-run"
t0=$(date +%s%N)
"${prune[@]}" --dry-run >"$work/dry.json" 2>"$work/dry.err" || die "the dry run failed: $(head -n 3 "$work/dry.err")"
dry_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
df_after_dry=$(layers_size)
images_after_dry=$(image_count)

STEP="run ${prune[*]}"
t0=$(date +%s%N)
real_rc=0
"${prune[@]}" >"$work/real.json" 2>"$work/real.err" || real_rc=$?
real_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
((real_rc == 0)) || die "the prune exited $real_rc: $(head -n 3 "$work/real.err")"

STEP="measure after pruning"
df_after=$(layers_size)
row_after=$(df_images_row)
images_after=$(image_count)
left_after=$(bench_tags | wc -l)

# ---------------------------------------------------------------- compare and report (stdout)

STEP="compare the figures"
plan() { jq -S '{actions, kept, refusals, reclaimedBytes}' "$1"; }
same_plan=no
[[ "$(plan "$work/dry.json")" == "$(plan "$work/real.json")" ]] && same_plan=yes
dry_bytes=$(jq '.reclaimedBytes' "$work/dry.json")
real_bytes=$(jq '.reclaimedBytes' "$work/real.json")
deletions=$(jq '[.actions[] | select(.kind == "deleteImage")] | length' "$work/real.json")
untags=$(jq '[.actions[] | select(.kind == "untag")] | length' "$work/real.json")
done_count=$(jq '[.outcomes[] | select(.result == "done")] | length' "$work/real.json")
not_done=$(jq '[.outcomes[] | select(.result != "done")] | length' "$work/real.json")
drop=$((df_before - df_after))

echo "Docker $(docker version --format '{{.Server.Version}}'), $COUNT images of one ${SIZE}-byte file each; imgctl: ${prune[*]}"
echo "dry run:  ${dry_ms} ms; plan: $untags untag + $deletions deleteImage actions, reclaimedBytes $dry_bytes;"
echo "          afterwards LayersSize $df_after_dry (before: $df_before), images $images_after_dry (before: $images_before)"
echo "real run: ${real_ms} ms; same plan as the dry run: $same_plan; outcomes: $done_count done, $not_done not done"
echo "imgctl reported reclaimedBytes:                 $real_bytes"
echo "docker system df Images SIZE drop (LayersSize): $drop   ($df_before -> $df_after)"
echo "  docker system df before: $row_before"
echo "  docker system df after:  $row_after"
echo "sum of the $COUNT images' sizes (inspect .Size): $sum_sizes"
echo "images on Docker: $images_at_start at start, $images_before with the bench images, $images_after after; bench images left: $left_after"

ok=1
[[ "$same_plan" == yes ]] || { say "MISMATCH: the dry run planned something else than the real run executed"; ok=0; }
((df_after_dry == df_before && images_after_dry == images_before)) || { say "MISMATCH: the dry run changed the store"; ok=0; }
((real_bytes == drop)) || { say "MISMATCH: imgctl reported $real_bytes bytes, docker system df dropped by $drop"; ok=0; }
((real_bytes == sum_sizes)) || { say "MISMATCH: imgctl reported $real_bytes bytes, the images' sizes sum to $sum_sizes"; ok=0; }
((deletions == COUNT && not_done == 0 && left_after == 0)) || { say "MISMATCH: not every bench image was removed"; ok=0; }
((images_after == images_at_start)) || { say "MISMATCH: Docker lists $images_after images, $images_at_start at the start"; ok=0; }
(($(docker ps -aq | wc -l) == containers_at_start)) || { say "MISMATCH: the container count changed"; ok=0; }
if ((ok)); then echo "result: all figures agree"; else echo "result: MISMATCH (see stderr)"; exit 1; fi
