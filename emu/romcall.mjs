#!/usr/bin/env node
// Call entries of the emulation ROM in rp2040js, for tests.
//   node emu/romcall.mjs ROM.bin < calls.json > results.json
// calls.json: [{"fn": ADDR | "lookup", "regs": [r0, r1, r2, r3],
//               "write": [[addr, "hex"], ...], "read": [[addr, len], ...]}, ...]
// fn "lookup" calls rom_table_lookup (from the header, 0x18).
// Each result: {"regs": [r0, r1, r2, r3, r12], "read": ["hex", ...], "apsr": flags, "cycles": N, "stop": reason}.
// Memory and flash persist from call to call.
import fs from 'node:fs';
import { Board, BKPT } from './lib/board.mjs';

const [romPath] = process.argv.slice(2);
if (!romPath) { console.error('usage: node romcall.mjs ROM.bin < calls.json'); process.exit(2); }
const calls = JSON.parse(fs.readFileSync(0, 'utf8'));
const board = new Board({ rom: romPath });
const { mcu } = board;
const RET = 0x20040000;          // bkpt #0xfe; b .
mcu.writeUint32(RET, 0xe7fe0000 | 0xbe00 | BKPT.RETURN);
const lookupAddr = mcu.readUint16(0x18);

function writeBytes(addr, bytes) {
  for (let i = 0; i < bytes.length; i++) {
    const a = addr + i;
    if (a >= 0x10000000 && a < 0x11000000) mcu.flash[a - 0x10000000] = bytes[i];
    else mcu.writeUint8(a, bytes[i]);
  }
}
function readBytes(addr, n) {
  const out = Buffer.alloc(n);
  for (let i = 0; i < n; i++) out[i] = mcu.readUint8(addr + i);
  return out;
}

const results = [];
for (const call of calls) {
  for (const [addr, hex] of call.write || []) writeBytes(addr, Buffer.from(hex, 'hex'));
  const fn = call.fn === 'lookup' ? lookupAddr : call.fn;
  const core = mcu.core;
  const r = core.registers;
  const regs = call.regs || [];
  for (let i = 0; i < 4; i++) r[i] = (regs[i] ?? 0) >>> 0;
  r[12] = 0xdeadbeef;
  core.SP = 0x20041f00;
  core.LR = RET | 1;
  core.PC = fn & ~1;
  board.stopReason = null;
  const c0 = core.cycles;
  const how = board.run(() => false, { maxCycles: 50_000_000 });
  const stop = how === 'stopped' ? board.stopReason : 'timeout';
  results.push({
    regs: [r[0] >>> 0, r[1] >>> 0, r[2] >>> 0, r[3] >>> 0, r[12] >>> 0],
    read: (call.read || []).map(([a, n]) => readBytes(a, n).toString('hex')),
    apsr: core.APSR >>> 0,
    cycles: core.cycles - c0,
    stop,
  });
}
process.stdout.write(JSON.stringify(results));
