// Attach the CYW43439 model to a Board: cyw43_spi_transfer() runs in JS at
// its ELF address instead of on the core, the chip's interrupt line drives
// GPIO24's input, WL_REG_ON (GPIO23) powers the chip on and off.
//
// The hook relies on pico-sdk's PIO bus (cyw43_bus_pio_spi.c):
//   int cyw43_spi_transfer(cyw43_int_t *self, const uint8_t *tx, size_t tx_length,
//                          uint8_t *rx, size_t rx_length)
// half duplex: tx goes out first, the chip's answer lands at rx + tx_length,
// rx[0..tx_length) is zeroed; tx == NULL means tx = rx. checkHook() verifies
// before the first instruction runs that the image is built that way, and
// the first call is checked to be the driver's test-register read; anything
// else stops the run with a message saying what differs.
import { GPIOPinState } from 'rp2040js';
import { readElf, findCalls, STT_FUNC, STB_GLOBAL } from './elf.mjs';
import { Cyw43Chip } from './chip.mjs';

const RAM = 0x20000000, RAM_END = 0x20042000, FLASH = 0x10000000;
const NS_PER_CYCLE = 8;
// pico-sdk's PIO program (spi_gap01_sample0) runs at clkdiv 2, 2 instructions
// a bit: 4 system cycles a bit, plus the function's set-up (PIO restart, two
// DMA channels, CS): about 300 cycles. Charged to the emulated clock per call.
const CYCLES_PER_BIT = 4, CYCLES_PER_CALL = 300;
// the functions of cyw43_bus_pio_spi.c that call the transfer
const BUS_CALLERS = new Set(['_cyw43_read_reg', '_cyw43_write_reg', 'cyw43_read_bytes', 'cyw43_write_bytes',
  'read_reg_u32_swap', 'write_reg_u32_swap', 'cyw43_spi_transfer']);

export class HookError extends Error {}

// Check the image against the calling convention above; returns the
// function's address. Throws HookError saying what is wrong.
export function checkHook(elf, flash) {
  const need = (name) => {
    const s = elf.symbols.get(name);
    if (!s) throw new HookError(`${elf.path}: no symbol ${name}: the image is not built with pico-sdk's PIO bus for the CYW43 (cyw43_bus_pio_spi.c), the chip model cannot attach`);
    return s;
  };
  const sym = need('cyw43_spi_transfer');
  if (sym.type !== STT_FUNC || sym.bind !== STB_GLOBAL || !(sym.value & 1)) {
    throw new HookError(`cyw43_spi_transfer is not a global Thumb function (type ${sym.type}, bind ${sym.bind}, value 0x${sym.value.toString(16)})`);
  }
  need('spi_gap01_sample0_program'); // the PIO program that only the PIO bus has
  const addr = sym.value & ~1;
  if (addr < FLASH || addr + sym.size > FLASH + flash.length) throw new HookError(`cyw43_spi_transfer at 0x${addr.toString(16)} is not in flash`);
  // the ELF belongs to this image: the function's code is the same in both
  const inElf = elf.bytesAt(addr, sym.size), inFlash = flash.subarray(addr - FLASH, addr - FLASH + sym.size);
  if (!inElf || Buffer.compare(Buffer.from(inElf), Buffer.from(inFlash))) {
    throw new HookError(`${elf.path} does not match the image: cyw43_spi_transfer's code differs (rebuild, or pass the image's own firmware.elf)`);
  }
  // pico-sdk's version pushes r4-r7, lr and keeps the 5th argument (rx_length) on the stack
  if (inFlash[0] !== 0xf0 || inFlash[1] !== 0xb5) {
    throw new HookError(`cyw43_spi_transfer does not start with push {r4-r7, lr} (${Buffer.from(inFlash.subarray(0, 4)).toString('hex')}): not pico-sdk's PIO bus version`);
  }
  // every caller is one of the bus functions, reached with bl (not inlined away)
  const text = flash.subarray(0, Math.min(flash.length, 0x200000));
  const sites = findCalls(text, FLASH, addr);
  if (!sites.length) throw new HookError('no bl to cyw43_spi_transfer in the image: inlined or called another way');
  const callers = new Set(sites.map((s) => elf.functionAt(s) || `0x${s.toString(16)}`));
  const odd = [...callers].filter((c) => !BUS_CALLERS.has(c));
  if (odd.length) throw new HookError(`cyw43_spi_transfer is called from ${odd.join(', ')}, not only from cyw43_bus_pio_spi.c's bus functions`);
  return { addr, sites: sites.length, callers: [...callers] };
}

export function attachCyw43(board, { elfPath, aps = [], otpMac, log = () => {}, onEthernet }) {
  const mcu = board.mcu;
  const elf = readElf(elfPath);
  const hook = checkHook(elf, mcu.flash);
  const sram = mcu.sram;
  const fatal = (msg) => { if (!board.stopReason) board.stopReason = `CYW43 model: ${msg}`; };
  const chip = new Cyw43Chip({
    aps, otpMac, log, onEthernet, fatal,
    schedule: (ns, fn) => mcu.clock.createAlarm(fn).schedule(ns),
  });
  let first = true;
  const inRam = (p, n) => p >= RAM && p + n <= RAM_END;
  board.hookPC = hook.addr;
  board.onHook = () => {
    const core = mcu.core, r = core.registers;
    let tx = r[1] >>> 0;
    const txLen = r[2] >>> 0, rx = r[3] >>> 0;
    const rxLen = rx ? mcu.readUint32(core.SP) >>> 0 : 0;
    if (!tx) tx = rx;
    let bits = 0, ret = 0;
    if (!tx) ret = -22; // as pico-sdk: nothing to do
    else if (!inRam(tx, txLen) || (rx && (!inRam(rx, rxLen) || rxLen < txLen))) {
      fatal(`cyw43_spi_transfer(tx=0x${tx.toString(16)}, ${txLen}, rx=0x${rx.toString(16)}, ${rxLen}): buffers outside RAM or rx shorter than tx; calling convention changed?`);
    } else {
      const txb = sram.subarray(tx - RAM, tx - RAM + txLen);
      if (first) {
        first = false;
        // the driver's first words: read the test register in 16-bit mode
        // (cyw43_ll_bus_init -> read_reg_u32_swap(SPI_READ_TEST_REGISTER):
        // command 0x4000a004 with its halfwords swapped)
        if (txLen !== 4 || rxLen !== 8 || (txb[0] | (txb[1] << 8) | (txb[2] << 16) | (txb[3] << 24)) >>> 0 !== 0x004004a0) {
          fatal(`first transfer is not the test-register read (tx ${Buffer.from(txb).toString('hex')}, tx_len ${txLen}, rx_len ${rxLen}): calling convention changed?`);
        }
      }
      const out = chip.transfer(Uint8Array.from(txb), rxLen);
      if (rx) {
        sram.set(out, rx - RAM + txLen);
        sram.fill(0, rx - RAM, rx - RAM + txLen);
        bits = rxLen * 8;
      } else bits = txLen * 8;
    }
    r[0] = ret >>> 0;
    core.PC = core.LR & ~1;
    mcu.gpio[24].setInputValue(chip.hostWake);
    return (CYCLES_PER_CALL + bits * CYCLES_PER_BIT) * NS_PER_CYCLE;
  };
  chip.onChange = () => mcu.gpio[24].setInputValue(chip.hostWake);
  mcu.gpio[23].addListener((v) => {
    if (v === GPIOPinState.High) chip.powerOn();
    else if (v === GPIOPinState.Low) chip.powerOff();
  });
  return { chip, hook };
}
