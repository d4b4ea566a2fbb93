/*
 * MicroFastApi emulation boot ROM for rp2040js: header, lookup tables, bit
 * operations, flash entry points and traps.  Written for this project from the
 * interface in pico-sdk's headers (pico_bootrom, boot_bootrom_headers) and
 * docs/ROM-INTERFACE.md; it contains no code of the real RP2040 boot ROM.
 *
 * Breakpoints serviced by the Node harness (emu/lib/rom-services.mjs):
 *   bkpt #0xe0  flash_range_erase(r0 = offset, r1 = count)      -> harness erases rp2040.flash
 *   bkpt #0xe1  flash_range_program(r0 = offset, r1 = src, r2 = n) -> harness ANDs into rp2040.flash
 *   bkpt #0xe2  reset_to_usb_boot(r0, r1)                        -> harness reports and stops
 *   bkpt #0xe3  unimplemented table slot (r12 = table<<8 | slot)  -> harness reports and stops
 *   bkpt #0xe4  reset / NMI / HardFault through the ROM vectors  -> harness reports and stops
 */
    .syntax unified
    .cpu cortex-m0plus
    .thumb

    .section .rom_header, "ax"
    .global __rom_start
__rom_start:
    .word 0x20041f00            /* 0x00 initial SP: SRAM, bit 30 clear (TinyUSB reads it) */
    .word rom_reset             /* 0x04 reset */
    .word rom_reset             /* 0x08 NMI */
    .word rom_reset             /* 0x0c HardFault */
    .byte 'M', 'u', 0x01        /* 0x10 magic */
    .byte 0x02                  /* 0x13 version: B1-compatible ROM interface (V2 float tables) */
    .hword rom_func_table       /* 0x14 */
    .hword rom_data_table       /* 0x16 */
    .hword rom_table_lookup + 1 /* 0x18 (R_ARM_ABS16 does not add the Thumb bit: add it) */
    .hword 0                    /* 0x1a */

/* Lookup tables: pairs (u16 code, u16 address), 0-terminated.  Function
 * addresses carry the Thumb bit (added by hand: .hword gets none). */
    .align 2
rom_func_table:
    .hword 'P' | '3' << 8, rom_popcount32 + 1
    .hword 'R' | '3' << 8, rom_reverse32 + 1
    .hword 'L' | '3' << 8, rom_clz32 + 1
    .hword 'T' | '3' << 8, rom_ctz32 + 1
    .hword 'M' | 'S' << 8, rom_memset + 1
    .hword 'S' | '4' << 8, rom_memset4 + 1
    .hword 'M' | 'C' << 8, rom_memcpy + 1
    .hword 'C' | '4' << 8, rom_memcpy44 + 1
    .hword 'I' | 'F' << 8, rom_flash_noop + 1
    .hword 'E' | 'X' << 8, rom_flash_noop + 1
    .hword 'R' | 'E' << 8, rom_flash_range_erase + 1
    .hword 'R' | 'P' << 8, rom_flash_range_program + 1
    .hword 'F' | 'C' << 8, rom_flash_noop + 1
    .hword 'C' | 'X' << 8, rom_flash_noop + 1
    .hword 'U' | 'B' << 8, rom_reset_usb_boot + 1
    .hword 0, 0

rom_data_table:
    .hword 'S' | 'F' << 8, rom_sf_table
    .hword 'S' | 'D' << 8, rom_sd_table
    .hword 0, 0

/* -------------------------------------------------------------------- */
    .text

.macro rom_func name
    .section .text.\name, "ax"
    .global \name
    .type \name, %function
    .thumb_func
\name:
.endm

/* void *rom_table_lookup(const uint16_t *table, uint32_t code) */
rom_func rom_table_lookup
1:  ldrh r2, [r0]
    cmp r2, #0
    beq 2f
    adds r0, #4
    cmp r2, r1
    bne 1b
    subs r0, #2
    ldrh r0, [r0]
    bx lr
2:  movs r0, #0
    bx lr

/* Bit operations: r0 in, r0 out; they use r0-r3 only (pico-sdk keeps live
 * values in ip across calls of clz32, popcount32 and reverse32). */
rom_func rom_clz32
    movs r1, #0
    cmp r0, #0
    beq 9f
    lsrs r2, r0, #16
    bne 1f
    lsls r0, #16
    adds r1, #16
1:  lsrs r2, r0, #24
    bne 1f
    lsls r0, #8
    adds r1, #8
1:  lsrs r2, r0, #28
    bne 1f
    lsls r0, #4
    adds r1, #4
1:  lsrs r2, r0, #30
    bne 1f
    lsls r0, #2
    adds r1, #2
1:  lsrs r2, r0, #31
    bne 1f
    adds r1, #1
1:  mov r0, r1
    bx lr
9:  movs r0, #32
    bx lr

rom_func rom_ctz32
    movs r1, #0
    cmp r0, #0
    beq 9f
    lsls r2, r0, #16
    bne 1f
    lsrs r0, #16
    adds r1, #16
1:  lsls r2, r0, #24
    bne 1f
    lsrs r0, #8
    adds r1, #8
1:  lsls r2, r0, #28
    bne 1f
    lsrs r0, #4
    adds r1, #4
1:  lsls r2, r0, #30
    bne 1f
    lsrs r0, #2
    adds r1, #2
1:  lsls r2, r0, #31
    bne 1f
    adds r1, #1
1:  mov r0, r1
    bx lr
9:  movs r0, #32
    bx lr

rom_func rom_popcount32
    lsrs r1, r0, #1
    ldr r2, =0x55555555
    ands r1, r2
    subs r0, r0, r1
    ldr r2, =0x33333333
    lsrs r1, r0, #2
    ands r1, r2
    ands r0, r2
    adds r0, r0, r1
    lsrs r1, r0, #4
    adds r0, r0, r1
    ldr r2, =0x0f0f0f0f
    ands r0, r2
    ldr r2, =0x01010101
    muls r0, r2
    lsrs r0, #24
    bx lr
    .ltorg

rom_func rom_reverse32
    rev r0, r0
    ldr r2, =0x0f0f0f0f
    lsrs r1, r0, #4
    ands r1, r2
    ands r0, r2
    lsls r0, #4
    orrs r0, r1
    ldr r2, =0x33333333
    lsrs r1, r0, #2
    ands r1, r2
    ands r0, r2
    lsls r0, #2
    orrs r0, r1
    ldr r2, =0x55555555
    lsrs r1, r0, #1
    ands r1, r2
    ands r0, r2
    lsls r0, #1
    orrs r0, r1
    bx lr
    .ltorg

/* Flash: IF, EX, FC, CX have nothing to do in rp2040js (XIP reads go straight
 * to rp2040.flash); RE and RP are done by the harness on rp2040.flash. */
rom_func rom_flash_noop
    bx lr

rom_func rom_flash_range_erase
    bkpt #0xe0
    bx lr

rom_func rom_flash_range_program
    bkpt #0xe1
    bx lr

rom_func rom_reset_usb_boot
    bkpt #0xe2
1:  b 1b

rom_func rom_reset
    bkpt #0xe4
1:  b 1b

/* Unimplemented table slot: r12 = which, then stop in the harness. */
rom_func rom_trap
    bkpt #0xe3
1:  b 1b

/* cfcmple-style compares: flags as for a signed/unsigned compare of a and b
 * (N, Z, C; V clear), registers other than flags preserved. */
rom_func rom_fcmp_flags
    push {r0-r3, lr}
    bl rom_fcmp
    adds r0, #1
    cmp r0, #1
    pop {r0-r3, pc}

rom_func rom_dcmp_flags
    push {r0-r3, lr}
    bl rom_dcmp
    adds r0, #1
    cmp r0, #1
    pop {r0-r3, pc}

/* Slots left out for size: r12 = 0x100 | offset (SF) or 0x200 | offset (SD). */
.macro trap_slot name, id
rom_func \name
    ldr r3, =\id
    mov ip, r3
    bkpt #0xe3
1:  b 1b
    .ltorg
.endm
    trap_slot rom_fcos, 0x13c
    trap_slot rom_fsin, 0x140
    trap_slot rom_ftan, 0x144
    trap_slot rom_fsincos, 0x148
    trap_slot rom_dcos, 0x23c
    trap_slot rom_dsin, 0x240
    trap_slot rom_dtan, 0x244
    trap_slot rom_dsincos, 0x248
    trap_slot rom_dexp, 0x24c
    trap_slot rom_dln, 0x250
    trap_slot rom_datan2, 0x258



/* -------------------------------------------------------------------- */
/* Soft-float tables: 32 words each, slot offsets of pico-sdk's sf_table.h
 * (the double table uses the same offsets).  The byte two before each table
 * is its size in words, as pico-sdk's (debug-only) check expects. */
    .section .rodata.rom_tables, "a"
    .align 2
    .hword 0
    .byte 32, 0
    .global rom_sf_table
rom_sf_table:
    .word rom_fadd            /* 0x00 */
    .word rom_fsub            /* 0x04 */
    .word rom_fmul            /* 0x08 */
    .word rom_fdiv            /* 0x0c */
    .word rom_fcmp            /* 0x10 fcmp_fast */
    .word rom_fcmp_flags      /* 0x14 fcmp_fast_flags */
    .word rom_fsqrt           /* 0x18 */
    .word rom_float2int       /* 0x1c */
    .word rom_float2fix       /* 0x20 */
    .word rom_float2uint      /* 0x24 */
    .word rom_float2ufix      /* 0x28 */
    .word rom_int2float       /* 0x2c */
    .word rom_fix2float       /* 0x30 */
    .word rom_uint2float      /* 0x34 */
    .word rom_ufix2float      /* 0x38 */
    .word rom_fcos            /* 0x3c */
    .word rom_fsin            /* 0x40 */
    .word rom_ftan            /* 0x44 */
    .word rom_fsincos         /* 0x48 (V3 sincos) */
    .word rom_fexp            /* 0x4c */
    .word rom_fln             /* 0x50 */
    .word rom_fcmp            /* 0x54 fcmp_basic */
    .word rom_fatan2          /* 0x58 */
    .word rom_int642float     /* 0x5c */
    .word rom_fix642float     /* 0x60 */
    .word rom_uint642float    /* 0x64 */
    .word rom_ufix642float    /* 0x68 */
    .word rom_float2int64     /* 0x6c */
    .word rom_float2fix64     /* 0x70 */
    .word rom_float2uint64    /* 0x74 */
    .word rom_float2ufix64    /* 0x78 */
    .word rom_float2double    /* 0x7c */

    .hword 0
    .byte 32, 0
    .global rom_sd_table
rom_sd_table:
    .word rom_dadd            /* 0x00 */
    .word rom_dsub            /* 0x04 */
    .word rom_dmul            /* 0x08 */
    .word rom_ddiv            /* 0x0c */
    .word rom_dcmp            /* 0x10 */
    .word rom_dcmp_flags      /* 0x14 */
    .word rom_dsqrt           /* 0x18 */
    .word rom_double2int      /* 0x1c */
    .word rom_double2fix      /* 0x20 */
    .word rom_double2uint     /* 0x24 */
    .word rom_double2ufix     /* 0x28 */
    .word rom_int2double      /* 0x2c */
    .word rom_fix2double      /* 0x30 */
    .word rom_uint2double     /* 0x34 */
    .word rom_ufix2double     /* 0x38 */
    .word rom_dcos            /* 0x3c */
    .word rom_dsin            /* 0x40 */
    .word rom_dtan            /* 0x44 */
    .word rom_dsincos         /* 0x48 (pico-sdk replaces it for version 2) */
    .word rom_dexp            /* 0x4c */
    .word rom_dln             /* 0x50 */
    .word rom_dcmp            /* 0x54 */
    .word rom_datan2          /* 0x58 */
    .word rom_int642double    /* 0x5c */
    .word rom_fix642double    /* 0x60 */
    .word rom_uint642double   /* 0x64 */
    .word rom_ufix642double   /* 0x68 */
    .word rom_double2int64    /* 0x6c */
    .word rom_double2fix64    /* 0x70 */
    .word rom_double2uint64   /* 0x74 */
    .word rom_double2ufix64   /* 0x78 */
    .word rom_double2float    /* 0x7c */
