#!/usr/bin/env bash
# Put an image on a board:
#   1. a mounted BOOTSEL drive (RPI-RP2 for the Pico W, RP2350 for the Pico 2 W):
#      copy the .uf2 onto it, as drag and drop does;
#   2. else a board picotool can see (in BOOTSEL mode, or running MicroPython
#      with USB): picotool load -x, which also reboots it;
#   3. else say what to do, and exit 1.
# FLASH_DRIVE=/path names the drive folder when it is mounted somewhere unusual.
set -euo pipefail
uf2=$1 picotool=${2:-picotool}
[ -f "$uf2" ] || { echo "error: $uf2 is not built: run 'make firmware BOARD=...' first" >&2; exit 1; }

drives=()
if [ -n "${FLASH_DRIVE:-}" ]; then
    drives=("$FLASH_DRIVE")
else
    for d in /media/*/RPI-RP2 /media/*/RP2350 /run/media/*/RPI-RP2 /run/media/*/RP2350 /mnt/RPI-RP2 /mnt/RP2350 \
             $(lsblk -rno LABEL,MOUNTPOINT 2>/dev/null | awk '$1=="RPI-RP2"||$1=="RP2350"{print $2}'); do
        [ -d "$d" ] && drives+=("$d")
    done
fi
for d in "${drives[@]}"; do
    if [ -f "$d/INFO_UF2.TXT" ]; then
        echo "copying $(basename "$uf2") to $d"
        cp "$uf2" "$d/" && sync
        echo "done: the board reboots into the new image"
        exit 0
    fi
    echo "error: $d has no INFO_UF2.TXT: not a BOOTSEL drive" >&2
    exit 1
done
if command -v "$picotool" >/dev/null 2>&1 && "$picotool" info >/dev/null 2>&1; then
    echo "loading $(basename "$uf2") with picotool"
    exec "$picotool" load -x "$uf2"
fi
echo "error: no board found: hold BOOTSEL while plugging the board in (a drive named RPI-RP2 or RP2350 appears), then run 'make flash' again or drag $uf2 onto the drive" >&2
exit 1
