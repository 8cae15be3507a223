#!/usr/bin/env bash
# Runs every Jazzer @FuzzTest in fuzzing mode, one after the other, for a bounded time each.
#
#   scripts/fuzz.sh [SECONDS] [FILTER]   SECONDS per fuzzer (default 30); FILTER: only fuzzers whose
#                                        Class#method contains it
#
# The normal build (mvn verify) runs the same tests in regression mode: once per committed input
# under <module>/src/test/resources/<package>/<Class>Inputs/<method>/. Here JAZZER_FUZZ=1 makes each
# one fuzz instead. Inputs a run discovers are kept in <module>/target/fuzz-corpus/ (the next run
# starts from them); a finding is written as crash-<sha1> into the fuzzer's inputs directory, where
# the normal build replays it from then on.
#
# Prints one line per fuzzer: executions, seconds, executions per second, and the result. Exits 1
# when a fuzzer found something. Runs one fuzzer at a time, niced, with a small heap. .ci/run runs it for 8 s per fuzzer.
set -Eeuo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly REPO_ROOT
readonly SECONDS_EACH="${1:-30}"
readonly FILTER="${2:-}"
readonly MODULES=(domain adapters-fake adapters-docker adapters-podman)
readonly LOG_DIR="$REPO_ROOT/target/fuzz-logs"

if ! [[ "$SECONDS_EACH" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: scripts/fuzz.sh [SECONDS] [FILTER]  (SECONDS: a positive whole number)" >&2
  exit 2
fi

cd "$REPO_ROOT"
mkdir -p "$LOG_DIR"
echo "Compiling the fuzzers and writing their class paths ..." >&2
modules_csv="$(IFS=,; echo "${MODULES[*]}")"
mvn -q -B -pl "$modules_csv" -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/fuzz.classpath -Dmdep.includeScope=test >"$LOG_DIR/build.log" 2>&1 \
  || { echo "The build failed; see $LOG_DIR/build.log" >&2; exit 1; }

# Every method annotated @FuzzTest in a *FuzzTest.java: "module class method".
fuzzers() {
  local module file class
  for module in "${MODULES[@]}"; do
    while IFS= read -r file; do
      class="${file#"$module"/src/test/java/}"
      class="${class%.java}"
      class="${class//\//.}"
      awk '/@FuzzTest/ { want = 1; next }
           want && /void [A-Za-z0-9_]+\(/ { match($0, /void [A-Za-z0-9_]+\(/); print substr($0, RSTART + 5, RLENGTH - 6); want = 0 }' \
        "$file" | while IFS= read -r method; do echo "$module $class $method"; done
    done < <(find "$module/src/test/java" -name '*FuzzTest.java' | sort)
  done
}

printf '%-62s %12s %8s %10s  %s\n' "FUZZER" "EXECUTIONS" "SECONDS" "EXEC/S" "RESULT"
found=0
while read -r module class method; do
  name="${class##*.}#$method"
  if [[ -n "$FILTER" && "$class#$method" != *"$FILTER"* ]]; then
    continue
  fi
  corpus="target/fuzz-corpus/${class##*.}/$method"
  log="$LOG_DIR/${class##*.}-$method.log"
  mkdir -p "$module/$corpus"
  classpath="target/test-classes:target/classes:$(cat "$module/target/fuzz.classpath")"
  set +e
  (cd "$module" && JAZZER_FUZZ=1 nice -n 10 java -Xmx768m -XX:-OmitStackTraceInFastThrow -cp "$classpath" \
      -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1="$corpus" \
      -Djazzer.internal.arg.2=-max_total_time="$SECONDS_EACH" \
      "$REPO_ROOT/scripts/FuzzLauncher.java" "$class#$method") >"$log" 2>&1
  status=$?
  set -e
  # libFuzzer's last word: "Done 123456 runs in 30 second(s)".
  runs="$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\1/p' "$log" | tail -1)"
  secs="$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\2/p' "$log" | tail -1)"
  runs="${runs:-?}"
  secs="${secs:-?}"
  rate="?"
  if [[ "$runs" =~ ^[0-9]+$ && "$secs" =~ ^[0-9]+$ && "$secs" -gt 0 ]]; then
    rate=$((runs / secs))
  fi
  if [[ $status -eq 0 ]]; then
    result="ok"
  else
    found=1
    crash="$(sed -n "s/.*Test unit written to \(.*\)$/\1/p" "$log" | tail -1)"
    result="FAILED${crash:+: $crash} (log: $log)"
  fi
  printf '%-62s %12s %8s %10s  %s\n' "$name" "$runs" "$secs" "$rate" "$result"
done < <(fuzzers)
exit "$found"
