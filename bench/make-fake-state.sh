#!/usr/bin/env bash
# Writes a state file for imgctl's built-in engine (--engine fake) holding the images of TEMPLATE.json
# plus COUNT distinct one-layer images imgctl-bench/img:1..COUNT, each a copy of TEMPLATE's first image
# with its own ID, layer and creation time. TEMPLATE.json is a state file the engine itself wrote
# (e.g. after `imgctl --engine fake pull hello-world`), so the copies keep whatever fields it has.
#
#   bench/make-fake-state.sh TEMPLATE.json COUNT OUT.json
#
# Needs jq. The result is checked by the caller with `imgctl --engine fake images`.
set -Eeuo pipefail

(($# == 3)) || { echo "usage: $0 TEMPLATE.json COUNT OUT.json" >&2; exit 2; }
template=$1 count=$2 out=$3
[[ "$count" =~ ^[0-9]+$ ]] || { echo "make-fake-state: COUNT must be a number" >&2; exit 2; }
command -v jq >/dev/null || { echo "make-fake-state: jq is not installed" >&2; exit 1; }

# Two hashes per image: its ID and its layer's diff ID (deterministic).
ids=$(for ((i = 1; i <= count; i++)); do
  printf 'imgctl bench fake image %s' "$i" | sha256sum | cut -d' ' -f1
  printf 'imgctl bench fake layer %s' "$i" | sha256sum | cut -d' ' -f1
done | jq -R . | jq -s .)

jq --argjson h "$ids" --argjson n "$count" '
  .images[0] as $t
  | .images += [range(0; $n) as $k
      | ($k + 1) as $i
      | ((1700000000 + $i) | todate) as $created
      | $t
      | .id = "sha256:" + $h[2 * $k]
      | .tags = ["docker.io/imgctl-bench/img:" + ($i | tostring)]
      | .digests = []
      | .created = $created
      | .layers = [.layers[0] | .diffId = "sha256:" + $h[2 * $k + 1] | .size = 42 | .created = $created
                   | .createdBy = "imgctl bench/make-fake-state.sh"]]
' "$template" >"$out.tmp"
mv "$out.tmp" "$out"
