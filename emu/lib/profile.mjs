// Where an emulated image spends its cycles: every instruction's cycles are
// charged to the C function it belongs to (the ELF's symbols), that
// function's part of the firmware (the linker map's object file: cyw43
// driver, lwIP, modlwip, the VM, the GC, ...) and the innermost Python
// function running at the time.
//
// The Python function: when the core enters mp_execute_bytecode(code_state),
// code_state->fun_bc->bytecode is read; frozen bytecode is a data symbol
// fun_data_<module>_<function> in the ELF (mpy-tool's names), bytecode in
// RAM is code from the filesystem or the REPL. The frame is left when the
// stack pointer climbs back to where it was at the call (a return or an
// exception's longjmp). Interrupt handlers run on the same stack, so their
// cycles count under the Python function they interrupted (the C column says
// what they were).
//
//   const prof = new Profiler({ elfPath, romElfPath });   // map: ELF path + '.map'
//   board.profiler = prof; board.profiling = true;  // from here on, frames are followed
//   prof.start() ... board.profiling = false;       // cycles are counted from start()
//   prof.report()  -> plain JSON
// Exact (every instruction, not samples); the emulated core's cycles, and
// the hooked radio bus (cyw43_spi_transfer done in JS) as its own line.
import fs from 'node:fs';
import { readElf } from '../cyw43/elf.mjs';

const FLASH = 0x10000000, FLASH_SIZE = 0x200000;
// offset of `bytecode` in mp_obj_fun_bc_t (base, context, child_table, bytecode)
const FUN_BC_BYTECODE = 12;

// the linker map's input sections: [{start, end, obj}] sorted
export function readMap(path) {
  const lines = fs.readFileSync(path, 'latin1').split('\n');
  const out = [];
  const re = /^\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s+(\S+\.(?:o|obj|a\(.*\)))\s*$/;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (!/^ \.(text|time_critical|ramfunc|data)/.test(l)) continue;
    // the address line is on the same line (short names) or the next
    let m = re.exec(l.replace(/^ \S+/, ''));
    if (!m && i + 1 < lines.length) m = re.exec(lines[i + 1]);
    if (!m) continue;
    const start = parseInt(m[1], 16), size = parseInt(m[2], 16);
    if (size) out.push({ start, end: start + size, obj: m[3] });
  }
  out.sort((a, b) => a.start - b.start);
  return out;
}

// which part of the firmware an object file belongs to
export function areaOf(obj, fn) {
  if (!obj) return 'unknown';
  const o = obj.replace(/\\/g, '/');
  if (/cyw43-driver|cyw43_driver|\/cyw43_|cyw43_bus|pico_cyw43/.test(o)) return 'cyw43 driver';
  if (/\/lwip\//.test(o) || /lwip/.test(o) && !/modlwip/.test(o)) return 'lwIP';
  if (/modlwip/.test(o)) return 'modlwip (socket)';
  if (/modasyncio/.test(o)) return '_asyncio (C)';
  if (/modselect/.test(o)) return 'select.poll';
  if (/py\/gc\.c/.test(o)) return 'GC (gc.c)';
  if (/py\/vm\.c/.test(o)) return 'VM (vm.c)';
  if (/py\/(map|qstr)\.c/.test(o)) return 'runtime: dict/attribute look-ups (map.c)';
  if (/py\/obj(str|strunicode|array)\.c/.test(o)) return 'runtime: str/bytes/memoryview';
  if (/py\//.test(o)) return 'runtime (py/ other)';
  if (/httpparser|modmicrofastapi/.test(o)) return 'C HTTP parser';
  if (/extmod\//.test(o)) return 'extmod other';
  if (/pico_divider|pico_bit_ops|pico_mem_ops|pico_int64_ops|pico_float|pico_double/.test(o)) return 'pico-sdk division/bit/memory helpers';
  if (/pico-sdk|pico_|hardware_|tinyusb/.test(o)) return 'pico-sdk / TinyUSB';
  if (/libgcc|libc|newlib|libm/.test(o)) return 'libc / libgcc';
  if (/ports\/rp2/.test(o)) return 'rp2 port';
  return 'other';
}

export class Profiler {
  constructor({ elfPath, mapPath = elfPath + '.map', romElfPath = null }) {
    this.elf = readElf(elfPath);
    // the emulation boot ROM's functions (memcpy, memset, float, division)
    this.rom = romElfPath && fs.existsSync(romElfPath) ? readElf(romElfPath) : null;
    this.map = fs.existsSync(mapPath) ? readMap(mapPath) : [];
    const sym = this.elf.symbols.get('mp_execute_bytecode');
    if (!sym) throw new Error(`${elfPath}: no mp_execute_bytecode symbol: not a MicroPython image?`);
    this.vmEntry = sym.value & ~1;
    // the module names of the frozen code, longest first: fun_data_<module>__lt_module_gt_
    this.modules = this.elf.objects.map((o) => /^fun_data_(.*)__lt_module_gt_$/.exec(o.name)?.[1]).filter(Boolean)
      .sort((a, b) => b.length - a.length);
    this.fnCache = new Int32Array(FLASH_SIZE / 2).fill(-2);
    this.fnCacheRam = new Map();
    this.frames = [];          // [{sp, py}]
    this.pyNames = ['(no Python frame)'];
    this.pyIds = new Map([['(no Python frame)', 0]]);
    this.counts = new Map();   // pyId * NF + fnIndex + 1 -> cycles
    this.extraIndex = new Map();
    this.extraNames = [];
    this.extraAreas = [];
    this.NF = this.elf.functions.length + (this.rom ? this.rom.functions.length : 0) + this.map.length + 2;
    // callers of some functions (names in MFA_PROFILE_CALLERS, comma-separated)
    this.watch = new Map();
    this.callers = new Map();
    for (const n of (process.env.MFA_PROFILE_CALLERS || '').split(',').filter(Boolean)) {
      const sym = this.elf.symbols.get(n);
      if (sym) this.watch.set(sym.value & ~1, this.elf.functions.findIndex((f) => f.start === (sym.value & ~1)));
    }
    this.unknownPc = new Map(); // 256-byte blocks outside every symbol -> cycles
    this.counting = false;     // false: follow the Python frames only (before the window)
    this.hook = 0;             // cycles of the hooked radio bus
    this.hookByPy = new Map();
    this.total = 0;
    this.windows = 0;
  }

  fnIndex(pc) {
    if (pc >= FLASH && pc < FLASH + FLASH_SIZE) {
      const k = (pc - FLASH) >> 1;
      let v = this.fnCache[k];
      if (v === -2) v = this.fnCache[k] = this.lookup(pc);
      return v;
    }
    let v = this.fnCacheRam.get(pc);
    if (v === undefined) { v = this.lookup(pc); this.fnCacheRam.set(pc, v); }
    return v;
  }

  lookup(pc) {
    const f = this.elf.find(this.elf.functions, pc);
    if (f) return this.elf.functions.indexOf(f);
    // the ROM's functions, and assembler code without symbol sizes (pico-sdk's
    // division, bit and memory wrappers: named by their object file), after
    // the image's functions in the function index space
    const r = this.rom && pc < 0x4000 ? this.rom.find(this.rom.functions, pc) : null;
    const m = r ? null : this.elf.find(this.map, pc);
    if (!r && !m) return -1;
    const name = r ? 'rom:' + r.name : 'asm:' + m.obj.replace(/^.*\//, '');
    let i = this.extraIndex.get(name);
    if (i === undefined) {
      i = this.elf.functions.length + this.extraNames.length;
      this.extraIndex.set(name, i);
      this.extraNames.push(name);
      this.extraAreas.push(r ? 'boot ROM (memcpy, memset, float, division)' : areaOf(m.obj, name));
    }
    return i;
  }

  fnName(fi) {
    if (fi < 0) return '(unknown)';
    return fi < this.elf.functions.length ? this.elf.functions[fi].name : this.extraNames[fi - this.elf.functions.length];
  }

  pyName(bytecode) {
    let name = this.elf.objectAt(bytecode);
    if (name && name.startsWith('fun_data_')) name = name.slice(9);
    else name = bytecode >= 0x20000000 ? '(bytecode in RAM: a script or a .py from the filesystem)' : `(bytecode at 0x${bytecode.toString(16)})`;
    let id = this.pyIds.get(name);
    if (id === undefined) { id = this.pyNames.length; this.pyNames.push(name); this.pyIds.set(name, id); }
    return id;
  }

  // forget what was counted (a new window, e.g. the next profiled step)
  reset() {
    this.counts.clear(); this.callers.clear(); this.unknownPc.clear(); this.hookByPy.clear();
    this.hook = 0; this.total = 0; this.windows = 0;
  }

  // follow Python frames from here on (so that frames entered before the
  // window, e.g. asyncio's run loop, are known), without counting
  track() { this.frames = []; this.counting = false; }
  // count from here on
  start() { this.counting = true; this.windows++; }

  // run one instruction on the core, charge it; returns its cycles
  step(mcu) {
    const core = mcu.core;
    const pc = core.PC, sp = core.SP >>> 0;
    const fr = this.frames;
    if (pc === this.vmEntry) {
      let id = 0;
      try { id = this.pyName(mcu.readUint32(mcu.readUint32(core.registers[0] >>> 0) + FUN_BC_BYTECODE) >>> 0); } catch { id = 0; }
      fr.push({ sp, py: id });
    } else {
      while (fr.length && sp >= fr[fr.length - 1].sp) fr.pop();
    }
    if (this.watch.has(pc) && this.counting) {
      const k = this.fnName(this.watch.get(pc)) + ' <- ' + this.fnName(this.fnIndex((core.LR & ~1) >>> 0));
      this.callers.set(k, (this.callers.get(k) || 0) + 1);
    }
    const c = core.executeInstruction();
    if (!this.counting) return c;
    const fi = this.fnIndex(pc);
    if (fi < 0) this.unknownPc.set(pc & ~0xff, (this.unknownPc.get(pc & ~0xff) || 0) + c);
    const key = (fr.length ? fr[fr.length - 1].py : 0) * this.NF + fi + 1;
    this.counts.set(key, (this.counts.get(key) || 0) + c);
    this.total += c;
    return c;
  }

  hooked(cycles) {
    if (!this.counting) return;
    this.hook += cycles;
    const py = this.frames.length ? this.frames[this.frames.length - 1].py : 0;
    this.hookByPy.set(py, (this.hookByPy.get(py) || 0) + cycles);
  }

  // the Python function's group: the frozen module it is in
  pyGroup(name) {
    if (name.startsWith('(')) return name;
    const m = this.modules.find((x) => name === x || name.startsWith(x + '_'));
    return m ? m.replace(/_/, '.') : 'frozen other';
  }

  report({ per = 1, top = 40 } = {}) {
    const fns = this.elf.functions;
    const areaCache = new Map();
    const areaOfFn = (fi) => {
      if (areaCache.has(fi)) return areaCache.get(fi);
      const f = fi >= 0 && fi < fns.length ? fns[fi] : null;
      const m = f ? this.elf.find(this.map, f.start) : null;
      const a = fi >= fns.length ? this.extraAreas[fi - fns.length] : areaOf(m ? m.obj : null, f ? f.name : null);
      areaCache.set(fi, a);
      return a;
    };
    const add = (o, k, v) => { o[k] = (o[k] || 0) + v; };
    const byArea = {}, byFn = {}, byPy = {}, byGroup = {}, matrix = {};
    const BUS = 'cyw43 bus transfers (SPI, modelled)';
    for (const [key, c] of this.counts) {
      const py = Math.floor(key / this.NF), fi = (key % this.NF) - 1;
      const area = areaOfFn(fi);
      const pyName = this.pyNames[py], group = this.pyGroup(pyName);
      add(byArea, area, c);
      add(byFn, this.fnName(fi), c);
      add(byPy, pyName, c);
      add(byGroup, group, c);
      matrix[group] = matrix[group] || {};
      add(matrix[group], area, c);
    }
    for (const [py, c] of this.hookByPy) {
      const group = this.pyGroup(this.pyNames[py]);
      add(byArea, BUS, c); add(byGroup, group, c); add(byPy, this.pyNames[py], c);
      matrix[group] = matrix[group] || {};
      add(matrix[group], BUS, c);
    }
    const sorted = (o, n = Infinity) => Object.entries(o).sort((a, b) => b[1] - a[1]).slice(0, n)
      .map(([k, v]) => [k, Math.round(v / per)]);
    return {
      per, total: Math.round((this.total + this.hook) / per), core: Math.round(this.total / per), bus: Math.round(this.hook / per),
      by_area: sorted(byArea), by_python_module: sorted(byGroup), by_python_function: sorted(byPy, top),
      by_c_function: sorted(byFn, top),
      callers: [...this.callers].sort((a, b) => b[1] - a[1]).slice(0, top),
      unknown_blocks: [...this.unknownPc].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([a, c]) => ['0x' + a.toString(16), Math.round(c / per)]),
      matrix: Object.fromEntries(Object.entries(matrix).map(([g, o]) => [g, sorted(o)])),
    };
  }
}
