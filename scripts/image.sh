#!/usr/bin/env bash
# Builds the container image of imgctl from the release archive, on Docker, without any registry:
#
#   scripts/image.sh [--tag NAME:TAG] [--archive imgctl-VERSION.tar.gz] [--quiet]
#
#   1. The base image, imgctl-base:HASH: a Java runtime made by jlink from the installed JDK 17 with
#      the modules imgctl needs (found by jdeps, plus jdk.crypto.ec for TLS registries) and its CDS
#      archive, on a root made of the host's own files: the shared libraries `ldd` lists for the
#      runtime and for bash, bash and env (the launcher is a bash script), /etc/passwd, /tmp.
#      HASH covers every input (the JDK's release file, the module list, the libraries' bytes and
#      the recipe), so the base is made again only when one of them changes. Three cache levels: an
#      image with that tag on the engine (nothing to do); else the root's tar in
#      ${XDG_CACHE_HOME:-~/.cache}/imgctl-image/ (docker import, about a second); else it is built
#      (jdeps and jlink, about half a minute) and its tar kept there.
#   2. NAME:TAG (default imgctl:dev) from docker/Dockerfile: the release unpacked in /opt/imgctl and
#      an AppCDS archive recorded inside the image by a training run of `imgctl demo`.
#
# The default archive is the newest cli/target/imgctl-*.tar.gz (build it with mvn -B -DskipTests package).
# Then: docker run --rm -v /var/run/docker.sock:/var/run/docker.sock imgctl:dev images
set -Eeuo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SCRIPT="$REPO_ROOT/scripts/image.sh"
tag=imgctl:dev archive="" quiet=0
while (($#)); do
  case "$1" in
    --tag) tag=${2:?--tag needs NAME:TAG}; shift ;;
    --archive) archive=${2:?--archive needs a file}; shift ;;
    --quiet) quiet=1 ;;
    -h | --help) sed -n '2,19p' "$SCRIPT" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "image: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

say() { ((quiet)) || printf 'image: %s\n' "$*"; }
die() { printf 'image: %s\n' "$*" >&2; exit 1; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f s", b - a }'; }

command -v docker >/dev/null || die "docker (the CLI) is not installed"
docker version --format '{{.Server.Version}}' >/dev/null 2>&1 || die "the Docker engine does not answer (start it: scripts/engines.sh up)"

if [[ -z "$archive" ]]; then
  archive=$(ls -t "$REPO_ROOT"/cli/target/imgctl-*.tar.gz 2>/dev/null | head -n 1 || true)
  [[ -n "$archive" ]] || die "no release archive in cli/target: build it first (mvn -B -DskipTests package)"
fi
[[ -f "$archive" ]] || die "no such archive: $archive"
version=$(basename "$archive" .tar.gz)
version=${version#imgctl-}

# The JDK: JAVA_HOME when it has jlink, else the one whose jlink is on PATH. It must be 17, the
# release imgctl is compiled for and tested on.
java_home=${JAVA_HOME:-}
if [[ -z "$java_home" || ! -x "$java_home/bin/jlink" ]]; then
  jlink=$(command -v jlink) || die "jlink is not on PATH: install a JDK 17 (e.g. openjdk-17-jdk-headless)"
  java_home=$(dirname "$(dirname "$(readlink -f "$jlink")")")
fi
grep -q '^JAVA_VERSION="17' "$java_home/release" || die "$java_home is not a JDK 17 ($(grep JAVA_VERSION= "$java_home/release"))"
[[ -d "$java_home/jmods" ]] || die "$java_home has no jmods/ for jlink (Debian: apt-get install openjdk-17-jmods)"

cache=${XDG_CACHE_HOME:-$HOME/.cache}/imgctl-image
mkdir -p "$cache"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
start=$(now)

mkdir -p "$work/context"
tar xzf "$archive" -C "$work/context"
mv "$work/context/imgctl-$version" "$work/context/imgctl"
lib="$work/context/imgctl/lib"

# Modules: jdeps over the release's jars takes seconds, so its answer is kept per set of jars (names
# and sizes; a jar whose code changes changes size too, almost always).
jars_key=$(cd "$lib" && while read -r jar; do printf '%s %s\n' "$jar" "$(stat -c %s "$jar")"; done <classpath | sha256sum | cut -c1-16)
modules_file="$cache/modules-$jars_key"
if [[ ! -s "$modules_file" ]]; then
  say "finding the JDK modules imgctl needs (jdeps)"
  (cd "$lib" && "$java_home/bin/jdeps" --multi-release 17 --ignore-missing-deps --print-module-deps \
    --class-path "$(paste -sd: classpath)" $(cat classpath) 2>/dev/null | tail -n 1) >"$modules_file.tmp"
  grep -q '^java.base' "$modules_file.tmp" || die "jdeps gave no module list (see $modules_file.tmp)"
  mv "$modules_file.tmp" "$modules_file"
fi
modules=$( (tr ',' '\n' <"$modules_file"; echo jdk.crypto.ec) | sort -u | paste -sd,)

# The host files the root is made of: bash, env, readlink (the launcher), and every library they and
# the JDK's native code load, except the JDK's own and the desktop ones (headless: AWT, fonts, sound).
host_bins=(/bin/bash /usr/bin/env /usr/bin/readlink)
host_libs() {
  local jdk_libs
  mapfile -t jdk_libs < <(ls "$java_home"/lib/*.so | grep -Ev '/lib(awt|fontmanager|splashscreen|jsound|lcms|javajpeg|mlib_image|jawt|atk-wrapper)')
  ldd "${host_bins[@]}" "$java_home/bin/java" "$java_home/lib/server/libjvm.so" "${jdk_libs[@]}" 2>/dev/null \
    | awk 'NF >= 2 && $2 == "=>" && $3 ~ /^\// { print $3 } NF >= 2 && $1 ~ /^\// && $2 ~ /^\(/ { print $1 }' \
    | grep -v "^$java_home/" | sort -u
}
mapfile -t libs < <(host_libs)
((${#libs[@]} >= 3)) || die "ldd found no libraries for $java_home/bin/java"


make_rootfs() {
  local root="$work/rootfs" rootfs_tar=$1
  mkdir -p "$root"/{etc,tmp,root,opt}
  chmod 1777 "$root/tmp"
  chmod 0700 "$root/root"
  "$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
    --compress=2 --generate-cds-archive --output "$root/opt/java" >/dev/null
  # Debian links the JDK's trust store to /etc/ssl/certs/java/cacerts; take its content.
  local cacerts="$java_home/lib/security/cacerts"
  if [[ -L "$root/opt/java/lib/security/cacerts" || ! -s "$root/opt/java/lib/security/cacerts" ]] && [[ -e "$cacerts" ]]; then
    rm -f "$root/opt/java/lib/security/cacerts"
    cp -L "$cacerts" "$root/opt/java/lib/security/cacerts"
  fi
  local f
  for f in "${host_bins[@]}" "${libs[@]}"; do
    mkdir -p "$root$(dirname "$f")"
    cp -L "$f" "$root$f"
  done
  printf 'root:x:0:0:root:/root:/bin/bash\n' >"$root/etc/passwd"
  printf 'root:x:0:\n' >"$root/etc/group"
  tar --sort=name --numeric-owner --owner=0 --group=0 --mtime=@0 -C "$root" -cf "$rootfs_tar.tmp" .
  mv "$rootfs_tar.tmp" "$rootfs_tar"
  # One root per machine: the ones for older inputs would only fill the disk.
  find "$(dirname "$rootfs_tar")" -maxdepth 1 -name 'rootfs-*.tar' ! -name "$(basename "$rootfs_tar")" -delete
}

import_changes=(-c 'ENV JAVA_HOME=/opt/java' -c 'ENV PATH=/opt/java/bin:/usr/bin:/bin' -c 'ENV HOME=/root'
  -c 'LABEL org.opencontainers.image.title=imgctl-base')
# The recipe is part of the hash: the function that makes the root and the image's settings.
base_key=$(
  {
    cat "$java_home/release"
    echo "$modules"
    sha256sum "${host_bins[@]}" "${libs[@]}"
    declare -f make_rootfs
    echo "${import_changes[@]}"
  } | sha256sum | cut -c1-12
)
base="imgctl-base:$base_key"
rootfs_tar="$cache/rootfs-$base_key.tar"

if docker image inspect "$base" >/dev/null 2>&1; then
  say "base $base: already on the engine"
else
  if [[ -s "$rootfs_tar" ]]; then
    say "base $base: importing the cached root ($rootfs_tar)"
  else
    say "base $base: building the root (jlink: $modules)"
    make_rootfs "$rootfs_tar"
  fi
  docker import "${import_changes[@]}" \
    -m "imgctl base: jlink runtime ($modules) on the host's libraries" \
    "$rootfs_tar" "$base" >/dev/null
fi
say "base ready after $(since "$start")"

commit=$(cd "$work" && "$java_home/bin/jar" xf "$lib/imgctl-cli.jar" io/imgctl/cli/build-info.properties 2>/dev/null \
  && sed -n 's/^commit=//p' io/imgctl/cli/build-info.properties || true)
# The legacy builder: no BuildKit needed, and RUN gets no network (the daemon may have no bridge).
DOCKER_BUILDKIT=0 docker build --quiet --network none \
  --build-arg "BASE=$base" \
  --label "org.opencontainers.image.title=imgctl" \
  --label "org.opencontainers.image.version=$version" \
  --label "org.opencontainers.image.revision=${commit:-unknown}" \
  -t "$tag" -f "$REPO_ROOT/docker/Dockerfile" "$work/context" >/dev/null 2>"$work/build.log" \
  || { cat "$work/build.log" >&2; die "docker build failed"; }
say "$tag ready after $(since "$start") ($(docker image inspect -f '{{.Size}}' "$tag" | awk '{ printf "%.0f MB", $1 / 1e6 }'))"
