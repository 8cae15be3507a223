#!/usr/bin/env bash
# Run by hyperfine's --prepare before each timed run of bench/run.sh (not meant to be run by hand).
#
#   bench/prepare.sh load ENGINE ARCHIVE NAME COUNT STATE_DIR
#       Load the COUNT images NAME:1..COUNT from ARCHIVE (a fresh set for one timed `rmi`). From the
#       second call on it first checks that the previous timed run removed them all, tags and
#       data (by the archive's image IDs): each run must do the same work. Problems go to
#       STATE_DIR/warnings (run.sh reports them).
#   bench/prepare.sh unpull ENGINE REF...
#       Remove the REFs (children first, as given), so the timed `pull` downloads them again.
#   bench/prepare.sh change ENGINE SOURCE TAG
#       Tag SOURCE as TAG and remove TAG again: the store is as before, but the engine logged two
#       changes (so a resident server's kept listing no longer counts).
#   bench/prepare.sh no-server IMGCTL STATE_HOME
#       Make sure no resident server runs for STATE_HOME: wait for one that the previous timed run
#       started in the background (at most 10 s), then stop it, so the next run is a first command.
set -Euo pipefail

list_tags() { # engine name -> the tags NAME:<n> present, one a line
  local try out
  # Podman's `images` can fail while another client removes an image: try again.
  for try in 1 2 3; do
    if out=$("$1" images --format '{{.Repository}}:{{.Tag}}' 2>/dev/null); then break; fi
    ((try < 3)) || { echo "prepare: Tried to list the images of $1 but failed 3 times" >&2; exit 1; }
    sleep 0.5
  done
  grep -E "^${2//./\\.}:[0-9]+\$" <<<"$out" || true
}

list_ids() { # engine -> every image ID present (hex, no sha256: prefix), one a line
  local try out
  for try in 1 2 3; do
    if out=$("$1" images -aq --no-trunc 2>/dev/null); then break; fi
    ((try < 3)) || { echo "prepare: Tried to list the image IDs of $1 but failed 3 times" >&2; exit 1; }
    sleep 0.5
  done
  printf '%s\n' "${out//sha256:/}" | sort -u
}

case "${1:-}" in
  load)
    engine=$2 archive=$3 name=$4 count=$5 state=$6
    mkdir -p "$state"
    # The image IDs in the archive (its config files are named by them).
    if [[ ! -f "$state/ids" ]]; then
      tar -xOf "$archive" --wildcards "*manifest.json" | grep -o '[0-9a-f]\{64\}\.json' | sed 's/\.json$//' | sort -u >"$state/ids"
    fi
    if [[ -f "$state/loaded" ]]; then
      left=$(list_tags "$engine" "$name" | wc -l)
      if ((left != 0)); then
        printf 'rmi: a timed run left %s of the %s tags %s:N in place\n' "$left" "$count" "$name" >>"$state/warnings"
      fi
      kept=$(list_ids "$engine" | grep -cxFf "$state/ids" || true)
      if ((kept != 0)); then
        printf 'rmi: a timed run left the data of %s of the %s images in place\n' "$kept" "$count" >>"$state/warnings"
      fi
    fi
    for try in 1 2 3; do
      if "$engine" load -q -i "$archive" >/dev/null 2>"$state/load.err"; then break; fi
      ((try < 3)) || { echo "prepare: Tried to load $archive into $engine but failed because: $(tail -n 1 "$state/load.err")" >&2; exit 1; }
      sleep 0.5
    done
    loaded=$(list_tags "$engine" "$name" | wc -l)
    if ((loaded != count)); then
      echo "prepare: Tried to load $count images $name:N into $engine but failed because it lists $loaded" >&2
      exit 1
    fi
    : >"$state/loaded"
    ;;
  unpull)
    engine=$2
    shift 2
    for ref in "$@"; do
      if "$engine" image inspect "$ref" >/dev/null 2>&1; then
        "$engine" rmi "$ref" >/dev/null 2>&1 || true
      fi
    done
    ;;
  change)
    engine=$2 source=$3 tag=$4
    "$engine" tag "$source" "$tag" >/dev/null || { echo "prepare: Tried to tag $source as $tag on $engine but failed" >&2; exit 1; }
    "$engine" rmi "$tag" >/dev/null || { echo "prepare: Tried to remove the tag $tag from $engine but failed" >&2; exit 1; }
    ;;
  no-server)
    imgctl=$2 state_home=$3
    if [[ -e $state_home/imgctl/resident.lock ]]; then
      for _ in $(seq 1 100); do
        XDG_STATE_HOME=$state_home "$imgctl" resident status >/dev/null 2>&1 && break
        # nobody holds the lock: no server is starting
        flock -n "$state_home/imgctl/resident.lock" true 2>/dev/null && break
        sleep 0.1
      done
    fi
    XDG_STATE_HOME=$state_home "$imgctl" resident stop >/dev/null 2>&1 || true
    ;;
  *)
    echo "usage: $0 load ENGINE ARCHIVE NAME COUNT STATE_DIR | unpull ENGINE REF... | change ENGINE SOURCE TAG | no-server IMGCTL STATE_HOME" >&2
    exit 2
    ;;
esac
