#!/usr/bin/env bash
# Build one rp2 image with CMake, straight from the board folder.
#
#   firmware/build-image.sh BOARD full       the product: framework + C module
#   firmware/build-image.sh BOARD baseline   neither, for the size report
#   firmware/build-image.sh BOARD stock-accept   the product without patch 0200's
#        early delivery (MicroPython's own behaviour), for tests/wifi and bench-wifi
#
# Calls CMake directly: ports/rp2/Makefile insists on a git checkout of
# pico-sdk (lib/pico-sdk/README.md), which packaged sources do not have.
set -euo pipefail
board=$1 kind=$2
root=$(cd "$(dirname "$0")/.." && pwd)
build=${MFA_BUILD:-$root/firmware/build}
mpy="$build/src/micropython"
case $kind in
    full) out="$build/$board"
          extra=(-DUSER_C_MODULES="$root/c_modules/micropython.cmake") ;;
    baseline) out="$build/$board-baseline"
          extra=(-DMICROPY_FROZEN_MANIFEST="$root/firmware/manifests/baseline_rp2.py") ;;
    stock-accept) out="$build/$board-stock-accept"
          extra=(-DUSER_C_MODULES="$root/c_modules/micropython.cmake")
          export CFLAGS="${CFLAGS:-} -DMICROPY_PY_LWIP_DELIVER_BEFORE_ACCEPT=0" ;;
    *) echo "error: build-image.sh BOARD full|baseline|stock-accept" >&2; exit 2 ;;
esac
[ -d "$root/boards/$board" ] || { echo "error: unknown board $board; boards: $(ls "$root/boards")" >&2; exit 2; }
for tool in arm-none-eabi-gcc cmake; do
    command -v $tool >/dev/null || { echo "error: $tool is missing: run 'make deps'" >&2; exit 1; }
done

log="$out/build.log"
mkdir -p "$out"
# MicroPython's CMake build does not regenerate its headers (module list,
# frozen content) when a board's configuration changes, and then fails to
# link or, worse, links stale settings. Start afresh when the MicroPython
# tree (its pins and patches), the board folder or the build switches differ
# from the last configure.
config_id=$(cat "$mpy/.assembled" "$root/boards/$board"/* "$root"/c_modules/micropython.cmake "$root"/c_modules/*/micropython.cmake "$0" 2>/dev/null | sha256sum | cut -c1-16)
if [ -d "$out/cmake" ] && [ "$(cat "$out/cmake/.config-id" 2>/dev/null)" != "$config_id" ]; then
    echo "[build] $board ($kind): configuration changed, building from scratch"
    rm -rf "$out/cmake"
fi
start=$(date +%s)
if ! { cmake -S "$mpy/ports/rp2" -B "$out/cmake" \
        -DMICROPY_BOARD="$board" -DMICROPY_BOARD_DIR="$root/boards/$board" \
        -DMICROPY_LIB_DIR="$root/firmware/micropython-lib-stub" \
        -Dpicotool_DIR="$build/picotool/install/lib/cmake/picotool" \
        "${extra[@]}" \
     && echo "$config_id" >"$out/cmake/.config-id" \
     && cmake --build "$out/cmake" -j"$(nproc)"; } >"$log" 2>&1; then
    grep -E 'error|Error' "$log" | head -20 >&2 || true
    tail -15 "$log" >&2
    echo "error: $board ($kind) build failed; full log: $log" >&2
    exit 1
fi
# Copy the products next to the size report; the .uf2 last, since make
# takes it as the sign that the image is complete.
cp "$out/cmake/firmware.elf" "$out/firmware.elf"
cp "$out/cmake/firmware.elf.map" "$out/firmware.elf.map" 2>/dev/null || true
cp "$out/cmake/firmware.bin" "$out/firmware.bin"
cp "$out/cmake/firmware.uf2" "$out/firmware.uf2.tmp" && mv "$out/firmware.uf2.tmp" "$out/firmware.uf2"
echo "[build] $board ($kind) done in $(( $(date +%s) - start )) s"
