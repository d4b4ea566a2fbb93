// The network behind the emulated access point.
//
//  Gateway ('builtin'): 192.168.7.1 answers ARP, DHCP (the device gets
//    192.168.7.2/24) and ping, and opens TCP connections to the device for
//    the harness (TcpClient below): lossless, in order, in emulated time, so
//    a run is deterministic (same image + same steps = same cycle counts)
//    and needs no privileges.
//  TapBridge ('tap:FD'): DHCP is answered here; every other frame goes to and
//    from a TAP device whose fd (O_NONBLOCK, IFF_TAP|IFF_NO_PI) the parent
//    made in a network namespace of its own (tests/wifi/netns.py). While the
//    device idles, emulated time is never let run ahead of the wall clock, so
//    TCP timers on both sides agree.
import fs from 'node:fs';

export const GW_IP = [192, 168, 7, 1], DEV_IP = [192, 168, 7, 2], MASK = [255, 255, 255, 0];
const GW_MAC = Uint8Array.from([0x02, 0x00, 0x00, 0x00, 0x00, 0x01]);
const ETH_IP = 0x0800, ETH_ARP = 0x0806;
const PROTO_ICMP = 1, PROTO_TCP = 6, PROTO_UDP = 17;
const LEASE_S = 3600;

const be16 = (b, o) => (b[o] << 8) | b[o + 1];
const be32 = (b, o) => ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
const eq = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

function csum(b, sum = 0) {
  for (let i = 0; i + 1 < b.length; i += 2) sum += (b[i] << 8) | b[i + 1];
  if (b.length & 1) sum += b[b.length - 1] << 8;
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return sum;
}

function ipPacket(dstMac, src, dst, proto, payload, { id = 0 } = {}) {
  const f = new Uint8Array(34 + payload.length);
  f.set(dstMac, 0); f.set(GW_MAC, 6); f[12] = 0x08; f[13] = 0x00;
  const len = 20 + payload.length;
  f.set([0x45, 0, len >> 8, len & 0xff, id >> 8, id & 0xff, 0x40, 0, 64, proto, 0, 0, ...src, ...dst], 14);
  const c = ~csum(f.subarray(14, 34)) & 0xffff;
  f[24] = c >> 8; f[25] = c & 0xff;
  f.set(payload, 34);
  return f;
}

function pseudoSum(src, dst, proto, len) {
  return csum(Uint8Array.from([...src, ...dst, 0, proto, len >> 8, len & 0xff]));
}

// DHCP server for the one station: DISCOVER -> OFFER, REQUEST -> ACK.
export class Dhcp {
  constructor(send, log) { this.send = send; this.log = log; this.leases = 0; }
  // f: an Ethernet frame; true if it was DHCP (handled)
  handle(f) {
    if (be16(f, 12) !== ETH_IP || f[23] !== PROTO_UDP) return false;
    const ihl = (f[14] & 0xf) * 4, u = 14 + ihl;
    if (be16(f, u + 2) !== 67) return false;
    const b = u + 8;
    let type = 0;
    for (let o = b + 240; o < f.length && f[o] !== 255;) {
      if (f[o] === 0) { o++; continue; }
      if (f[o] === 53) type = f[o + 2];
      o += 2 + f[o + 1];
    }
    const reply = type === 1 ? 2 : type === 3 ? 5 : 0;
    if (!reply) return true;
    if (reply === 5) this.leases++;
    this.log(`DHCP ${type === 1 ? 'DISCOVER -> OFFER' : 'REQUEST -> ACK'} ${DEV_IP.join('.')}`);
    const opts = [53, 1, reply, 54, 4, ...GW_IP, 51, 4, 0, 0, LEASE_S >> 8, LEASE_S & 0xff, 1, 4, ...MASK, 3, 4, ...GW_IP, 6, 4, ...GW_IP, 255];
    const bootp = new Uint8Array(240 + opts.length);
    bootp.set([2, 1, 6, 0]); bootp.set(f.subarray(b + 4, b + 8), 4); // xid
    bootp.set(DEV_IP, 16); bootp.set(GW_IP, 20); bootp.set(f.subarray(b + 28, b + 34), 28); // chaddr
    bootp.set([99, 130, 83, 99], 236); bootp.set(opts, 240);
    const udp = new Uint8Array(8 + bootp.length);
    udp.set([0, 67, 0, 68, udp.length >> 8, udp.length & 0xff, 0, 0]); // UDP checksum 0: none
    udp.set(bootp, 8);
    this.send(ipPacket(new Uint8Array(6).fill(0xff), GW_IP, [255, 255, 255, 255], PROTO_UDP, udp));
    return true;
  }
}

// The built-in gateway: ARP, DHCP, ping, and TCP clients to the device.
export class Gateway {
  constructor({ chip, clock, log = () => {} }) {
    this.chip = chip; this.clock = clock; this.log = log;
    this.devMac = null;
    this.dhcp = new Dhcp((f) => this.toDevice(f), log);
    this.conns = new Map(); // local port -> TcpClient
    this.nextPort = 40000;
    this.ipId = 1;
    this.stats = { arp: 0, ping: 0, tcpIn: 0, tcpOut: 0 };
  }

  toDevice(f) { this.chip.receiveEthernet(f); }

  fromDevice(f) {
    if (this.dhcp.handle(f)) return;
    const type = be16(f, 12);
    if (type === ETH_ARP) {
      if (be16(f, 20) === 1 && eq(f.subarray(38, 42), GW_IP)) this.arpReply(f);
      return;
    }
    if (type !== ETH_IP || !eq(f.subarray(30, 34), GW_IP)) return;
    this.devMac = Uint8Array.from(f.subarray(6, 12));
    const ihl = (f[14] & 0xf) * 4, total = be16(f, 16), proto = f[23];
    const p = f.subarray(14 + ihl, 14 + total);
    if (proto === PROTO_ICMP && p[0] === 8) {
      this.stats.ping++;
      const r = Uint8Array.from(p); r[0] = 0; r[2] = r[3] = 0;
      const c = ~csum(r) & 0xffff; r[2] = c >> 8; r[3] = c & 0xff;
      this.toDevice(ipPacket(this.devMac, GW_IP, DEV_IP, PROTO_ICMP, r, { id: this.ipId++ }));
    } else if (proto === PROTO_TCP) {
      this.stats.tcpIn++;
      const c = this.conns.get(be16(p, 2));
      if (c) c.segment(p);
      else if (!(p[13] & 0x04)) this.sendTcp(be16(p, 2), be16(p, 0), 0, (be32(p, 4) + Math.max(1, total - ihl - (p[12] >> 4) * 4)) >>> 0, 0x14, new Uint8Array(0), 0); // RST
    }
  }

  arpReply(f) {
    this.stats.arp++;
    const r = new Uint8Array(42);
    r.set(f.subarray(6, 12), 0); r.set(GW_MAC, 6); r[12] = 0x08; r[13] = 0x06;
    r.set([0, 1, 8, 0, 6, 4, 0, 2], 14);
    r.set(GW_MAC, 22); r.set(GW_IP, 28); r.set(f.subarray(22, 28), 32); r.set(f.subarray(28, 32), 38);
    this.toDevice(r);
  }

  sendTcp(sport, dport, seq, ack, flags, data, win = 65535, opts = null) {
    this.stats.tcpOut++;
    const hl = 20 + (opts ? opts.length : 0);
    const t = new Uint8Array(hl + data.length);
    t.set([sport >> 8, sport & 0xff, dport >> 8, dport & 0xff,
      seq >>> 24, (seq >>> 16) & 0xff, (seq >>> 8) & 0xff, seq & 0xff,
      ack >>> 24, (ack >>> 16) & 0xff, (ack >>> 8) & 0xff, ack & 0xff,
      (hl / 4) << 4, flags, win >> 8, win & 0xff, 0, 0, 0, 0]);
    if (opts) t.set(opts, 20);
    t.set(data, hl);
    const c = ~csum(t, pseudoSum(GW_IP, DEV_IP, PROTO_TCP, t.length)) & 0xffff;
    t[16] = c >> 8; t[17] = c & 0xff;
    // the device answered ARP for the gateway, so its MAC is known once it sent anything
    this.toDevice(ipPacket(this.chip.mac, GW_IP, DEV_IP, PROTO_TCP, t, { id: this.ipId++ }));
  }

  connect(port, handlers) {
    const c = new TcpClient(this, this.nextPort++, port, handlers);
    this.conns.set(c.lport, c);
    c.open();
    return c;
  }
}

const FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10;
const RTO_NS = 200e6, SYN_RTO_NS = 1000e6; // Linux: 200 ms minimum RTO, 1 s for a SYN

// One TCP connection from the gateway to the device, in emulated time. The
// link itself is lossless and in order, but the device's lwIP drops segments
// (no free PCB for a SYN, data behind refused data), so unacknowledged
// segments are sent again after a timeout (200 ms, doubling; go-back-N), as
// a real client does. Everything the device sends is acknowledged at once.
// The first data goes in its own segment right behind the handshake's final
// ACK, as Linux sends it.
export class TcpClient {
  // handlers: onOpen(c), onData(c, bytes), onFin(c) the device closed its
  // side, onDone(c, 'closed' | 'rst') both sides closed or reset
  constructor(gw, lport, rport, { onOpen, onData, onFin, onDone } = {}) {
    this.gw = gw; this.lport = lport; this.rport = rport;
    this.onOpen = onOpen; this.onData = onData; this.onFin = onFin; this.onDone = onDone;
    this.state = 'closed';
    this.iss = (0x10000 * lport) >>> 0;
    this.sndNxt = this.iss; this.sndUna = this.iss; this.rcvNxt = 0;
    this.peerWin = 0; this.mss = 536;
    this.out = [];          // Uint8Arrays waiting to be sent
    this.finWanted = false; this.finSent = false;
    this.peerFin = false; this.reset = false;
    this.unacked = [];      // [{seq, flags, data, end}] sent, not yet acknowledged
    this.rto = RTO_NS;
    this.timer = gw.clock.createAlarm(() => this.retransmit());
    this.retransmits = 0;
  }

  // send a segment that takes sequence space, and remember it until acknowledged
  emit(flags, data, opts = null) {
    const seq = this.sndNxt;
    const len = data.length + (flags & (SYN | FIN) ? 1 : 0);
    this.gw.sendTcp(this.lport, this.rport, seq, this.rcvNxt, flags, data, 65535, opts);
    this.sndNxt = (this.sndNxt + len) >>> 0;
    this.unacked.push({ seq, flags, data, opts, end: this.sndNxt });
    if (this.unacked.length === 1) { this.timer.cancel(); this.timer.schedule(this.rto); }
  }

  retransmit() {
    if (this.state === 'closed' || !this.unacked.length) return;
    this.retransmits++;
    for (const u of this.unacked) {
      const ack = u.flags & SYN ? 0 : this.rcvNxt;
      this.gw.sendTcp(this.lport, this.rport, u.seq, ack, u.flags | (u.flags & SYN ? 0 : ACK), u.data, 65535, u.opts);
    }
    this.rto = Math.min(this.rto * 2, 3_200_000_000);
    this.timer.schedule(this.rto);
  }

  acked(ack) {
    const before = this.unacked.length;
    this.unacked = this.unacked.filter((u) => ((u.end - ack) | 0) > 0);
    if (this.unacked.length !== before) {
      this.rto = RTO_NS;
      this.timer.cancel();
      if (this.unacked.length) this.timer.schedule(this.rto);
    }
  }

  now() { return this.gw.clock.nanos; }

  open() {
    this.state = 'syn-sent';
    this.rto = SYN_RTO_NS;
    this.emit(SYN, new Uint8Array(0), Uint8Array.from([2, 4, 0x05, 0xb4])); // MSS 1460
  }

  send(data) {
    // bytes after our own FIN would be a harness bug (the device drops them)
    if (this.finWanted && data.length) throw new Error(`TCP client ${this.lport}: data after its own FIN`);
    if (data.length) this.out.push(Uint8Array.from(data));
    this.pump();
  }
  close() { this.finWanted = true; this.pump(); }
  abort() {
    if (this.state !== 'closed') this.gw.sendTcp(this.lport, this.rport, this.sndNxt, this.rcvNxt, RST | ACK, new Uint8Array(0));
    this.finish(false);
  }

  pump() {
    if (this.state !== 'established') return;
    for (;;) {
      const inFlight = (this.sndNxt - this.sndUna) >>> 0;
      const room = Math.min(this.mss, this.peerWin - inFlight);
      if (!this.out.length || room <= 0) break;
      let chunk = this.out[0];
      if (chunk.length > room) { this.out[0] = chunk.subarray(room); chunk = chunk.subarray(0, room); } else this.out.shift();
      this.emit(ACK | PSH, chunk);
    }
    if (this.finWanted && !this.finSent && !this.out.length) {
      this.finSent = true;
      this.emit(FIN | ACK, new Uint8Array(0));
    }
  }

  segment(p) {
    const flags = p[13], seq = be32(p, 4), ack = be32(p, 8), win = be16(p, 14);
    const data = p.subarray((p[12] >> 4) * 4);
    if (flags & RST) { this.reset = true; this.finish(true); return; }
    if (this.state === 'closed') return;
    if (this.state === 'syn-sent') {
      if ((flags & (SYN | ACK)) !== (SYN | ACK) || ack !== this.sndNxt) { this.abort(); return; }
      for (let o = 20; o < (p[12] >> 4) * 4;) { // MSS option
        if (p[o] === 0) break;
        if (p[o] === 1) { o++; continue; }
        if (p[o] === 2) this.mss = be16(p, o + 2);
        o += p[o + 1] || 1;
      }
      this.rcvNxt = (seq + 1) >>> 0; this.sndUna = ack; this.peerWin = win;
      this.acked(ack);
      this.state = 'established';
      this.gw.sendTcp(this.lport, this.rport, this.sndNxt, this.rcvNxt, ACK, new Uint8Array(0));
      if (this.onOpen) this.onOpen(this);
      this.pump();
      return;
    }
    if (flags & ACK) {
      if (((ack - this.sndUna) >>> 0) <= ((this.sndNxt - this.sndUna) >>> 0)) { this.sndUna = ack; this.acked(ack); }
      this.peerWin = win;
    }
    let ackNow = false;
    if (data.length) {
      if (seq === this.rcvNxt) {
        this.rcvNxt = (this.rcvNxt + data.length) >>> 0;
        if (this.onData) this.onData(this, Uint8Array.from(data));
      }
      ackNow = true; // in order, or a duplicate: acknowledge what we have
    }
    if ((flags & FIN) && ((seq + data.length) >>> 0) === this.rcvNxt && !this.peerFin) {
      this.peerFin = true;
      this.rcvNxt = (this.rcvNxt + 1) >>> 0;
      ackNow = true;
    }
    if (ackNow && this.state !== 'closed') this.gw.sendTcp(this.lport, this.rport, this.sndNxt, this.rcvNxt, ACK, new Uint8Array(0));
    const finNow = (flags & FIN) && ackNow && this.peerFin && !this.finReported;
    if (finNow) { this.finReported = true; if (this.onFin) this.onFin(this); }
    this.pump();
    if (this.peerFin && this.finSent && this.sndUna === this.sndNxt) this.finish(false);
  }

  finish(byReset) {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.timer.cancel();
    this.gw.conns.delete(this.lport);
    if (this.onDone) this.onDone(this, byReset ? 'rst' : 'closed');
  }
}

// The TAP bridge: DHCP here, the rest to and from the TAP fd.
export class TapBridge {
  constructor({ board, chip, fd, log = () => {}, stopFile = null }) {
    this.board = board; this.chip = chip; this.fd = fd; this.log = log;
    this.dhcp = new Dhcp((f) => chip.receiveEthernet(f), log);
    this.buf = Buffer.alloc(2048);
    this.stats = { toTap: 0, fromTap: 0, dropped: 0 };
    this.sab = new Int32Array(new SharedArrayBuffer(4));
    this.stopFile = stopFile;
    this.checks = 0;
    const mcu = board.mcu;
    this.wall0 = process.hrtime.bigint();
    this.emu0 = mcu.clock.nanos;
    // frames from the host are picked up every 50 us of emulated time while
    // the core runs, and at once while it idles (idle() below)
    const poll = mcu.clock.createAlarm(() => { this.poll(); poll.schedule(50_000); });
    poll.schedule(50_000);
    board.idleHook = (dt) => this.idle(dt);
  }

  fromDevice(f) {
    if (this.dhcp.handle(f)) return;
    try { fs.writeSync(this.fd, f); this.stats.toTap++; } catch (e) {
      if (e.code !== 'EAGAIN' && e.code !== 'EIO') throw e;
      this.stats.dropped++;
    }
  }

  poll() {
    let got = 0;
    for (;;) {
      let n;
      try { n = fs.readSync(this.fd, this.buf, 0, this.buf.length, null); } catch (e) {
        if (e.code === 'EAGAIN') return got;
        throw e;
      }
      if (!n) return got;
      got++;
      this.stats.fromTap++;
      this.chip.receiveEthernet(Uint8Array.from(this.buf.subarray(0, n)));
    }
  }

  // the core waits for an interrupt and the clock would jump by dt: never
  // let emulated time pass the wall clock; wake the core when a frame comes
  idle(dt) {
    const clock = this.board.mcu.clock;
    for (;;) {
      const wall = Number(process.hrtime.bigint() - this.wall0);
      const ahead = clock.nanos - this.emu0 + dt - wall;
      if (ahead <= 0) return dt;
      if (this.stopFile && ++this.checks % 64 === 0 && fs.existsSync(this.stopFile)) { this.board.stopReason = 'stop file'; return dt; }
      if (this.poll()) return 8;
      Atomics.wait(this.sab, 0, 0, Math.min(1, ahead / 1e6));
    }
  }
}
