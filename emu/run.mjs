#!/usr/bin/env node
// Boot a MicroPython UF2 in rp2040js with the project's emulation ROM and run
// scripts in its raw REPL over the emulated USB CDC.
//
//   node emu/run.mjs IMAGE.uf2 SCRIPT.py [SCRIPT.py ...] [options]
//     --timeout S        wall-clock limit for the whole run (default 300)
//     --cycles           report cycle counts on stderr
//     --rom PATH         emulation ROM (default $MFA_EMU_ROM or firmware/build/emu-rom/rom.bin)
//     --put LOCAL:REMOTE write a file to the device's filesystem before the scripts
//     --soft-reset       soft reset (raw REPL) before each script after the first
//     --steps FILE.json  run steps instead of scripts (see below), print JSON results
//     --json             print JSON results instead of the scripts' output
// Exit status: 0 ok; 1 a script raised; 2 harness or device failure (timeout,
// panic, fault, unimplemented ROM slot).
//
// Steps: [{"exec": "code"}, {"put": "/path", "data_b64": "..."},
//         {"soft_reset": "raw" | "friendly"}, {"banner": true}, ...]
// Each result: {"out", "err", "cycles", "clock_cycles"} (cycles from the core
// counter, clock_cycles from the emulated clock; use the latter).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Board } from './lib/board.mjs';
import { Repl, HarnessError, putFileCode } from './lib/repl.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const usage = 'usage: node emu/run.mjs IMAGE.uf2 SCRIPT.py [SCRIPT.py ...] [--timeout S] [--cycles] [--rom PATH] [--put LOCAL:REMOTE] [--soft-reset] [--steps FILE] [--json]';

function parseArgs(argv) {
  const o = { scripts: [], puts: [], timeout: 300, cycles: false, softReset: false, json: false, steps: null, rom: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => { if (i + 1 >= argv.length) fail(`${a} needs a value`); return argv[++i]; };
    if (a === '--timeout') o.timeout = Number(next());
    else if (a === '--cycles') o.cycles = true;
    else if (a === '--rom') o.rom = next();
    else if (a === '--put') o.puts.push(next());
    else if (a === '--soft-reset') o.softReset = true;
    else if (a === '--steps') o.steps = next();
    else if (a === '--json') o.json = true;
    else if (a === '-h' || a === '--help') { console.log(usage); process.exit(0); }
    else if (a.startsWith('--')) fail(`unknown option ${a}`);
    else if (!o.image) o.image = a;
    else o.scripts.push(a);
  }
  if (!o.image) fail(usage);
  return o;
}

function fail(msg) {
  console.error(msg);
  process.exit(2);
}

const o = parseArgs(process.argv.slice(2));
const romPath = o.rom || process.env.MFA_EMU_ROM || path.join(here, '..', 'firmware', 'build', 'emu-rom', 'rom.bin');
if (!fs.existsSync(romPath)) fail(`emulation ROM ${romPath} not found: run 'make rom'`);
if (!fs.existsSync(o.image)) fail(`image ${o.image} not found`);

let steps;
if (o.steps) {
  steps = JSON.parse(fs.readFileSync(o.steps, 'utf8'));
  o.json = true;
} else {
  steps = [];
  for (const p of o.puts) {
    const k = p.indexOf(':');
    if (k < 0) fail(`--put needs LOCAL:REMOTE, got ${p}`);
    steps.push({ put: p.slice(k + 1), data_b64: fs.readFileSync(p.slice(0, k)).toString('base64') });
  }
  o.scripts.forEach((s, i) => {
    if (i && o.softReset) steps.push({ soft_reset: 'raw' });
    steps.push({ exec: fs.readFileSync(s, 'utf8'), name: s });
  });
}

const board = new Board({ rom: romPath, uf2: o.image });
const repl = new Repl(board, { deadline: Date.now() + o.timeout * 1000 });
const results = [];
let status = 0;
let failure = null;
try {
  repl.boot();
  for (const step of steps) {
    const c0 = board.cycles, k0 = board.clockCycles;
    let r;
    if (step.exec !== undefined) r = repl.exec(step.exec);
    else if (step.put !== undefined) {
      r = repl.exec(putFileCode(step.put, Buffer.from(step.data_b64, 'base64')));
    } else if (step.soft_reset === 'friendly') r = repl.softResetFriendly();
    else if (step.soft_reset) r = repl.softResetRaw();
    else if (step.banner) r = repl.banner();
    else throw new HarnessError(`unknown step ${JSON.stringify(step)}`);
    const res = {
      out: r.out.toString('utf8').replace(/\r\n/g, '\n'),
      err: r.err.toString('utf8').replace(/\r\n/g, '\n'),
      cycles: board.cycles - c0,
      clock_cycles: board.clockCycles - k0,
    };
    results.push(res);
    if (res.err) status = 1;
    if (!o.json) {
      process.stdout.write(res.out);
      process.stderr.write(res.err);
    }
  }
} catch (e) {
  if (!(e instanceof HarnessError)) throw e;
  failure = e.message;
  status = 2;
}
const summary = {
  boot: repl.marks,
  results,
  failure,
  flash_erases: board.romCalls.erase,
  flash_programs: board.romCalls.program,
  total_cycles: board.cycles,
  total_clock_cycles: board.clockCycles,
};
if (o.json) process.stdout.write(JSON.stringify(summary) + '\n');
else if (failure) console.error(`run.mjs: ${failure}`);
if (o.cycles) {
  const m = repl.marks;
  console.error(`cycles: usb connected ${m.usb?.clockCycles} (core ${m.usb?.cycles}), raw REPL ${m.raw?.clockCycles} (core ${m.raw?.cycles})`);
  results.forEach((r, i) => console.error(`cycles: step ${i}: ${r.clock_cycles} (core ${r.cycles})`));
}
process.exitCode = status;
