// ELF32 (little-endian, ARM) reading for the hook: the symbol table and the
// bytes of the loaded sections, enough to find cyw43_spi_transfer and check
// that the image really calls it the way the chip model expects.
import fs from 'node:fs';

const SHT_SYMTAB = 2, SHT_PROGBITS = 1, SHF_ALLOC = 2;
export const STT_FUNC = 2, STT_OBJECT = 1, STB_GLOBAL = 1;

export function readElf(path) {
  const b = fs.readFileSync(path);
  if (b.length < 52 || b.readUInt32BE(0) !== 0x7f454c46 || b[4] !== 1 || b[5] !== 1) {
    throw new Error(`${path}: not an ELF32 little-endian file`);
  }
  if (b.readUInt16LE(0x12) !== 40) throw new Error(`${path}: not an ARM ELF (e_machine ${b.readUInt16LE(0x12)})`);
  const shoff = b.readUInt32LE(0x20), shentsize = b.readUInt16LE(0x2e), shnum = b.readUInt16LE(0x30);
  const sections = [];
  for (let i = 0; i < shnum; i++) {
    const o = shoff + i * shentsize;
    sections.push({
      type: b.readUInt32LE(o + 4), flags: b.readUInt32LE(o + 8), addr: b.readUInt32LE(o + 12),
      offset: b.readUInt32LE(o + 16), size: b.readUInt32LE(o + 20), link: b.readUInt32LE(o + 24),
      entsize: b.readUInt32LE(o + 36),
    });
  }
  const symbols = new Map();   // name -> {value, size, type, bind}
  const functions = [];        // [{start, end, name}] sorted, Thumb bit cleared
  const objects = [];          // [{start, end, name}] sorted: data symbols (frozen bytecode is fun_data_*)
  for (const s of sections) {
    if (s.type !== SHT_SYMTAB) continue;
    const str = sections[s.link];
    for (let o = s.offset; o + 16 <= s.offset + s.size; o += s.entsize || 16) {
      const nameOff = b.readUInt32LE(o);
      if (!nameOff) continue;
      let e = str.offset + nameOff;
      while (b[e]) e++;
      const name = b.toString('latin1', str.offset + nameOff, e);
      const info = b[o + 12];
      const sym = { value: b.readUInt32LE(o + 4), size: b.readUInt32LE(o + 8), type: info & 0xf, bind: info >> 4 };
      // a global wins over a local of the same name
      if (!symbols.has(name) || sym.bind === STB_GLOBAL) symbols.set(name, sym);
      if (sym.type === STT_FUNC && sym.size) functions.push({ start: sym.value & ~1, end: (sym.value & ~1) + sym.size, name });
      else if (sym.type === STT_OBJECT && sym.size) objects.push({ start: sym.value, end: sym.value + sym.size, name });
    }
  }
  functions.sort((x, y) => x.start - y.start);
  objects.sort((x, y) => x.start - y.start);
  // bytes of the loaded, initialised sections by address
  const loaded = sections.filter((s) => s.type === SHT_PROGBITS && (s.flags & SHF_ALLOC) && s.size);
  const bytesAt = (addr, n) => {
    const s = loaded.find((x) => addr >= x.addr && addr + n <= x.addr + x.size);
    return s ? b.subarray(s.offset + addr - s.addr, s.offset + addr - s.addr + n) : null;
  };
  // the entry of a sorted [{start, end, name}] list that holds addr, or null
  const find = (list, addr) => {
    let lo = 0, hi = list.length - 1;
    while (lo <= hi) {
      const m = (lo + hi) >> 1, f = list[m];
      if (addr < f.start) hi = m - 1;
      else if (addr >= f.end) lo = m + 1;
      else return f;
    }
    return null;
  };
  const functionAt = (addr) => find(functions, addr)?.name ?? null;
  const objectAt = (addr) => find(objects, addr)?.name ?? null;
  return { path, symbols, functions, objects, bytesAt, functionAt, objectAt, find };
}

// Every Thumb-2 BL in `code` (loaded at `base`) whose target is `target`:
// returns the call sites' addresses.
export function findCalls(code, base, target) {
  const sites = [];
  for (let i = 0; i + 4 <= code.length; i += 2) {
    const h1 = code[i] | (code[i + 1] << 8);
    if ((h1 & 0xf800) !== 0xf000) continue;
    const h2 = code[i + 2] | (code[i + 3] << 8);
    if ((h2 & 0xd000) !== 0xd000) continue;
    const s = (h1 >> 10) & 1, j1 = (h2 >> 13) & 1, j2 = (h2 >> 11) & 1;
    const i1 = 1 - (j1 ^ s), i2 = 1 - (j2 ^ s);
    let off = (s << 24) | (i1 << 23) | (i2 << 22) | ((h1 & 0x3ff) << 12) | ((h2 & 0x7ff) << 1);
    if (s) off -= 1 << 25;
    if (((base + i + 4 + off) >>> 0) === target) sites.push(base + i);
  }
  return sites;
}
