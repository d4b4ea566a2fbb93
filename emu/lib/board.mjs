// A deterministic RP2040 board on rp2040js: our emulation ROM, a UF2 in
// flash, USB CDC as the console, ROM breakpoints serviced here.
//
// Determinism: the core and the emulated clock advance only in run(); input
// bytes go into the CDC FIFO from an alarm of the emulated clock (every 1 ms
// of emulated time), never from wall-clock timers. Same image + same steps =
// same output and same cycle counts.
import fs from 'node:fs';
import { RP2040, USBCDC, ConsoleLogger, LogLevel } from 'rp2040js';

export const FLASH_BASE = 0x10000000;
const NANOS_PER_CYCLE = 8; // 125 MHz, as rp2040js's own Simulator
const FEED_PERIOD_NS = 1_000_000;

export const BKPT = {
  FLASH_ERASE: 0xe0,
  FLASH_PROGRAM: 0xe1,
  USB_BOOT: 0xe2,
  TRAP: 0xe3,
  ROM_VECTOR: 0xe4,
  RETURN: 0xfe, // used by romcall.mjs as the return address of a call
};

export function loadRom(path) {
  const bytes = fs.readFileSync(path);
  if (bytes.length !== 16384) throw new Error(`${path}: ROM must be 16384 bytes, is ${bytes.length}`);
  return new Uint32Array(bytes.buffer, bytes.byteOffset, 4096).slice();
}

export function loadUF2(flash, data) {
  let blocks = 0;
  for (let off = 0; off + 512 <= data.length; off += 512) {
    const v = new DataView(data.buffer, data.byteOffset + off, 512);
    if (v.getUint32(0, true) !== 0x0a324655 || v.getUint32(4, true) !== 0x9e5d5157 ||
        v.getUint32(508, true) !== 0x0ab16f30) {
      throw new Error(`UF2 block ${off / 512}: bad magic`);
    }
    const flags = v.getUint32(8, true);
    if (flags & 1) continue; // not main flash
    const addr = v.getUint32(12, true);
    const size = v.getUint32(16, true);
    if (addr < FLASH_BASE || addr + size > FLASH_BASE + flash.length) {
      throw new Error(`UF2 block ${off / 512}: address 0x${addr.toString(16)} outside flash`);
    }
    flash.set(data.subarray(off + 32, off + 32 + size), addr - FLASH_BASE);
    blocks++;
  }
  if (!blocks) throw new Error('UF2 has no flash blocks');
  return blocks;
}

export class Board {
  constructor({ rom, uf2 = null, log = LogLevel.Error } = {}) {
    const mcu = (this.mcu = new RP2040());
    mcu.logger = new ConsoleLogger(log, true);
    mcu.loadBootrom(typeof rom === 'string' ? loadRom(rom) : rom); // resets, flash = 0xff
    this.stopReason = null;   // set when the core must not go on
    this.romCalls = { erase: 0, program: 0 };
    // A function done in JS (the CYW43 bus, emu/cyw43/attach.mjs): when the
    // core is about to run the instruction at hookPC, onHook() runs instead
    // and returns the nanoseconds it took.
    this.hookPC = -1;
    this.onHook = null;
    this.hookNanos = 0;
    // emu/lib/profile.mjs: while profiling is true, every instruction runs
    // through profiler.step() (exact cycle attribution; slower)
    this.profiler = null;
    this.profiling = false;
    // Called with the nanoseconds the clock is about to skip while the core
    // waits for an interrupt; returns how many to skip (the TAP bridge paces
    // emulated time to the wall clock here).
    this.idleHook = null;
    mcu.onBreak = (code) => this.onBreak(code);
    if (uf2) {
      loadUF2(mcu.flash, typeof uf2 === 'string' ? fs.readFileSync(uf2) : uf2);
      mcu.core.PC = FLASH_BASE;
    }
    this.out = [];            // bytes from the device
    this.outText = null;
    this.outDirty = false;
    this.inQueue = [];        // bytes for the device
    this.connected = false;
    this.cdc = new USBCDC(mcu.usbCtrl);
    this.cdc.onDeviceConnected = () => { this.connected = true; };
    this.cdc.onSerialData = (buf) => {
      for (const b of buf) this.out.push(b);
      this.outDirty = true;
    };
    // A real USB host NAKs a bulk OUT request while it has nothing to send,
    // and the device sees no interrupt. rp2040js's USBCDC answers every
    // request at once with an empty packet, so the device took a USB
    // interrupt about every 40 us of emulated time even when idle: about a
    // third of every measured cycle. Hold the request until there is data.
    const answerRead = mcu.usbCtrl.onEndpointRead;
    this.pendingRead = null;
    mcu.usbCtrl.onEndpointRead = (endpoint, size) => {
      if (endpoint === this.cdc.outEndpoint && this.cdc.txFIFO.empty) {
        this.pendingRead = [endpoint, size];
      } else {
        answerRead(endpoint, size);
      }
    };
    this.answerRead = answerRead;
    this.feedAlarm = mcu.clock.createAlarm(() => this.feed());
    this.feedAlarm.schedule(FEED_PERIOD_NS);
  }

  get cycles() { return this.mcu.core.cycles; }
  // cycles the device was busy: the core's plus those of hooked functions
  get busyCycles() { return this.mcu.core.cycles + this.hookCycles; }
  // cycles spent in hooked functions (the radio's bus transfers)
  get hookCycles() { return Math.round(this.hookNanos / NANOS_PER_CYCLE); }
  // emulated time in clock cycles at 125 MHz (what time.ticks_us() sees)
  get clockCycles() { return Math.round(this.mcu.clock.nanos / NANOS_PER_CYCLE); }

  feed() {
    const fifo = this.cdc.txFIFO;
    if (this.connected) {
      while (this.inQueue.length && !fifo.full) fifo.push(this.inQueue.shift());
    }
    if (this.pendingRead && !fifo.empty) {
      const [endpoint, size] = this.pendingRead;
      this.pendingRead = null;
      this.answerRead(endpoint, size);
    }
    this.feedAlarm.schedule(FEED_PERIOD_NS);
  }

  write(data) {
    if (typeof data === 'string') data = Buffer.from(data, 'utf8');
    for (const b of data) this.inQueue.push(b);
  }

  onBreak(code) {
    const { mcu } = this;
    const r = mcu.core.registers;
    switch (code) {
      case BKPT.FLASH_ERASE: {
        const off = r[0] >>> 0, n = r[1] >>> 0;
        if (off + n > mcu.flash.length) { this.stopReason = `flash erase out of range 0x${off.toString(16)}+${n}`; break; }
        mcu.flash.fill(0xff, off, off + n);
        this.romCalls.erase++;
        break;
      }
      case BKPT.FLASH_PROGRAM: {
        const off = r[0] >>> 0, src = r[1] >>> 0, n = r[2] >>> 0;
        if (off + n > mcu.flash.length) { this.stopReason = `flash program out of range 0x${off.toString(16)}+${n}`; break; }
        for (let i = 0; i < n; i++) mcu.flash[off + i] &= mcu.readUint8(src + i);
        this.romCalls.program++;
        break;
      }
      case BKPT.USB_BOOT:
        this.stopReason = `reset_to_usb_boot(0x${(r[0] >>> 0).toString(16)}, 0x${(r[1] >>> 0).toString(16)}) called`;
        break;
      case BKPT.TRAP:
        this.stopReason = `unimplemented ROM table slot 0x${(r[12] >>> 0).toString(16)} called from 0x${((r[14] >>> 0) & ~1).toString(16)}`;
        break;
      case BKPT.ROM_VECTOR:
        this.stopReason = `core entered the ROM reset/NMI/HardFault vector (LR 0x${(r[14] >>> 0).toString(16)})`;
        break;
      case BKPT.RETURN:
        this.stopReason = 'return';
        break;
      default:
        this.stopReason = `breakpoint #${code} at 0x${((mcu.core.PC - 2) >>> 0).toString(16)} (panic?)`;
    }
  }

  // Run until until() is true (checked whenever output arrived, and after
  // stops), the core stops, or maxCycles more clock cycles have passed.
  // Returns 'ok', 'stopped', 'cycles' or 'timeout'.
  // deadline: wall-clock ms (Date.now()) after which run() gives up with
  // 'timeout'; it only ever aborts, it never changes what the core sees.
  run(until = () => false, { maxCycles = Infinity, checkEvery = 0, deadline = Infinity } = {}) {
    const { mcu } = this;
    const { core, clock } = mcu;
    const end = this.clockCycles + maxCycles;
    const endNanos = end * NANOS_PER_CYCLE;
    const hookPC = this.hookPC;
    let n = 0, w = 0;
    for (;;) {
      if (core.waiting) {
        let dt = clock.nanosToNextAlarm;
        if (!(dt > 0)) dt = NANOS_PER_CYCLE;
        if (this.idleHook) dt = this.idleHook(dt);
        clock.tick(dt);
      } else if (core.PC === hookPC) {
        const ns = this.onHook();
        this.hookNanos += ns;
        if (this.profiling) this.profiler.hooked(ns / NANOS_PER_CYCLE);
        clock.tick(ns);
      } else {
        const c = this.profiling ? this.profiler.step(mcu) : core.executeInstruction();
        clock.tick(c * NANOS_PER_CYCLE);
      }
      if (this.stopReason) return 'stopped';
      if (this.outDirty) {
        this.outDirty = false;
        this.outText = null;
        if (until()) return 'ok';
      }
      if (checkEvery && ++n >= checkEvery) { n = 0; if (until()) return 'ok'; }
      if (clock.nanos >= endNanos) return 'cycles';
      if (++w >= 200000) { w = 0; if (Date.now() > deadline) return 'timeout'; }
    }
  }

  text() {
    if (this.outText === null) this.outText = Buffer.from(this.out).toString('latin1');
    return this.outText;
  }
  take(n) {
    const b = this.out.splice(0, n);
    this.outText = null;
    return Buffer.from(b);
  }
}
