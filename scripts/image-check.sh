#!/usr/bin/env bash
# CI check of imgctl's container image against the Docker engine (run by .ci/run after the build):
#
#   scripts/image-check.sh
#
#   1. builds the image with scripts/image.sh under a tag of its own;
#   2. loads three small unused images of its own (bench/make-archive.sh, docker load);
#   3. runs, in containers of that image with the Docker socket mounted:
#      - `images` and `images -q`: the same names and IDs as `docker images` shows;
#      - `prune --dry-run --unused --filter reference=<its images>`: plans to delete exactly those
#        three images, and changes nothing;
#      - the same prune for real: those three images are gone, nothing else is;
#   4. removes what it made: its images, its tag, and the base image when it was not there before
#      (the base's root stays cached in ~/.cache/imgctl-image, so the next run imports it in about
#      a second instead of running jlink again).
#
# Exits 0 when every check holds; otherwise prints what differed and exits 1. Needs the release
# archive (mvn -B package) and a Docker engine on /var/run/docker.sock (scripts/engines.sh up).
set -Eeuo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SOCK=/var/run/docker.sock
run_id="$(date +%s)-$$"
tag="imgctl:check-$run_id"
repo="imgctl-check-$run_id/img"
work=$(mktemp -d)
failures=0
base_before=$(docker images --filter reference='imgctl-base' -q | sort -u)

say() { printf 'image-check: %s\n' "$*"; }
fail() { printf 'image-check: FAILED: %s\n' "$*" >&2; failures=$((failures + 1)); }
cleanup() {
  docker images -q --filter "reference=$repo" | sort -u | xargs -r docker rmi -f >/dev/null 2>&1 || true
  docker rmi "$tag" >/dev/null 2>&1 || { sleep 2; docker rmi "$tag" >/dev/null 2>&1; } || true
  # The base image goes too when this run made it (the engine is left as it was found).
  local b
  for b in $(docker images --filter reference='imgctl-base' -q | sort -u); do
    grep -qx "$b" <<<"$base_before" || docker rmi "$(docker image inspect -f '{{index .RepoTags 0}}' "$b")" >/dev/null 2>&1 || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

in_image() { docker run --rm -v "$SOCK:$SOCK" "$tag" --engine docker "$@"; }
t0=$(date +%s.%N)
bash "$REPO_ROOT/scripts/image.sh" --tag "$tag"
t1=$(date +%s.%N)

bash "$REPO_ROOT/bench/make-archive.sh" "$repo" 1 3 "$work/images.tar"
docker load -q -i "$work/images.tar" >/dev/null
mapfile -t mine < <(docker images -q --filter "reference=$repo" | sort -u)
((${#mine[@]} == 3)) || fail "expected 3 loaded images named $repo, found ${#mine[@]}"

# images: the same rows (REPOSITORY:TAG) and the same IDs as the Docker CLI.
host_ids=$(docker images -q | sort -u)
host_names=$(docker images --format '{{.Repository}}:{{.Tag}}' | sort)
image_ids=$(in_image images -q | sort -u)
image_names=$(in_image images | awk 'NR > 1 { print $1 ":" $2 }' | sort)
[[ "$image_ids" == "$host_ids" ]] || fail "images -q differs from docker images -q:$(diff <(echo "$host_ids") <(echo "$image_ids") | sed 's/^/ /' | tr '\n' ' ')"
[[ "$image_names" == "$host_names" ]] || fail "images differs from docker images:$(diff <(echo "$host_names") <(echo "$image_names") | tr '\n' ' ')"
say "images: $(wc -l <<<"$image_ids") IDs, $(wc -l <<<"$image_names") rows, the same as docker images"

# prune --dry-run: exactly the three images are to be deleted, and nothing changes.
plan=$(in_image prune --dry-run --unused --filter "reference=$repo")
planned=$(awk '$1 == "deleteImage" { print $2 }' <<<"$plan" | sort -u)
[[ "$planned" == "$(printf '%s\n' "${mine[@]}")" ]] || fail "prune --dry-run plans to delete [$(echo $planned)], expected [${mine[*]}]: $plan"
grep -q '^Would reclaim ' <<<"$plan" || fail "prune --dry-run printed no 'Would reclaim' line: $plan"
[[ "$(docker images -q | sort -u)" == "$host_ids" ]] || fail "prune --dry-run changed the engine's images"
say "prune --dry-run: plans to delete the ${#mine[@]} check images and nothing else; the engine is unchanged"

# prune for real, same scope: those three go, everything else stays.
done_lines=$(in_image prune --unused --filter "reference=$repo")
grep -q '^Total reclaimed space: ' <<<"$done_lines" || fail "prune printed no total: $done_lines"
left=$(docker images -q --filter "reference=$repo")
[[ -z "$left" ]] || fail "prune left check images: $left"
expected_rest=$(grep -vxF -f <(printf '%s\n' "${mine[@]}") <<<"$host_ids" || true)
[[ "$(docker images -q | sort -u)" == "$expected_rest" ]] || fail "prune removed more than the check images"
say "prune: the check images are gone, every other image stayed"

version=$(in_image --version)
version=${version%%$'\n'*}
[[ "$version" == "imgctl "*", commit "* ]] || fail "--version printed '$version'"
t2=$(date +%s.%N)
say "$version; image built in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s, checks took $(awk -v a="$t1" -v b="$t2" 'BEGIN { printf "%.1f", b - a }') s"

if ((failures)); then
  say "$failures check(s) failed"
  exit 1
fi
say "all checks passed"
