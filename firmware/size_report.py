#!/usr/bin/env python3
"""Size report for one board image, printed and written beside the image.

    firmware/size_report.py BOARD IMAGE_DIR STOCK_DIR

Reads the real artefacts with the real tools: picotool for what the image
declares about itself (binary end, the filesystem's flash range, frozen
modules), arm-none-eabi-size for static RAM, arm-none-eabi-nm for the GC heap
and for the C module's own objects. The comparison is the stock MicroPython
board the image is based on (e.g. RPI_PICO_W), built from the same tree and
micropython-lib with only Bluetooth off (firmware/build-image.sh RPI_PICO_W
stock): the difference is what MicroFastApi adds (framework bytecode, C
module, board settings), and "flash left" is set against the stock image's.
"""
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
BUILD = os.environ.get("MFA_BUILD") or os.path.join(HERE, "build")
PICOTOOL = os.path.join(BUILD, "picotool", "install", "bin", "picotool")
FLASH_BASE = 0x10000000
C_MODULE_DIR = "c_modules"
# The functions that firmware/patches/micropython/0001-py-keep-annotations-as-text.patch
# adds (it also grows compile_scope, compile_expr_stmt and mp_emit_bc_end_pass
# a little, which only an image built with the patch off can show).
ANNOTATION_FUNCTIONS = ("compile_print_annotation", "compile_print_annotation_items",
                        "compile_print_annotation_trailer", "compile_annotation_text",
                        "compile_annotation_text_obj", "compile_class_order",
                        "emit_write_code_info_annotation", "fun_bc_decode_qstr",
                        "mp_bytecode_get_annotations", "mp_obj_fun_bc_get_annotations")
# The functions of 0002-py-objtype-generic-alias-and-union-type.patch (list[int],
# int | None) and 0003-py-compile-unpacking-in-displays.patch ({**d}, [*a]; it
# also grows compile_atom_brace_helper and compile_atom_bracket), with the two
# type objects' slot tables.
LANGUAGE_FUNCTIONS = ("generic_alias_new", "generic_alias_print_arg", "generic_alias_print",
                      "generic_alias_contains", "union_type_new", "generic_alias_binary_op",
                      "generic_alias_unary_op", "generic_alias_attr", "generic_alias_call",
                      "type_subscr", "type_binary_op", "mp_type_generic_alias", "mp_type_union_type",
                      "compile_display_merge", "compile_dictorsetmaker_dbl_star")


def run(*cmd):
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def image_facts(image_dir):
    """Flash and RAM figures of one built image."""
    uf2 = os.path.join(image_dir, "firmware.uf2")
    elf = os.path.join(image_dir, "firmware.elf")
    info = run(PICOTOOL, "info", "-a", uf2)
    end = int(re.search(r"binary end:\s+0x([0-9a-f]+)", info).group(1), 16)
    fs = re.search(r"embedded drive:\s+0x([0-9a-f]+)-0x([0-9a-f]+)", info)
    fs_start, fs_end = int(fs.group(1), 16), int(fs.group(2), 16)
    frozen = re.search(r"frozen modules:\s+(.*?)\n\s*binary start", info, re.S).group(1)
    sections = {}
    for line in run("arm-none-eabi-size", "-A", elf).splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1].isdigit():
            sections[parts[0]] = int(parts[1])
    symbols = {}
    for line in run("arm-none-eabi-nm", elf).splitlines():
        parts = line.split()
        if len(parts) == 3:
            symbols[parts[2]] = int(parts[0], 16)
    static_ram = sum(sections.get(s, 0) for s in (".data", ".bss", ".ram_vector_table", ".heap"))
    annotation_code = language_code = 0
    for line in run("arm-none-eabi-nm", "-S", elf).splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[3] in ANNOTATION_FUNCTIONS:
            annotation_code += int(parts[1], 16)
        elif len(parts) == 4 and parts[3] in LANGUAGE_FUNCTIONS:
            language_code += int(parts[1], 16)
    return {
        "flash_used": end - FLASH_BASE,
        "flash_free_before_fs": fs_start - end,
        "fs_bytes": fs_end - fs_start,
        "static_ram": static_ram,
        "gc_heap": symbols["__GcHeapEnd"] - symbols["__GcHeapStart"],
        "annotation_code": annotation_code,
        "language_code": language_code,
        "frozen_modules": sorted(m.strip() for m in frozen.replace("\n", " ").split(",") if m.strip()),
    }


def c_module_flash(image_dir):
    """Bytes the linker kept from the C module's objects (code, constants,
    initialised data), read from the link map after --gc-sections."""
    text = open(os.path.join(image_dir, "firmware.elf.map")).read()
    text = text[text.index("Linker script and memory map"):]
    # A kept input section: " .text.name 0xADDR 0xSIZE path.o", where a long
    # section name puts address, size and path on the next line.
    pattern = re.compile(r"^ (\.(?:text|rodata|data)\S*)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S+\.o)$"
                         r"|^ (\.(?:text|rodata|data)\S*)\n\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S+\.o)$", re.M)
    total = 0
    for m in pattern.finditer(text):
        groups = m.groups()
        _, addr, size, path = groups[:4] if groups[0] else groups[4:]
        if "/" + C_MODULE_DIR + "/" in path and int(addr, 16):
            total += int(size, 16)
    return total


def kb(n):
    return "{:,} bytes ({:.1f} KiB)".format(n, n / 1024)


def stock_name(stock_dir):
    name = os.path.basename(os.path.normpath(stock_dir))
    return name[len("stock-"):] if name.startswith("stock-") else name


def main(argv):
    board, image_dir, stock_dir = argv[1:4]
    full, stock = image_facts(image_dir), image_facts(stock_dir)
    c_bytes = c_module_flash(image_dir)
    added = full["flash_used"] - stock["flash_used"]
    report = {
        "board": board,
        "flash_used": full["flash_used"],
        "flash_free_before_filesystem": full["flash_free_before_fs"],
        "filesystem": full["fs_bytes"],
        "static_ram": full["static_ram"],
        "gc_heap": full["gc_heap"],
        "added_by_framework_and_c_module": added,
        "c_module_code": c_bytes,
        "annotations_patch_code": full["annotation_code"],
        "language_patches_code": full["language_code"],
        "added_static_ram": full["static_ram"] - stock["static_ram"],
        "frozen_modules": full["frozen_modules"],
        "stock": {
            "board": stock_name(stock_dir) + " (Bluetooth off)",
            "flash_used": stock["flash_used"],
            "flash_free_before_filesystem": stock["flash_free_before_fs"],
            "filesystem": stock["fs_bytes"],
            "static_ram": stock["static_ram"],
            "gc_heap": stock["gc_heap"],
            "frozen_modules": stock["frozen_modules"],
        },
    }
    row = "  {:<29}{:>24}  {:>24}"
    lines = [
        "Size report: {} (against stock {}, built from the same tree, Bluetooth off)".format(
            board, stock_name(stock_dir)),
        row.format("", board, "stock " + stock_name(stock_dir)),
        row.format("flash used by the firmware", kb(full["flash_used"]), kb(stock["flash_used"])),
        row.format("flash left before filesystem", kb(full["flash_free_before_fs"]), kb(stock["flash_free_before_fs"])),
        row.format("filesystem", kb(full["fs_bytes"]), kb(stock["fs_bytes"])),
        row.format("static RAM (data+bss)", kb(full["static_ram"]), kb(stock["static_ram"])),
        row.format("GC heap", kb(full["gc_heap"]), kb(stock["gc_heap"])),
        "  added by MicroFastApi        {} flash (framework bytecode, C module, board settings), {} static RAM".format(
            kb(added), kb(report["added_static_ram"])),
        "    of which the C module      {} (code and constants of c_modules/)".format(kb(c_bytes)),
        "  kept annotations (patch)     {} of code in the patch's own functions".format(
            kb(full["annotation_code"])),
        "  list[int], int | None, {{**d}} {} of code in the patches' own functions and types".format(
            kb(full["language_code"])),
    ]
    text = "\n".join(lines)
    print(text)
    with open(os.path.join(image_dir, "size-report.json"), "w") as f:
        json.dump(report, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
