#!/usr/bin/env bash
# Makes imgctl's release archive from what `mvn package` built in the cli module. The cli module's
# build runs it at `package`:
#
#   scripts/release.sh CLI_TARGET VERSION [CDS_SKIP]
#
# CLI_TARGET is cli/target (holding imgctl-cli.jar and lib/, the runtime jars). It stages
# CLI_TARGET/imgctl/, the installation that ./imgctl runs, and packs it as CLI_TARGET/imgctl-VERSION.tar.gz
# with one top directory, imgctl-VERSION/:
#
#   bin/imgctl       the launcher (bash; Java 17 or newer from JAVA_HOME or PATH)
#   lib/*.jar        imgctl-cli.jar and its runtime dependencies
#   lib/resident.pl  the resident server's client (imgctl resident start; perl)
#   lib/classpath    the class path, in order: imgctl-cli.jar and the jars every command needs, then the others by name
#   install.sh       links bin/imgctl onto PATH, installs bash completion, records the AppCDS archive
#
# The staged tree also gets lib/imgctl.jsa, a static AppCDS archive from install.sh's training run
# (skipped when CDS_SKIP is "true"). The archive leaves it out: JDK 17 checks an archive's class path
# by absolute path, so it only maps where it was made; install.sh makes one where the archive is unpacked.
set -Eeuo pipefail

(($# >= 2)) || { echo "usage: $0 CLI_TARGET VERSION [CDS_SKIP]" >&2; exit 2; }
target=$1 version=$2 cds_skip=${3:-false}
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dist="$here/../cli/src/dist"
launcher="$dist/bin/imgctl"
[[ -f "$target/imgctl-cli.jar" && -d "$target/lib" ]] || { echo "release: $target/imgctl-cli.jar or $target/lib is missing" >&2; exit 1; }

stage="$target/imgctl"
rm -rf "$stage"
mkdir -p "$stage/bin" "$stage/lib"
install -m 0755 "$launcher" "$stage/bin/imgctl"
install -m 0755 "$dist/install.sh" "$stage/install.sh"
install -m 0644 "$dist/lib/resident.pl" "$stage/lib/resident.pl"
cp -p "$target/imgctl-cli.jar" "$stage/lib/"
# copy-dependencies also copies junixsocket-core's pom (a pom-type dependency): jars only.
find "$target/lib" -maxdepth 1 -name '*.jar' -exec cp -p {} "$stage/lib/" \;
# The order matters for start-up: a class that is not in the AppCDS archive, and every resource or
# service lookup, is searched jar by jar, and each jar is opened on first search (about 0.7 ms each).
# So the jars every command needs come first (imgctl, picocli, the modules, Jackson, Guice and what it
# needs), then the Podman adapter's libraries, then the rest by name (docker-java's TLS and HTTP libraries).
first=(imgctl-cli.jar 'picocli-*.jar' 'domain-*.jar' 'application-*.jar' 'adapters-docker-*.jar' 'adapters-podman-*.jar'
  'adapters-fake-*.jar' 'jackson-core-*.jar' 'jackson-databind-*.jar' 'jackson-annotations-*.jar'
  'guice-[0-9]*.jar' 'jakarta.inject-api-*.jar' 'guava-*.jar' 'failureaccess-*.jar' 'aopalliance-*.jar'
  'okhttp-*.jar' 'okio-jvm-*.jar' 'okio-[0-9]*.jar' 'kotlin-stdlib-[0-9]*.jar' 'junixsocket-common-*.jar'
  'junixsocket-native-common-*.jar')
{
  for pattern in "${first[@]}"; do
    find "$stage/lib" -maxdepth 1 -name "$pattern" -printf '%f\n' | LC_ALL=C sort
  done
  find "$stage/lib" -maxdepth 1 -name '*.jar' -printf '%f\n' | LC_ALL=C sort
} | awk '!seen[$0]++' >"$stage/lib/classpath"

if [[ "$cds_skip" != true ]]; then
  "$stage/install.sh" --cds-only >/dev/null
  [[ -f "$stage/lib/imgctl.jsa" ]] || { echo "release: no AppCDS archive was made; see $stage/lib/imgctl.jsa.log" >&2; exit 1; }
fi

archive="$target/imgctl-$version.tar.gz"
tar --sort=name --exclude='imgctl/lib/imgctl.jsa*' --exclude='imgctl/lib/imgctl.classlist' --owner=0 --group=0 --numeric-owner \
  --transform "s,^imgctl\(/\|\$\),imgctl-$version\1," \
  -C "$target" -czf "$archive.tmp" imgctl
mv "$archive.tmp" "$archive"
echo "release: $archive ($(du -h "$archive" | cut -f1))"
