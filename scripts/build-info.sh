#!/usr/bin/env bash
# Writes what `imgctl --version` reports about the build: the version and the git commit of the
# source tree, or "unknown" when ROOT is not the top of a git work tree (a source archive) or git is
# missing. A tree with changes to tracked files gets "-dirty". The file is rewritten only when its
# content changes, so an unchanged tree does not make the jar out of date.
#
#   scripts/build-info.sh ROOT VERSION OUT.properties
set -Eeuo pipefail

(($# == 3)) || { echo "usage: $0 ROOT VERSION OUT.properties" >&2; exit 2; }
root=$1 version=$2 out=$3

commit=unknown
if command -v git >/dev/null 2>&1 \
    && top=$(git -C "$root" rev-parse --show-toplevel 2>/dev/null) \
    && [[ "$(cd "$top" && pwd -P)" == "$(cd "$root" && pwd -P)" ]] \
    && head=$(git -C "$root" rev-parse --short=12 HEAD 2>/dev/null); then
  commit=$head
  git -C "$root" diff --quiet HEAD -- 2>/dev/null || commit+=-dirty
fi

mkdir -p "$(dirname "$out")"
content=$(printf 'version=%s\ncommit=%s\n' "$version" "$commit")
if [[ ! -f "$out" || "$(cat "$out")" != "$content" ]]; then
  printf '%s\n' "$content" >"$out"
fi
