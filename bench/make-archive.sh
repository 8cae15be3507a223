#!/usr/bin/env bash
# Writes a docker-archive (the `docker save` format, which `docker load` and `podman load` read)
# holding COUNT distinct tiny images NAME:FIRST..NAME:FIRST+COUNT-1, each one layer with one small
# file. Same arguments give byte-identical archives, so the images get the same IDs every time.
#
#   bench/make-archive.sh NAME FIRST COUNT OUT.tar
#
# NAME is written as given (e.g. imgctl-bench/img for Docker, localhost/imgctl-bench/img for
# Podman, which would otherwise file a bare name under docker.io/).
set -Eeuo pipefail

(($# == 4)) || { echo "usage: $0 NAME FIRST COUNT OUT.tar" >&2; exit 2; }
name=$1 first=$2 count=$3 out=$4
[[ "$first" =~ ^[0-9]+$ && "$count" =~ ^[0-9]+$ ]] || { echo "make-archive: FIRST and COUNT must be numbers" >&2; exit 2; }

base=${name#localhost/}

case "$(uname -m)" in
  x86_64) arch=amd64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) arch=$(uname -m) ;;
esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src" "$work/out"

sha() { sha256sum "$1" | cut -d' ' -f1; }

manifest=""
for ((i = first; i < first + count; i++)); do
  # The content leaves out a localhost/ prefix, so Docker and Podman get the same image IDs.
  file="bench-${base//\//-}-$i"
  printf 'imgctl bench image %s:%s\n' "$base" "$i" >"$work/src/$file"
  tar --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$work/src" -cf "$work/layer.tar" "$file"
  rm -f "$work/src/$file"
  diff_id=$(sha "$work/layer.tar")
  mkdir -p "$work/out/$diff_id"
  mv "$work/layer.tar" "$work/out/$diff_id/layer.tar"
  # Created times one second apart, so "newest first" has one answer.
  created=$(date -u -d "@$((1700000000 + i))" +%Y-%m-%dT%H:%M:%SZ)
  printf '{"architecture":"%s","os":"linux","created":"%s","config":{"Cmd":["/bin/true"]},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]},"history":[{"created":"%s","created_by":"imgctl bench/make-archive.sh"}]}' \
    "$arch" "$created" "$diff_id" "$created" >"$work/config.json"
  config_id=$(sha "$work/config.json")
  mv "$work/config.json" "$work/out/$config_id.json"
  manifest+="${manifest:+,}{\"Config\":\"$config_id.json\",\"RepoTags\":[\"$name:$i\"],\"Layers\":[\"$diff_id/layer.tar\"]}"
done
printf '[%s]' "$manifest" >"$work/out/manifest.json"
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$work/out" -cf "$out" .
