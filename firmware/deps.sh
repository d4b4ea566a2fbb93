#!/usr/bin/env bash
# Install what a step needs, from the package registries this machine is
# configured with: Debian packages (apt-get), Python packages (pip, into the
# project's virtual environment, never into the system's Python) and the
# emulator's Node packages (npm ci in emu/).
#
#   firmware/deps.sh build   what `make` needs: the ARM toolchain, CMake, ...,
#                            and the project's virtual environment (.venv)
#   firmware/deps.sh test    what `make test` needs on top: clang, wrk,
#                            chromium, Node; requirements-test.txt; rp2040js
#   firmware/deps.sh board   mpremote (requirements-board.txt), for make repl/deploy
#
# Quick when everything is there already: each step checks before it installs.
# The virtual environment is $MFA_VENV (default .venv in the clone), made by
# the first `python3` on PATH (Debian's /usr/bin/python3 works: Debian 12
# refuses `pip install` into it, PEP 668, and a venv is what it asks for).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
what=${1:-build}
venv=${MFA_VENV:-$root/.venv}
stamp_dir="$venv/.mfa-stamps"

case "$what" in
    build|test|board) ;;
    *) echo "error: firmware/deps.sh build|test|board (got '$what')" >&2; exit 2 ;;
esac

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"
    elif command -v sudo >/dev/null; then sudo "$@"
    else return 127; fi
}

# ---- Debian packages ------------------------------------------------------
# build: the ARM toolchain and newlib, CMake, a host compiler, libusb
# (picotool), libffi (twin), python3-venv (the venv), git, curl, xz, bzip2,
# patch (firmware/patches).
# test: clang + its sanitizer runtime (parser tests, fuzzing), wrk and curl
# (benchmarks, tests), chromium (the /docs page test), Node and npm (emulator),
# iproute2 (tests/wifi's TAP device in a network namespace of its own).
apt_pkgs=()
case "$what" in
    build) apt_pkgs=(gcc-arm-none-eabi libnewlib-arm-none-eabi libstdc++-arm-none-eabi-newlib
                     cmake make gcc g++ pkg-config libusb-1.0-0-dev libffi-dev git curl xz-utils bzip2 patch
                     python3 python3-venv) ;;
    test) apt_pkgs=(clang libclang-rt-14-dev wrk chromium curl iproute2) ;;
esac
# Node may come from elsewhere than Debian (nvm, NodeSource, a tarball): only
# when there is no node (or no npm) on PATH do we ask Debian for it.
if [ "$what" = test ]; then
    command -v node >/dev/null 2>&1 || apt_pkgs+=(nodejs)
    command -v npm >/dev/null 2>&1 || apt_pkgs+=(npm)
fi
missing=()
for p in "${apt_pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" != 0 ] && ! command -v sudo >/dev/null; then
        echo "error: missing Debian packages: ${missing[*]}; install them with: apt-get install ${missing[*]}" >&2
        exit 1
    fi
    echo "[deps] apt-get install ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
        || { echo "error: apt-get install failed for: ${missing[*]}" >&2; exit 1; }
fi

# ---- the project's Python virtual environment -----------------------------
# Made once; made again if it no longer runs (e.g. the Python it was made
# from is gone). Never touches the system's site-packages.
if ! "$venv/bin/python" -c 'import sys; sys.exit(sys.prefix == sys.base_prefix)' >/dev/null 2>&1; then
    py=$(command -v python3 || true)
    [ -n "$py" ] || { echo "error: no python3 on PATH: apt-get install python3 python3-venv" >&2; exit 1; }
    echo "[deps] python virtual environment $venv (from $py, $("$py" -c 'import platform; print(platform.python_version())'))"
    rm -rf "$venv"
    if ! "$py" -m venv "$venv" >/dev/null 2>"$root/.venv-error.log"; then
        rm -rf "$venv"
        echo "error: '$py -m venv' failed (on Debian: apt-get install python3-venv); see $root/.venv-error.log" >&2
        exit 1
    fi
    rm -f "$root/.venv-error.log"
fi
mkdir -p "$stamp_dir"

# pip_install NAME: requirements-NAME.txt into the venv, once per content.
pip_install() {
    local req="$root/requirements-$1.txt" sum
    [ -f "$req" ] || { echo "error: $req is missing" >&2; exit 1; }
    sum=$(cat "$req" "$root"/requirements-*.txt | sha256sum | cut -c1-16)
    [ -f "$stamp_dir/$1-$sum" ] && return 0
    echo "[deps] pip install -r requirements-$1.txt (into $venv)"
    # (this machine's pip configuration may name local wheel folders that do
    # not exist: pip warns about each; keep those lines out of the way)
    (cd "$root" && "$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$req" \
        2> >(grep -v "^WARNING: Location" >&2)) \
        || { echo "error: pip install -r requirements-$1.txt failed" >&2; exit 1; }
    rm -f "$stamp_dir/$1"-*; touch "$stamp_dir/$1-$sum"
}

case "$what" in
    build) exit 0 ;;            # the build itself uses only Python's standard library
    board) pip_install board; exit 0 ;;
esac

pip_install test

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
