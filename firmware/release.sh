#!/usr/bin/env bash
# Package built images for a release: firmware/build/release/ gets, per board,
# <board>-<version>.uf2 and <board>-<version>-size.txt, and one SHA256SUMS.
# Fails loudly when any board's image is missing.
set -euo pipefail
version=$1; shift
build=${MFA_BUILD:-firmware/build}
out="$build/release"
[ -n "$version" ] || { echo "error: VERSION is empty" >&2; exit 2; }
rm -rf "$out.tmp"; mkdir -p "$out.tmp"
for board in "$@"; do
    img="$build/$board/firmware.uf2"
    [ -f "$img" ] || { echo "error: no image for $board ($img): its build failed or was skipped" >&2; rm -rf "$out.tmp"; exit 1; }
    cp "$img" "$out.tmp/$board-$version.uf2"
    cp "$build/$board/size-report.txt" "$out.tmp/$board-$version-size.txt"
done
(cd "$out.tmp" && sha256sum -- *.uf2 > SHA256SUMS)
rm -rf "$out"; mv "$out.tmp" "$out"
cat "$out/SHA256SUMS"
