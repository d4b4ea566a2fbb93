// The "serve" step of emu/run.mjs with --net builtin: run a script that
// serves (it prints `marker` once listening), then drive TCP clients from
// the built-in gateway against it in emulated time, then interrupt it
// (Ctrl-C) and collect its output. Deterministic: no wall clock anywhere.
//
// step = {
//   serve: "python code", marker: "SERVING", port: 80,
//   timeout_ms: 60000,                 // emulated time limit for the clients
//   events: [{at_ms, ap, present}],    // the AP switched off/on, after the marker
//   clients: [{
//     at_ms: 0,                        // start, after the marker
//     port: 80,
//     requests: [b64, ...],            // HTTP: each sent when the last answer is complete
//     pipeline: false,                 // HTTP: all requests at once
//     chunks: [{at_ms, data_b64}],     // raw: bytes at times after the connection opened
//     close: true,                     // FIN when done sending (HTTP: after the last answer)
//     hold_ms: 0,                      // raw: wait this long after the last chunk, then close
//     half_close: false,               // HTTP: FIN right behind the requests (pipeline: all of them)
//     after: j,                        // start (at_ms) when client j is done
//     connect_timeout_ms: 7000,        // give up when the SYN gets no answer
//   }],
//   profile: {client: i, from: k},     // with run.mjs --profile: charge every cycle
//                                      // from client i's k-th answer (0: its start) to its last
//            {client: i, until: j}     // or from client i's start to client j's end (both
//                                      // sides closed), per connection: whole connections
//                                      // (emu/lib/profile.mjs); result.profile, per answer
// }
// Result per client: {opened_ns, first_data_ns (the device's first byte), responses: [{sent_ns, first_ns, done_ns,
//   busy_sent, busy_first, busy_done, bus_sent, bus_done, status, length}]
//   (busy_*: the device's busy cycles, core and radio bus; bus_*: the bus's share), data_b64, closed_ns,
//   closed_by ('fin' device closed | 'rst' | 'client' | null), ...}
import { HarnessError } from '../lib/repl.mjs';

const MS = 1e6;

// length of the first complete HTTP response in buf (Buffer), or -1;
// `closed`: the peer closed, so a response without a length ends there
// `isHead`: the answer to a HEAD request (no body whatever the length says)
export function httpResponseLength(buf, closed, isHead = false) {
  const h = buf.indexOf('\r\n\r\n');
  if (h < 0) return -1;
  const head = buf.subarray(0, h).toString('latin1').toLowerCase();
  const status = Number(head.slice(9, 12));
  if (isHead || (status >= 100 && status < 200) || status === 204 || status === 304) return h + 4;
  const cl = /\r\ncontent-length:\s*(\d+)/.exec(head);
  if (cl) return buf.length >= h + 4 + Number(cl[1]) ? h + 4 + Number(cl[1]) : -1;
  if (/\r\ntransfer-encoding:[^\r]*chunked/.test(head)) {
    let o = h + 4;
    for (;;) {
      const e = buf.indexOf('\r\n', o);
      if (e < 0) return -1;
      const n = parseInt(buf.subarray(o, e).toString('latin1'), 16);
      if (Number.isNaN(n)) return -1;
      if (n === 0) {
        const end = buf.indexOf('\r\n\r\n', e);
        return end < 0 ? -1 : end + 4;
      }
      o = e + 2 + n + 2;
      if (o > buf.length) return -1;
    }
  }
  return closed ? buf.length : -1;
}

export function runServeStep({ board, repl, gateway, chip }, step) {
  const clock = board.mcu.clock;
  const marker = step.marker || 'SERVING';
  // profiling: follow Python frames from the start, count in the window
  const prof = step.profile && board.profiler ? { ...step.profile, answers: 0 } : null;
  if (step.profile && !board.profiler) throw new HarnessError('a "profile" serve step needs run.mjs --profile');
  if (prof) { board.profiler.track(); board.profiling = true; }
  repl.execStart(step.serve);
  repl._run(() => board.text().includes(marker) || board.text().includes('\x04'), `waiting for "${marker}"`);
  if (!board.text().includes(marker)) {
    const r = repl.execEnd();
    throw new HarnessError(`the serve script ended before printing "${marker}": ${r.out}${r.err}`);
  }
  const t0 = clock.nanos;
  const alarm = (ms, fn) => clock.createAlarm(fn).schedule(Math.max(1, ms * MS));
  for (const ev of step.events || []) alarm(ev.at_ms, () => chip.setApPresent(ev.ap, ev.present));
  const results = (step.clients || []).map(() => null);
  const conns = [];
  let pending = results.length;
  // a client with `after: j` starts (at_ms) after client j is done
  const waiting = new Map();
  (step.clients || []).forEach((spec, i) => {
    if (spec.after === undefined) alarm(spec.at_ms || 0, () => startClient(spec, i));
    else {
      if (!(spec.after >= 0 && spec.after < i)) throw new HarnessError(`client ${i}: "after" must name an earlier client`);
      if (!waiting.has(spec.after)) waiting.set(spec.after, []);
      waiting.get(spec.after).push(i);
    }
  });
  const clientDone = (i) => {
    if (prof && prof.until === i && board.profiling) { // a window of whole connections ends
      board.profiling = false; prof.answers = i - prof.client + 1; prof.ns = clock.nanos - prof.ns;
    }
    for (const j of waiting.get(i) || []) alarm(step.clients[j].at_ms || 0, () => startClient(step.clients[j], j));
  };

  function startClient(spec, i) {
    if (prof && i === prof.client && !prof.from) { board.profiler.start(); prof.base = 0; prof.ns = clock.nanos; }
    const res = results[i] = {
      started_ns: clock.nanos - t0, opened_ns: null, first_data_ns: null, responses: [], closed_ns: null, closed_by: null,
      data: [], sent: 0,
    };
    let buf = Buffer.alloc(0), nextReq = 0, done = false;
    const reqs = (spec.requests || []).map((b) => Buffer.from(b, 'base64'));
    const finish = () => { if (!done) { done = true; pending--; res.done_ns = clock.nanos - t0; clientDone(i); } };
    const sendReq = (c) => {
      const r = { sent_ns: clock.nanos - t0, busy_sent: board.busyCycles, bus_sent: board.hookCycles, first_ns: null, done_ns: null,
        head: reqs[nextReq].subarray(0, 5).toString('latin1') === 'HEAD ' };
      res.responses.push(r);
      c.send(reqs[nextReq++]);
    };
    const c = gateway.connect(spec.port || step.port || 80, {
      onOpen: (c) => {
        res.opened_ns = clock.nanos - t0;
        if (reqs.length) {
          if (spec.pipeline) while (nextReq < reqs.length) sendReq(c);
          else sendReq(c);
        }
        let last = 0;
        // chunks due at the same time go in one alarm, in their order (the
        // clock runs alarms due at the same time last-scheduled first)
        const due = new Map();
        for (const ch of spec.chunks || []) {
          const t = ch.at_ms || 0;
          last = Math.max(last, t);
          if (!due.has(t)) due.set(t, []);
          due.get(t).push(Buffer.from(ch.data_b64, 'base64'));
        }
        // a raw client closes (FIN) hold_ms after its last chunk: with no
        // hold, in the last chunk's own alarm, right behind the bytes (an
        // alarm of its own due at the same time would run first, and the
        // FIN would overtake the data)
        const hold = spec.hold_ms || 0;
        const end = () => {
          if (spec.close !== false && c.state === 'established') { c.close(); }
          if (spec.close === false) finish();
        };
        for (const [t, bufs] of due) {
          alarm(t, () => {
            for (const b of bufs) if (c.state === 'established') { c.send(b); res.sent += b.length; }
            if (!reqs.length && !hold && t === last) end();
          });
        }
        if (!reqs.length && (hold || !due.size)) alarm(last + hold, end);
        // half_close: an HTTP client that closes its sending side (FIN)
        // right behind its requests, and still reads the answers
        if (reqs.length && spec.half_close) c.close();
      },
      onData: (c, d) => {
        if (res.first_data_ns === null) res.first_data_ns = clock.nanos - t0;
        res.data.push(Buffer.from(d));
        if (!reqs.length) return;
        buf = Buffer.concat([buf, Buffer.from(d)]);
        // account for every complete response in buf
        for (;;) {
          const r = res.responses.find((x) => x.done_ns === null);
          if (!r) break;
          if (r.first_ns === null && buf.length) { r.first_ns = clock.nanos - t0; r.busy_first = board.busyCycles; }
          const n = httpResponseLength(buf, false, r.head);
          if (n < 0) break;
          r.done_ns = clock.nanos - t0; r.busy_done = board.busyCycles; r.bus_done = board.hookCycles;
          r.status = Number(buf.subarray(9, 12).toString('latin1')); r.length = n;
          buf = buf.subarray(n);
          if (prof && i === prof.client) profileAnswer(res.responses.length, nextReq >= reqs.length);
          if (!spec.pipeline && nextReq < reqs.length) sendReq(c);
          else if (nextReq >= reqs.length && !res.responses.some((x) => x.done_ns === null)) {
            if (spec.close !== false) c.close(); else finish();
          }
        }
      },
      onFin: (c) => {
        if (res.closed_ns === null) { res.closed_ns = clock.nanos - t0; res.closed_by = 'fin'; }
        const r = res.responses.find((x) => x.done_ns === null);
        if (r && buf.length) { // a response that ends with the connection
          const n = httpResponseLength(buf, true, r.head);
          if (n > 0) { r.done_ns = clock.nanos - t0; r.busy_done = board.busyCycles; r.status = Number(buf.subarray(9, 12).toString('latin1')); r.length = n; }
        }
        c.close(); // close our side too
      },
      onDone: (c, how) => {
        if (res.closed_ns === null) { res.closed_ns = clock.nanos - t0; res.closed_by = how === 'rst' ? 'rst' : 'client'; }
        finish();
      },
    });
    res.port = c.lport;
    conns[i] = c;
    // no answer to the SYN (the AP is away, the device is down): give up
    alarm(spec.connect_timeout_ms || 7000, () => {
      if (res.opened_ns === null && !done) { res.closed_by = 'connect-timeout'; res.closed_ns = clock.nanos - t0; c.abort(); finish(); }
    });
  }

  // profiling a window of one client's answers
  const profileAnswer = (done, last) => {
    if (done === prof.from) { board.profiler.start(); prof.base = done; prof.ns = clock.nanos; }
    else if (board.profiling && last && prof.until === undefined) { board.profiling = false; prof.answers = done - prof.base; prof.ns = clock.nanos - prof.ns; }
  };
  const limit = step.timeout_ms || 60000;
  const how = board.run(() => pending === 0, { maxCycles: limit * 125000, checkEvery: 500, deadline: repl.deadline });
  if (how === 'stopped') throw new HarnessError(`device stopped while serving: ${board.stopReason}`);
  if (how === 'timeout') throw new HarnessError('timed out (wall clock) while serving');
  const timedOut = how === 'cycles';
  // stop the server: Ctrl-C, as a user would
  board.write('\x03');
  const r = repl.execEnd();
  for (const res of results) {
    if (!res) continue;
    res.data_b64 = Buffer.concat(res.data).toString('base64');
    res.retransmits = conns[results.indexOf(res)].retransmits;
    delete res.data;
  }
  board.profiling = false;
  const out = { out: r.out, err: r.err, clients: results, timed_out: timedOut, serve_ns: clock.nanos - t0 };
  if (prof) out.profile = prof.answers ? { ...board.profiler.report({ per: prof.answers }), window_ns: prof.ns } : null;
  return out;
}
