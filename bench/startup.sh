#!/usr/bin/env bash
# Where imgctl's time goes before (and around) the work: the figures behind bench/STARTUP.md.
#
#   bash bench/startup.sh [--runs R] [--engine docker|podman|both|none]
#
# 1. Wall time (hyperfine, R runs after 3 warm-ups, default R=10) of: a bare `java -version` with
#    the launcher's flags, `imgctl --version`, `imgctl ref alpine`, `--engine fake images` (the
#    fake's catalogue pulled), `--engine docker images`, `--engine podman images`.
# 2. The same commands with JVM variants passed through IMGCTL_JAVA_OPTS (later options win): no
#    class data sharing at all, the JDK's default archive only (not the static AppCDS archive the
#    build makes), C2 allowed, G1 instead of the serial collector, no verification of jar classes,
#    no perf data.
# 3. One run of each with -Xlog:class+load: classes loaded per library, how many came from the CDS
#    archive, and when (JVM uptime) each library's classes were loaded.
# 4. -Xlog:startuptime (the JVM's own phases) for `--engine docker images`.
# Needs a built imgctl, hyperfine and running engines for the docker/podman rows (it only lists:
# nothing in the engines changes; the fake engine uses its own temporary state). On a shared
# machine run it under the engines lock like the other benchmarks. Report on stdout; raw files in
# $BENCH_OUT (default a new /tmp/imgctl-startup.XXXXXX).
set -Eeuo pipefail
# Start-up is what it measures: every command in a JVM of its own.
export IMGCTL_RESIDENT=off

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$BENCH_DIR/.." && pwd)"
readonly BENCH_DIR REPO_ROOT
IMGCTL="$REPO_ROOT/imgctl"
RUNS=10
ENGINES=(docker podman)

while (($#)); do
  case "$1" in
    --runs) RUNS=${2:?}; shift 2 ;;
    --engine)
      case "${2:-}" in
        docker | podman) ENGINES=("$2") ;;
        both) ENGINES=(docker podman) ;;
        none) ENGINES=() ;;
        *) echo "startup: --engine needs docker, podman, both or none" >&2; exit 2 ;;
      esac
      shift 2 ;;
    -h | --help) sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
    *) echo "startup: unknown argument: $1" >&2; exit 2 ;;
  esac
done

say() { printf 'startup: %s\n' "$*" >&2; }
[[ -x "$REPO_ROOT/cli/target/imgctl/bin/imgctl" ]] || { echo "startup: build imgctl first (mvn -q -B -DskipTests package)" >&2; exit 1; }
command -v hyperfine >/dev/null || { echo "startup: hyperfine is missing (apt-get install hyperfine)" >&2; exit 1; }

OUT=${BENCH_OUT:-$(mktemp -d /tmp/imgctl-startup.XXXXXX)}
mkdir -p "$OUT"
say "raw results in $OUT"
export IMGCTL_FAKE_STATE="$OUT/fake-state.json"
for r in hello-world:latest alpine:3.13 alpine:3.14 node:alpine3.13 nginx:alpine ubuntu:latest; do
  "$IMGCTL" --engine fake pull -q "$r" >/dev/null
done

JAVA_HOME_DIR=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
DEFAULT_JSA="$JAVA_HOME_DIR/lib/server/classes.jsa"
LAUNCHER_FLAGS=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto)

# name|arguments (the commands measured)
COMMANDS=("version|--version" "ref|ref alpine" "fake|--engine fake images")
for e in "${ENGINES[@]}"; do COMMANDS+=("$e|--engine $e images"); done

# ---------------------------------------------------------------- 1 and 2: wall times

VARIANTS=(
  "as shipped|"
  "no CDS at all|-Xshare:off"
  "JDK archive only (no AppCDS)|-XX:SharedArchiveFile=$DEFAULT_JSA"
  "C2 allowed|-XX:TieredStopAtLevel=4"
  "G1 instead of SerialGC|-XX:-UseSerialGC -XX:+UseG1GC"
  "no perf data|-XX:-UsePerfData"
  "no verification of jar classes|-XX:+UnlockDiagnosticVMOptions -XX:-BytecodeVerificationRemote"
)

hf_cmds=(-n "java -version (launcher flags)" "java ${LAUNCHER_FLAGS[*]} -version")
for c in "${COMMANDS[@]}"; do
  name=${c%%|*} args=${c#*|}
  for v in "${VARIANTS[@]}"; do
    vname=${v%%|*} opts=${v#*|}
    hf_cmds+=(-n "$name: $vname" "env 'IMGCTL_JAVA_OPTS=$opts' $IMGCTL $args")
  done
done
# Each command once first: a variant that does not start at all must not be timed (-i below is
# only for Podman's listing, which fails now and then while another client removes an image).
for ((k = 1; k < ${#hf_cmds[@]}; k += 3)); do
  if ! bash -c "${hf_cmds[k + 1]}" >/dev/null 2>"$OUT/check.err"; then
    say "WARNING: '${hf_cmds[k]}' failed once: $(head -n 1 "$OUT/check.err")"
  fi
done
say "timing $(( ${#hf_cmds[@]} / 3 )) commands, $RUNS runs each"
hyperfine -N -i --style basic --warmup 3 --runs "$RUNS" --export-csv "$OUT/times.csv" --export-json "$OUT/times.json" \
  "${hf_cmds[@]}" >"$OUT/times.log" 2>&1 || { tail -n 5 "$OUT/times.log" >&2; exit 1; }

# ---------------------------------------------------------------- 3: class loading

# awk: lib(cls) names the library of a class.
# shellcheck disable=SC2016 # awk code, not shell
LIB_AWK='
  function lib(cls,   l) {
    l = "other"
    if (cls ~ /^picocli\./) l = "picocli"
    else if (cls ~ /^com\.google\.inject\./) l = "Guice"
    else if (cls ~ /^com\.google\.(common|thirdparty)\./) l = "Guava"
    else if (cls ~ /^com\.github\.dockerjava\./) l = "docker-java"
    else if (cls ~ /^com\.fasterxml\.jackson\./) l = "Jackson"
    else if (cls ~ /^(okhttp3|okio|kotlin)\./) l = "okhttp+okio+kotlin"
    else if (cls ~ /^org\.newsclub\./) l = "junixsocket"
    else if (cls ~ /^org\.apache\.(hc|http)/) l = "httpclient5"
    else if (cls ~ /^io\.imgctl\./) l = "imgctl"
    else if (cls ~ /^(java|javax|jdk|sun|com\.sun)\./) l = "JDK"
    if (cls ~ /\$\$Lambda\$|LambdaForm\$|\$Proxy|GeneratedMethodAccessor|GeneratedConstructorAccessor/) l = l " (generated)"
    return l
  }'

classify() { # class+load log -> "library count from-CDS first-loaded" lines
  awk "$LIB_AWK"'
    / source: / {
      cls = $0; sub(/.*\] /, "", cls); sub(/ source: .*/, "", cls)
      src = $0; sub(/.* source: /, "", src)
      l = lib(cls)
      n[l]++
      if (src ~ /shared objects file/) s[l]++
      if (!(l in first)) first[l] = substr($0, 2, index($0, "]") - 2)
    }
    END { for (l in n) printf "%s\t%d\t%d\t%s\n", l, n[l], s[l] + 0, first[l] }' "$1" | sort -t$'\t' -k2,2nr
}

timeline() { # class+load log -> per 100 ms of JVM uptime, the libraries whose classes were loaded
  awk "$LIB_AWK"'
    / source: / {
      cls = $0; sub(/.*\] /, "", cls); sub(/ source: .*/, "", cls)
      t = substr($0, 2, index($0, "]") - 3) + 0
      b = int(t * 10); if (b > last) last = b
      l = lib(cls); sub(/ \(generated\)/, "", l)
      c[b, l]++; libs[l] = 1
    }
    END {
      for (b = 0; b <= last; b++) {
        line = ""
        for (l in libs) if (c[b, l] > 0) line = line sprintf(" %s %d,", l, c[b, l])
        sub(/,$/, "", line)
        printf "| %d-%d ms |%s |\n", b * 100, (b + 1) * 100, line
      }
    }' "$1"
}

say "class loading"
for c in "${COMMANDS[@]}"; do
  name=${c%%|*} args=${c#*|}
  # shellcheck disable=SC2086
  IMGCTL_JAVA_OPTS="-Xlog:class+load=info:file=$OUT/classload-$name.txt:uptime" "$IMGCTL" $args >/dev/null 2>&1 || true
  classify "$OUT/classload-$name.txt" >"$OUT/classes-$name.tsv"
done

# ---------------------------------------------------------------- 4: JVM phases

for e in "${ENGINES[@]:0:1}"; do
  IMGCTL_JAVA_OPTS="-Xlog:startuptime:file=$OUT/startuptime.txt:uptime" "$IMGCTL" --engine "$e" images >/dev/null 2>&1 || true
done

# ---------------------------------------------------------------- report

echo "imgctl start-up: bash bench/startup.sh --runs $RUNS; $(nproc) cores; load average ${LOAD:-$(uptime | sed 's/.*load average: //')}"
echo
echo "| command | median wall | fastest | mean user + sys CPU |"
echo "|---|---|---|---|"
jq -r '.results[] | "| \(.command) | \(.median * 1000 | floor) ms | \(.min * 1000 | floor) ms | \((.user + .system) * 1000 | floor) ms |"' "$OUT/times.json"
echo
for c in "${COMMANDS[@]}"; do
  name=${c%%|*}
  total=$(awk -F'\t' '{ t += $2; s += $3 } END { printf "%d classes, %d from CDS archives", t, s }' "$OUT/classes-$name.tsv")
  echo "classes loaded by \`imgctl ${c#*|}\`: $total"
  echo
  echo "| library | classes | from CDS | first loaded at |"
  echo "|---|---|---|---|"
  awk -F'\t' '{ printf "| %s | %d | %d | %s |\n", $1, $2, $3, $4 }' "$OUT/classes-$name.tsv"
  echo
done
for e in "${ENGINES[@]:0:1}"; do
  echo "When the classes of \`imgctl --engine $e images\` were loaded (JVM uptime, with class+load logging on):"
  echo
  echo "| uptime | classes loaded, by library |"
  echo "|---|---|"
  timeline "$OUT/classload-$e.txt"
  echo
done
if [[ -s "$OUT/startuptime.txt" ]]; then
  echo "JVM phases (-Xlog:startuptime, --engine ${ENGINES[0]} images):"
  sed 's/^/    /' "$OUT/startuptime.txt"
fi
