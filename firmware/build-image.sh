#!/usr/bin/env bash
# Build one rp2 image with CMake, straight from a board folder.
#
#   firmware/build-image.sh BOARD full        boards/BOARD: the product (its
#                                             manifest, the C module)
#   firmware/build-image.sh BOARD nothread    the product without _thread, for
#                                             bench/bench_thread_target.py
#   firmware/build-image.sh RPI_XXX stock     MicroPython's own board RPI_XXX
#                                             from the same tree, Bluetooth off,
#                                             for the size report and the
#                                             stock module list
#   firmware/build-image.sh BOARD stock-accept   the product without patch 0200's
#        early delivery (MicroPython's own behaviour), for tests/wifi and bench-wifi
#   firmware/build-image.sh BOARD fs KB   the product with a KB KiB filesystem
#                                         instead of the board's (make firmware
#                                         FS_KB=KB): in BUILD/BOARD-fsKB/; KB =
#                                         max: the largest the firmware leaves
#                                         room for, in BUILD/BOARD-fsmax/
#
# Every image is checked to fit below its filesystem (firmware/check_fit.py):
# MicroPython's link does not know where the filesystem starts, so an image
# that overlaps it would build, then overwrite itself with files on the board.
#
# Calls CMake directly: ports/rp2/Makefile insists on a git checkout of
# pico-sdk (lib/pico-sdk/README.md), which packaged sources do not have.
set -euo pipefail
board=$1 kind=$2 fs_kb=${3:-}
root=$(cd "$(dirname "$0")/.." && pwd)
build=${MFA_BUILD:-$root/firmware/build}
mpy="$build/src/micropython"
case $kind in
    full) out="$build/$board"
          board_dir="$root/boards/$board"
          [ -f "$board_dir/mpconfigboard.cmake" ] || { echo "error: unknown board $board: no $board_dir/mpconfigboard.cmake" >&2; exit 2; }
          extra=(-DUSER_C_MODULES="$root/c_modules/micropython.cmake") ;;
    stock-accept) out="$build/$board-stock-accept"
          board_dir="$root/boards/$board"
          [ -f "$board_dir/mpconfigboard.cmake" ] || { echo "error: unknown board $board: no $board_dir/mpconfigboard.cmake" >&2; exit 2; }
          extra=(-DUSER_C_MODULES="$root/c_modules/micropython.cmake")
          export CFLAGS="${CFLAGS:-} -DMICROPY_PY_LWIP_DELIVER_BEFORE_ACCEPT=0" ;;
    nothread) out="$build/$board-nothread"
          src_dir="$root/boards/$board"
          [ -f "$src_dir/mpconfigboard.cmake" ] || { echo "error: unknown board $board" >&2; exit 2; }
          # A copy of the board folder whose mpconfigboard.h turns _thread off
          # (the port's mpconfigport.h defines MICROPY_PY_THREAD only if
          # unset). It must be the board's header: MicroPython's generated
          # module table sees the target's definitions, not the directory's.
          # The copy's manifest names the original folder.
          board_dir="$out/board"
          rm -rf "$board_dir"; mkdir -p "$out"; cp -r "$src_dir" "$board_dir"
          sed -i "s#\$(BOARD_DIR)#$src_dir#g" "$board_dir/manifest.py"
          printf '\n// firmware/build-image.sh nothread: the same board without _thread\n#define MICROPY_PY_THREAD (0)\n' >>"$board_dir/mpconfigboard.h"
          extra=(-DUSER_C_MODULES="$root/c_modules/micropython.cmake") ;;
    fs) out="$build/$board-fs$fs_kb"  # (FS_KB=max: BOARD-fsmax)
        if [ "$fs_kb" = max ]; then
            # the largest filesystem the board's own image leaves room for
            # (the same firmware: only the filesystem's place differs)
            [ -f "$build/$board/firmware.uf2" ] || { echo "error: FS_KB=max needs $build/$board/firmware.uf2 first (make firmware BOARD=$board)" >&2; exit 2; }
            fs_kb=$(python3 "$root/firmware/check_fit.py" --max-fs-kb "$build/picotool/install/bin/picotool" "$build/$board/firmware.uf2") || exit 1
            echo "[build] FS_KB=max: $fs_kb KiB"
        fi
        case $fs_kb in
            ''|*[!0-9]*) echo "error: FS_KB must be the filesystem's size in KiB, a multiple of 4 (e.g. FS_KB=1024), or max, not '$fs_kb'" >&2; exit 2 ;;
        esac
        (( fs_kb > 0 && fs_kb % 4 == 0 )) || { echo "error: FS_KB=$fs_kb: the filesystem's size must be a positive multiple of 4 KiB (flash sectors)" >&2; exit 2; }
        src_dir="$root/boards/$board"
        [ -f "$src_dir/mpconfigboard.cmake" ] || { echo "error: unknown board $board" >&2; exit 2; }
        # A copy of the board folder whose mpconfigboard.h sets the
        # filesystem's size (MicroPython places it at the end of the flash;
        # the firmware gets the rest). The copy's manifest names the original.
        board_dir="$out/board"
        rm -rf "$board_dir"; mkdir -p "$out"; cp -r "$src_dir" "$board_dir"
        sed -i "s#\$(BOARD_DIR)#$src_dir#g" "$board_dir/manifest.py"
        printf '\n// firmware/build-image.sh fs %s: the filesystem at %s KiB\n#undef MICROPY_HW_FLASH_STORAGE_BYTES\n#define MICROPY_HW_FLASH_STORAGE_BYTES (%s * 1024)\n' \
            "$fs_kb" "$fs_kb" "$fs_kb" >>"$board_dir/mpconfigboard.h"
        extra=(-DUSER_C_MODULES="$root/c_modules/micropython.cmake") ;;
    stock) out="$build/stock-$board"
          stock="$mpy/ports/rp2/boards/$board"
          [ -f "$stock/mpconfigboard.cmake" ] || { echo "error: MicroPython has no board $board (ports/rp2/boards/$board)" >&2; exit 2; }
          # A copy of the stock board folder with Bluetooth off: btstack is
          # in no registry. aioble (pure Python, needs the bluetooth module)
          # goes too, so the image holds what ours should hold, less nothing.
          board_dir="$out/board"
          rm -rf "$board_dir"; mkdir -p "$out"; cp -r "$stock" "$board_dir"
          sed -i '/require("aioble"/d' "$board_dir/manifest.py"
          if grep -q 'MICROPY_PY_BLUETOOTH ON' "$board_dir/mpconfigboard.cmake"; then
              cat >>"$board_dir/mpconfigboard.cmake" <<'CMAKE'
# MicroFastApi's build: Bluetooth off (no btstack); the cyw43 headers then
# come through this link (see boards/PICO_W_API/mpconfigboard.cmake).
set(MICROPY_PY_BLUETOOTH OFF)
set(MICROPY_BLUETOOTH_BTSTACK OFF)
set(MICROPY_PY_BLUETOOTH_CYW43 OFF)
cmake_language(DEFER CALL target_link_libraries firmware pico_cyw43_driver_headers)
CMAKE
          fi
          extra=() ;;
    *) echo "error: build-image.sh BOARD full|stock-accept|nothread | BOARD fs KB | RPI_BOARD stock" >&2; exit 2 ;;
esac
for tool in arm-none-eabi-gcc cmake; do
    command -v $tool >/dev/null || { echo "error: $tool is missing: run 'make deps'" >&2; exit 1; }
done
# The one version number (modules/microfastapi/__init__.py) goes to CMake;
# a board's mpconfigboard.cmake makes it a C define for its banner.
version=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$root/modules/microfastapi/__init__.py")
[ -n "$version" ] || { echo "error: no __version__ in modules/microfastapi/__init__.py" >&2; exit 1; }
# Stop git's search for MicroPython's version at the source tree (else it
# finds this project's repository and the banner shows our commit hash).
export GIT_CEILING_DIRECTORIES="$build/src"

log="$out/build.log"
mkdir -p "$out"
# MicroPython's CMake build does not regenerate its headers (module list,
# frozen content) when a board's configuration changes, and then fails to
# link or, worse, links stale settings. Start afresh when the MicroPython
# tree (its pins and patches), the board folder or the build switches differ
# from the last configure.
config_id=$( (cat "$mpy/.assembled" "$board_dir"/* "$root"/c_modules/micropython.cmake "$root"/c_modules/*/micropython.cmake "$0" 2>/dev/null; echo "$version ${CFLAGS:-}") | sha256sum | cut -c1-16)
if [ -d "$out/cmake" ] && [ "$(cat "$out/cmake/.config-id" 2>/dev/null)" != "$config_id" ]; then
    echo "[build] $board ($kind): configuration changed, building from scratch"
    rm -rf "$out/cmake"
fi
start=$(date +%s)
if ! { cmake -S "$mpy/ports/rp2" -B "$out/cmake" \
        -DMICROPY_BOARD="$board" -DMICROPY_BOARD_DIR="$board_dir" \
        -DMICROPY_LIB_DIR="$mpy/lib/micropython-lib" \
        -Dpicotool_DIR="$build/picotool/install/lib/cmake/picotool" \
        -DMICROFASTAPI_VERSION="$version" \
        ${extra[@]+"${extra[@]}"} \
     && echo "$config_id" >"$out/cmake/.config-id" \
     && cmake --build "$out/cmake" -j"$(nproc)"; } >"$log" 2>&1; then
    grep -E 'error|Error' "$log" | head -20 >&2 || true
    tail -15 "$log" >&2
    echo "error: $board ($kind) build failed; full log: $log" >&2
    exit 1
fi
# The firmware must end before the filesystem starts (nothing else checks it)
if ! python3 "$root/firmware/check_fit.py" "$out/cmake/firmware.elf" "$build/picotool/install/bin/picotool" "$out/cmake/firmware.uf2"; then
    rm -f "$out/firmware.uf2"
    echo "error: $board ($kind) not written: the image does not fit its flash layout" >&2
    exit 1
fi
# Copy the products next to the size report; the .uf2 last, since make
# takes it as the sign that the image is complete.
cp "$out/cmake/firmware.elf" "$out/firmware.elf"
cp "$out/cmake/firmware.elf.map" "$out/firmware.elf.map" 2>/dev/null || true
cp "$out/cmake/firmware.bin" "$out/firmware.bin"
# What the manifest froze, as Make dependencies of the image (your app's
# files included), for the next `make`.
if [ "$kind" = full ]; then
    # (the target as the Makefile names it: MFA_DEP_TARGET, else the path here)
    python3 "$root/firmware/manifest_deps.py" "${MFA_DEP_TARGET:-$out/firmware.uf2}" "$out/manifest.d" "$board_dir/manifest.py" \
        -v MPY_DIR="$mpy" -v MPY_LIB_DIR="$mpy/lib/micropython-lib" -v PORT_DIR="$mpy/ports/rp2" -v BOARD_DIR="$board_dir"
fi
cp "$out/cmake/firmware.uf2" "$out/firmware.uf2.tmp" && mv "$out/firmware.uf2.tmp" "$out/firmware.uf2"
echo "[build] $board ($kind) done in $(( $(date +%s) - start )) s"
