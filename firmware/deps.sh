#!/usr/bin/env bash
# Install what the build and the tests need, from the package registries this
# machine is configured with: Debian packages (apt-get), Python packages (pip,
# requirements-dev.txt) and the emulator's Node packages (npm ci in emu/).
# Quick when everything is there already: each step checks before it installs.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
stamp_dir="$root/firmware/build/.deps"
mkdir -p "$stamp_dir"

# Debian packages: the ARM toolchain and newlib, CMake, libusb (picotool),
# libffi (twin), clang + its sanitizer runtime (fuzzing), wrk and curl
# (benchmarks and tests), chromium (the /docs page test), Node for the emulator,
# iproute2 (tests/wifi's TAP device in a network namespace of its own).
# `firmware/deps.sh build` installs only what building the images needs (the
# release workflow uses that).
apt_pkgs=(gcc-arm-none-eabi libnewlib-arm-none-eabi libstdc++-arm-none-eabi-newlib
          cmake make gcc g++ pkg-config libusb-1.0-0-dev libffi-dev git curl xz-utils bzip2 patch)
what=${1:-all}
if [ "$what" = all ]; then
    apt_pkgs+=(clang libclang-rt-14-dev wrk chromium nodejs iproute2)
fi
missing=()
for p in "${apt_pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# Node may come from elsewhere than Debian (it does on these machines).
if command -v node >/dev/null 2>&1; then
    missing=("${missing[@]/nodejs}")
fi
read -r -a missing <<<"${missing[*]}"
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" != 0 ] && ! command -v sudo >/dev/null; then
        echo "error: missing Debian packages: ${missing[*]}; install them with: apt-get install ${missing[*]}" >&2
        exit 1
    fi
    sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
    echo "[deps] apt-get install ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
        || { echo "error: apt-get install failed for: ${missing[*]}" >&2; exit 1; }
fi

[ "$what" = all ] || exit 0

# Python packages for tests and benchmarks, pinned in requirements-dev.txt.
req="$root/requirements-dev.txt"
if [ -f "$req" ]; then
    sum=$(sha256sum "$req" | cut -c1-16)
    if [ ! -f "$stamp_dir/pip-$sum" ]; then
        echo "[deps] pip install -r requirements-dev.txt"
        python3 -m pip install -q -r "$req" 2> >(grep -v "^WARNING: Location" >&2) || { echo "error: pip install -r requirements-dev.txt failed" >&2; exit 1; }
        rm -f "$stamp_dir"/pip-*; touch "$stamp_dir/pip-$sum"
    fi
fi

# The emulator's Node packages (rp2040js), exactly as locked.
if [ -f "$root/emu/package-lock.json" ]; then
    sum=$(sha256sum "$root/emu/package-lock.json" | cut -c1-16)
    if [ ! -f "$stamp_dir/npm-$sum" ] || [ ! -d "$root/emu/node_modules" ]; then
        command -v npm >/dev/null || { echo "error: npm is missing: install Node.js 20 (apt-get install nodejs npm)" >&2; exit 1; }
        echo "[deps] npm ci (emu/)"
        (cd "$root/emu" && npm ci --no-audit --no-fund --silent) || { echo "error: npm ci in emu/ failed" >&2; exit 1; }
        rm -f "$stamp_dir"/npm-*; touch "$stamp_dir/npm-$sum"
    fi
fi
