#!/usr/bin/env python3
"""Does a built image end before its filesystem starts?

    firmware/check_fit.py FIRMWARE.elf PICOTOOL FIRMWARE.uf2 [--fs-kb KB]
    firmware/check_fit.py --max-fs-kb PICOTOOL FIRMWARE.uf2

MicroPython's rp2 link does not know where the filesystem begins (the board's
MICROPY_HW_FLASH_STORAGE_BYTES, counted back from the end of the flash), so
an image that overlaps it links fine and then, on the board, the filesystem's
first writes overwrite the firmware. firmware/build-image.sh runs this after
every build and writes no .uf2 when it fails.

Reads what the image declares about itself with picotool (its binary end and
its "embedded drive", the filesystem's flash range). --fs-kb KB asks instead
whether the same firmware would fit with a KB KiB filesystem (the flash's end
unchanged): how tests check the failure path without building an image."""
import re
import subprocess
import sys


def layout(picotool, uf2):
    info = subprocess.run([picotool, "info", "-a", uf2], check=True, capture_output=True, text=True).stdout
    end = re.search(r"binary end:\s+0x([0-9a-f]+)", info)
    fs = re.search(r"embedded drive:\s+0x([0-9a-f]+)-0x([0-9a-f]+)", info)
    if not end or not fs:
        raise SystemExit("error: {} declares no binary end or filesystem range (picotool info -a)".format(uf2))
    return int(end.group(1), 16), int(fs.group(1), 16), int(fs.group(2), 16)


def check(binary_end, fs_start, fs_end):
    """None when the firmware fits, else the sentence saying by how much it does not."""
    if binary_end <= fs_start:
        return None
    kib = lambda n: "{:.1f} KiB".format(n / 1024)  # noqa: E731
    return ("the firmware ends at 0x{:08x}, {} past the start of the filesystem (0x{:08x}, {} of filesystem): "
            "it does not fit. Make the filesystem smaller (FS_KB=) or the firmware smaller (fewer frozen "
            "modules)".format(binary_end, kib(binary_end - fs_start), fs_start, kib(fs_end - fs_start)))


# firmware/check_fit.py --max-fs-kb PICOTOOL FIRMWARE.uf2 prints the largest
# filesystem (KiB, whole 4 KiB sectors) this firmware leaves room for, keeping
# MARGIN_KB between them so that a slightly larger firmware still fits.
MARGIN_KB = 8


def max_fs_kb(picotool, uf2):
    end, _fs_start, fs_end = layout(picotool, uf2)
    return ((fs_end - end) // 1024 - MARGIN_KB) // 4 * 4


def main(argv):
    args = argv[1:]
    if args and args[0] == "--max-fs-kb":
        print(max_fs_kb(args[1], args[2]))
        return 0
    fs_kb = None
    if "--fs-kb" in args:
        i = args.index("--fs-kb")
        fs_kb = int(args[i + 1])
        del args[i:i + 2]
    _elf, picotool, uf2 = args
    end, fs_start, fs_end = layout(picotool, uf2)
    if fs_kb is not None:
        fs_start = fs_end - fs_kb * 1024
    why = check(end, fs_start, fs_end)
    if why:
        print("error: " + why, file=sys.stderr)
        return 1
    print("[build] fits: firmware ends 0x{:08x}, filesystem 0x{:08x}-0x{:08x} ({} KiB free between)".format(
        end, fs_start, fs_end, (fs_start - end) // 1024))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
