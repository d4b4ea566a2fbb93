#!/usr/bin/env bash
# Fetch and assemble the pinned MicroPython source tree.
#
#   firmware/fetch.sh SRC_DIR          assemble MicroPython (+ lib/ parts) at SRC_DIR,
#                                      patched with firmware/patches/micropython/*.patch
#   firmware/fetch.sh --tree-id        print the identity of that tree (pins, SOURCES, patches)
#   firmware/fetch.sh --picotool DIR   unpack picotool's source at DIR
#   firmware/fetch.sh --cyw43 DIR      put cyw43-driver at DIR, or exit 3 with one line
#   firmware/fetch.sh --cyw43-check    exit 0 if cyw43-driver can be had, else 3 with one line
#   firmware/fetch.sh --micropython-lib DIR   put micropython-lib at DIR, or exit 3 with one line
#
# Downloads go to $MFA_CACHE (default ~/.cache/microfastapi), are checked by
# sha256 before use, and are renamed into place only when complete, so an
# interrupted download is never trusted. Trees are unpacked into a temporary
# folder, patched there and renamed into place at the end, so a half-unpacked
# or half-patched tree never looks finished.
#
# Patches: our changes to MicroPython, git-style diffs applied with -p1 in
# lexical order (NNNN-name.patch). SRC_DIR/.assembled holds the tree's
# identity, a hash of the pins, SOURCES and every patch's content: a tree with
# the same identity is left alone, any other is assembled again from scratch,
# so a changed, added or removed patch never lands on a tree patched before.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
# shellcheck source=firmware/pins.env
. "${MFA_PINS:-$here/pins.env}"
CACHE=${MFA_CACHE:-$HOME/.cache/microfastapi}
SOURCES=${SOURCES:-debian}
PATCHES=${MFA_PATCHES:-$here/patches/micropython}
mkdir -p "$CACHE/downloads"

say() { printf '[fetch] %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

need() {
    command -v "$1" >/dev/null 2>&1 || die "'$1' is missing: install it with 'apt-get install $2' (or run 'make deps')"
}

# The Debian mirror this machine is configured with (never written into the repo).
debian_mirror() {
    local uri
    uri=$(grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | grep -v security | head -1 || true)
    [ -n "$uri" ] || uri=$(grep -hs '^deb ' /etc/apt/sources.list | awk '{print $2}' | grep -v security | head -1 || true)
    [ -n "$uri" ] || die "no Debian mirror found in /etc/apt/sources.list{,.d}: SOURCES=debian needs one"
    printf '%s' "${uri%/}"
}

sha256_ok() { [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$2" ]; }

# fetch_pool POOL_PATH SHA256 -> prints the cached file's path
fetch_pool() {
    local rel=$1 sum=$2 name dest
    name=$(basename "$rel")
    dest="$CACHE/downloads/$name"
    if [ -f "$dest" ] && sha256_ok "$dest" "$sum"; then
        printf '%s' "$dest"; return
    fi
    need curl curl
    say "downloading $name"
    rm -f "$dest.part"
    curl -fL --retry 3 --connect-timeout 20 -sS -o "$dest.part" "$(debian_mirror)/$rel" \
        || { rm -f "$dest.part"; die "download failed: $name (package path $rel)"; }
    if ! sha256_ok "$dest.part" "$sum"; then
        local got; got=$(sha256sum "$dest.part" | cut -d' ' -f1)
        rm -f "$dest.part"
        die "checksum mismatch: $name has sha256 $got, firmware/pins.env expects $sum"
    fi
    mv -f "$dest.part" "$dest"
    printf '%s' "$dest"
}

# unpack_tar ARCHIVE DEST: the archive's single top folder becomes DEST
unpack_tar() {
    mkdir -p "$(dirname "$2")"
    local tmp; tmp=$(mktemp -d "$2.tmp.XXXXXX")
    tar -xf "$1" -C "$tmp"
    local top; top=$(find "$tmp" -mindepth 1 -maxdepth 1 -type d | head -1)
    rm -rf "$2"; mv "$top" "$2"; rm -rf "$tmp"
}

# unpack_deb DEB SUBDIR DEST: usr/src/<x> of an arch-all source package
unpack_deb() {
    mkdir -p "$(dirname "$3")"
    local tmp; tmp=$(mktemp -d "$3.tmp.XXXXXX")
    dpkg-deb -x "$1" "$tmp"
    rm -rf "$3"; mv "$tmp/$2" "$3"; rm -rf "$tmp"
}

git_at() { # git_at URL REF DEST
    mkdir -p "$(dirname "$3")"
    need git git
    local tmp; tmp=$(mktemp -d "$3.tmp.XXXXXX")
    say "cloning $1 at $2"
    git clone -q --depth 1 --branch "$2" "$1" "$tmp" || { rm -rf "$tmp"; die "git clone failed: $1 at $2"; }
    rm -rf "$3"; mv "$tmp" "$3"
}

# assemble_debian TMP: the tree, unpatched, at TMP
assemble_debian() {
    local tmp=$1
    rm -rf "$tmp"; mkdir -p "$(dirname "$tmp")"
    say "MicroPython $MICROPYTHON_VERSION and libraries from Debian 13 packaged sources"
    unpack_tar "$(fetch_pool "$DEB_MICROPYTHON" "$DEB_MICROPYTHON_SHA256")" "$tmp"
    rm -rf "$tmp/lib/pico-sdk" "$tmp/lib/tinyusb" "$tmp/lib/mbedtls" "$tmp/lib/lwip"
    unpack_deb "$(fetch_pool "$DEB_PICO_SDK" "$DEB_PICO_SDK_SHA256")" usr/src/pico-sdk "$tmp/lib/pico-sdk"
    unpack_deb "$(fetch_pool "$DEB_TINYUSB" "$DEB_TINYUSB_SHA256")" usr/src/tinyusb "$tmp/lib/tinyusb"
    unpack_tar "$(fetch_pool "$DEB_MBEDTLS" "$DEB_MBEDTLS_SHA256")" "$tmp/lib/mbedtls"
    unpack_tar "$(fetch_pool "$DEB_LWIP" "$DEB_LWIP_SHA256")" "$tmp/lib/lwip"
}

# assemble_git TMP: the tree, unpatched, at TMP
assemble_git() {
    local tmp=$1
    rm -rf "$tmp"
    git_at "$GIT_MICROPYTHON" "v$MICROPYTHON_VERSION" "$tmp"
    say "submodules (pinned by MicroPython v$MICROPYTHON_VERSION)"
    git -C "$tmp" submodule update --init --depth 1 lib/pico-sdk lib/tinyusb lib/mbedtls lib/lwip lib/cyw43-driver lib/micropython-lib \
        || die "git submodule update failed in MicroPython v$MICROPYTHON_VERSION"
}

patch_files() { find "$PATCHES" -maxdepth 1 -name '*.patch' -type f 2>/dev/null | LC_ALL=C sort; }

# The identity of the assembled tree: what it is made from.
tree_id() {
    {
        cat "${MFA_PINS:-$here/pins.env}"
        echo "SOURCES=$SOURCES"
        local p
        for p in $(patch_files); do
            echo "--- patch $(basename "$p")"; cat "$p"
        done
    } | sha256sum | cut -c1-16
}

# apply_patches TREE: each patch in turn, checked with --dry-run before it
# touches anything; the first that does not apply stops with one line.
apply_patches() {
    local tree=$1 p name why
    for p in $(patch_files); do
        name=${p#"$root/"}
        need patch patch
        if ! why=$(patch -p1 --dry-run --force --fuzz=0 -d "$tree" <"$p" 2>&1); then
            # the first failure, with the file it was in ("checking file X" precedes it)
            why=$(printf '%s\n' "$why" | awk '/^checking file /{f=$3": "} /FAILED|can.t find|malformed|garbage|No file|Reversed/{sub(/\.$/,""); print f $0; exit}')
            rm -rf "$tree"
            die "patch $name does not apply to MicroPython $MICROPYTHON_VERSION (SOURCES=$SOURCES)${why:+: $why}; nothing was changed"
        fi
        say "applying $(basename "$p")"
        patch -p1 --force --fuzz=0 --no-backup-if-mismatch -s -d "$tree" <"$p" >/dev/null \
            || { rm -rf "$tree"; die "patch $name failed while applying; nothing was changed"; }
    done
}

# assemble DEST: the patched tree at DEST, unless DEST already is that tree.
assemble() {
    local dest=$1 id tmp="$1.tmp"
    id=$(tree_id)
    if [ -f "$dest/.assembled" ] && [ "$(cat "$dest/.assembled")" = "$id" ]; then
        return
    fi
    case "$SOURCES" in
        debian) need dpkg-deb dpkg; assemble_debian "$tmp" ;;
        git) assemble_git "$tmp" ;;
        *) die "SOURCES=$SOURCES is not known: use SOURCES=debian (packaged sources) or SOURCES=git (upstream)" ;;
    esac
    apply_patches "$tmp"
    echo "$id" >"$tmp/.assembled"
    rm -rf "$dest"; mv "$tmp" "$dest"
}

picotool_src() {
    local dest=$1
    if [ "$SOURCES" = git ]; then
        git_at "$GIT_PICOTOOL" "$GIT_PICOTOOL_REF" "$dest"
    else
        unpack_tar "$(fetch_pool "$DEB_PICOTOOL" "$DEB_PICOTOOL_SHA256")" "$dest"
    fi
}

# ../shared/mirror beside the clone (MFA_MIRROR_DIR points elsewhere).
CYW43_MIRROR="${MFA_MIRROR_DIR:-$here/../../shared/mirror}/$CYW43_DRIVER_TARBALL"
CYW43_MISSING="cyw43-driver (Pico W radio) not available: give CYW43_DRIVER_DIR=<checkout of $CYW43_DRIVER_COMMIT>, or put $CYW43_DRIVER_TARBALL in ../shared/mirror/, or allow access to upstream git"

upstream_reachable() { GIT_TERMINAL_PROMPT=0 timeout 20 git ls-remote "$1" >/dev/null 2>&1; }

# Is there a way to get cyw43-driver? Exit 0, or exit 3 after one line.
cyw43_check() {
    if [ -n "${CYW43_DRIVER_DIR:-}" ] || [ -f "$CYW43_MIRROR" ] || upstream_reachable "$CYW43_DRIVER_GIT"; then
        return 0
    fi
    echo "$CYW43_MISSING" >&2
    exit 3
}

# A pinned upstream tree no registry carries (cyw43-driver, micropython-lib):
# the checkout a user names in an environment variable, then the shared
# mirror's tarball (sha256-checked), then upstream git at the pinned commit.
# pinned_src DEST NAME MARKER DIR_VAR MIRROR SHA256 COMMIT GIT MISSING
#   MARKER: a file every real tree has (how a wrong directory is caught)
pinned_src() {
    local dest=$1 name=$2 marker=$3 dir_var=$4 mirror=$5 sha=$6 commit=$7 url=$8 missing=$9
    local dir=${!dir_var:-}
    # SOURCES=git: MicroPython's own submodule is already there at the pin.
    if [ ! -L "$dest" ] && [ -f "$dest/$marker" ] && [ "$SOURCES" = git ]; then return; fi
    if [ -n "$dir" ]; then
        [ -f "$dir/$marker" ] || die "$dir_var=$dir does not hold $name (no $marker)"
        rm -rf "$dest"; ln -s "$(cd "$dir" && pwd)" "$dest"; return
    fi
    if [ -f "$mirror" ]; then
        sha256_ok "$mirror" "$sha" \
            || die "checksum mismatch: $mirror is not $name $commit (expected sha256 $sha)"
        unpack_tar "$mirror" "$dest"; return
    fi
    if upstream_reachable "$url"; then
        local tmp; tmp=$(mktemp -d "$dest.tmp.XXXXXX")
        git clone -q "$url" "$tmp" && git -C "$tmp" checkout -q "$commit" \
            || { rm -rf "$tmp"; die "git clone of $name failed"; }
        rm -rf "$dest"; mv "$tmp" "$dest"; return
    fi
    echo "$missing" >&2
    exit 3
}

cyw43_src() {
    pinned_src "$1" cyw43-driver src/cyw43.h CYW43_DRIVER_DIR "$CYW43_MIRROR" \
        "$CYW43_DRIVER_SHA256" "$CYW43_DRIVER_COMMIT" "$CYW43_DRIVER_GIT" "$CYW43_MISSING"
}

MPLIB_MIRROR="${MFA_MIRROR_DIR:-$here/../../shared/mirror}/$MICROPYTHON_LIB_TARBALL"
MPLIB_MISSING="micropython-lib (packages the board manifests require()) not available: give MICROPYTHON_LIB_DIR=<checkout of $MICROPYTHON_LIB_COMMIT>, or put $MICROPYTHON_LIB_TARBALL in ../shared/mirror/, or allow access to upstream git"

mplib_src() {
    pinned_src "$1" micropython-lib micropython/bundles/bundle-networking/manifest.py MICROPYTHON_LIB_DIR \
        "$MPLIB_MIRROR" "$MICROPYTHON_LIB_SHA256" "$MICROPYTHON_LIB_COMMIT" "$MICROPYTHON_LIB_GIT" "$MPLIB_MISSING"
}

case "${1:-}" in
    --picotool) picotool_src "$2" ;;
    --micropython-lib) mplib_src "$2" ;;
    --cyw43) cyw43_src "$2" ;;
    --cyw43-check) cyw43_check ;;
    --tree-id) tree_id ;;
    ""|-*) die "usage: firmware/fetch.sh SRC_DIR | --tree-id | --picotool DIR | --cyw43 DIR | --cyw43-check | --micropython-lib DIR" ;;
    *) assemble "$1" ;;
esac
