// Behavioural model of the Pico W's CYW43439, as cyw43-driver sees it over
// the gSPI bus (pico-sdk cyw43_bus_pio_spi.c below, cyw43_ll.c above). No
// Infineon firmware runs: the blob the driver downloads is kept in the
// model's RAM and checked, and a JS "firmware" answers the SDPCM control
// channel (ioctls, iovars), sends async events and carries Ethernet frames.
// Written from the cyw43-driver sources; see ../../README.md "Wi-Fi in the
// emulator" and the study docs/CYW43-EMULATION.md in ../shared.
//
// Strictness: an ioctl or iovar this model does not know stops the run with
// an error (fatal()), so a driver or MicroPython upgrade that talks to the
// chip differently shows up as a failing test, not as a silent stub.
//
// Byte order: buffers are in RP2040 memory order, which is also the order on
// the wire (the driver's DMA byte-swaps each word and the PIO shifts MSB
// first). Until the host sets WORD_LENGTH_32 in SPI_BUS_CONTROL, the chip is
// in 16-bit mode: every 32-bit word arrives with its halfwords' bytes swapped.

const F0 = 0, F1 = 1, F2 = 2;

// F0: gSPI bus registers
const SPI_BUS_CONTROL = 0x00, SPI_INTERRUPT_REGISTER = 0x04, SPI_INTERRUPT_ENABLE = 0x06,
  SPI_STATUS_REGISTER = 0x08, SPI_FUNCTION1_INFO = 0x0c, SPI_FUNCTION2_INFO = 0x0e,
  SPI_READ_TEST_REGISTER = 0x14, SPI_RESP_DELAY_F1 = 0x1d;
const WORD_LENGTH_32 = 0x01;
const TEST_PATTERN = 0xfeedbead;
const DATA_UNAVAILABLE = 0x0001, F2_PACKET_AVAILABLE = 0x0020;     // interrupt bits
const STATUS_F2_RX_READY = 0x20, STATUS_F2_PKT_AVAILABLE = 0x100;   // status bits

// F1: the SDIO core's registers at 0x1000x, the rest is the backplane window
const SDIO_BACKPLANE_ADDRESS_LOW = 0x1000a, SDIO_BACKPLANE_ADDRESS_MID = 0x1000b,
  SDIO_BACKPLANE_ADDRESS_HIGH = 0x1000c, SDIO_CHIP_CLOCK_CSR = 0x1000e, SDIO_SLEEP_CSR = 0x1001f;
const SBSDIO_ALP_AVAIL = 0x40, SBSDIO_HT_AVAIL = 0x80;

// the 43439's backplane
export const RAM_SIZE = 512 * 1024;
const WLAN_ARM_WRAPPER = 0x18103000, SOCSRAM_WRAPPER = 0x18104000;
const AI_IOCTRL = 0x408, AI_RESETCTRL = 0x800, SICF_CPUHALT = 0x20;

// SDPCM channels
const CH_CONTROL = 0, CH_EVENT = 1, CH_DATA = 2;

// ioctl commands the driver sends (cyw43_ll.c), and what the model does.
const WLC_GET_VAR = 262, WLC_SET_VAR = 263;
export const WLC = {
  2: 'WLC_UP', 3: 'WLC_DOWN', 20: 'WLC_SET_INFRA', 22: 'WLC_SET_AUTH', 23: 'WLC_GET_BSSID',
  26: 'WLC_SET_SSID', 52: 'WLC_DISASSOC', 63: 'WLC_GET_ANTDIV', 64: 'WLC_SET_ANTDIV',
  85: 'WLC_GET_PM', 86: 'WLC_SET_PM', 108: 'WLC_SET_MONITOR', 110: 'WLC_SET_GMODE',
  127: 'WLC_GET_RSSI', 134: 'WLC_SET_WSEC', 142: 'WLC_SET_BAND', 165: 'WLC_SET_WPA_AUTH',
  262: 'WLC_GET_VAR', 263: 'WLC_SET_VAR', 268: 'WLC_SET_WSEC_PMK',
};

// iovars the model knows: those set to be stored (and read back), and those
// read. Anything else is fatal.
const IOVARS_SET = new Set([
  'clmload', 'bus:txglom', 'apsta', 'cur_etheraddr', 'country', 'ampdu_ba_wsize', 'ampdu_mpdu',
  'ampdu_rx_factor', 'bsscfg:event_msgs', 'pm2_sleep_ret', 'bcn_li_bcn', 'bcn_li_dtim',
  'assoc_listen', 'mcast_list', 'bsscfg:sup_wpa', 'bsscfg:sup_wpa2_eapver', 'bsscfg:sup_wpa_tmo',
  'mfp', 'escan', 'gpioout', 'allmulti', 'join',
]);
const IOVARS_GET = new Set([
  'cur_etheraddr', 'clmload_status', 'clmver', 'mcast_list', 'bss', 'ccgpioin',
  'pm2_sleep_ret', 'bcn_li_bcn', 'bcn_li_dtim', 'assoc_listen',
]);

// async events (cyw43_ll.h)
export const EV = {
  SET_SSID: 0, JOIN: 1, AUTH: 3, DEAUTH_IND: 6, ASSOC: 7, DISASSOC: 11, DISASSOC_IND: 12,
  LINK: 16, PRUNE: 23, PSK_SUP: 46, ESCAN_RESULT: 69,
};
const WLC_SUP_KEYED = 6;
// wrong key: the supplicant never gets a valid message 3 and gives up
// (WLC_SUP_KEYXCHANGE_WAIT_M3 = 5, reason 0); cyw43-driver maps any
// PSK_SUP failure other than the (4|8|10, 15) timeouts to BADAUTH (-3).
const WLC_SUP_WAIT_M3 = 5;

// emulated latencies (ns of emulated time)
const JOIN_NS = 20e6, SCAN_NS = 50e6, HANDSHAKE_FAIL_NS = 100e6, DISASSOC_NS = 1e6;

const rev16 = (x) => (((x & 0x00ff00ff) << 8) | ((x >>> 8) & 0x00ff00ff)) >>> 0;
const le32 = (b, o) => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
const le16 = (b, o) => b[o] | (b[o + 1] << 8);
const put32 = (b, o, v) => { b[o] = v; b[o + 1] = v >>> 8; b[o + 2] = v >>> 16; b[o + 3] = v >>> 24; };
const put16 = (b, o, v) => { b[o] = v; b[o + 1] = v >>> 8; };
const put32be = (b, o, v) => { b[o] = v >>> 24; b[o + 1] = v >>> 16; b[o + 2] = v >>> 8; b[o + 3] = v; };
const put16be = (b, o, v) => { b[o] = v >>> 8; b[o + 1] = v; };
const cstr = (b, o = 0) => { let e = o; while (e < b.length && b[e]) e++; return Buffer.from(b.subarray(o, e)).toString('latin1'); };
export const macStr = (m) => Array.from(m, (x) => x.toString(16).padStart(2, '0')).join(':');

// An access point of the emulated air: {ssid, password (null = open),
// channel, bssid (6 bytes), rssi, present}.
export function makeAp({ ssid, password = null, channel = 6, bssid = null, rssi = -40, present = true }, index = 0) {
  if (!ssid || ssid.length > 32) throw new Error(`AP SSID must be 1..32 characters: ${JSON.stringify(ssid)}`);
  if (password !== null && (password.length < 8 || password.length > 63)) throw new Error(`AP ${ssid}: a WPA2 password has 8..63 characters`);
  if (!(channel >= 1 && channel <= 13)) throw new Error(`AP ${ssid}: channel ${channel} is not 1..13`);
  return { ssid, password, channel, rssi, present, bssid: bssid || Uint8Array.from([0x02, 0, 0, 0xaa, 0xbb, 0xcc + index]) };
}

export class Cyw43Chip {
  // opts: aps [makeAp()], otpMac (6 bytes), schedule(ns, fn) in emulated
  // time, onEthernet(frame) for frames the host sends, fatal(msg), log(msg)
  constructor(opts = {}) {
    this.opts = opts;
    this.aps = opts.aps || [];
    this.log = opts.log || (() => {});
    this.trace = [];            // ioctl/iovar/event trace, in order
    this.stats = { transfers: 0, bytes: 0, ioctls: 0, ethTx: 0, ethRx: 0, ethDropped: 0 };
    this.ram = new Uint8Array(RAM_SIZE);
    this.onChange = null;
    this.reset();
  }

  fatal(msg) {
    this.log('FATAL ' + msg);
    if (this.opts.fatal) this.opts.fatal(msg);
    else throw new Error(msg);
  }

  // power-on state (WL_REG_ON low -> high)
  reset() {
    this.on = false;
    this.word32 = false;
    this.f0 = new Uint8Array(0x20);
    this.intLatched = 0;
    this.window = 0;
    this.bpRegs = new Map([[WLAN_ARM_WRAPPER + AI_RESETCTRL, 1], [SOCSRAM_WRAPPER + AI_RESETCTRL, 1]]);
    this.f1Regs = new Map();
    this.armRunning = false;
    this.rxQueue = [];          // SDPCM frames waiting for the host
    this.hostSeq = 0xff;        // last SDPCM sequence number from the host
    this.txSeq = 0;
    this.credit = 0;
    this.iovars = new Map();
    this.clm = 0;
    this.mac = Uint8Array.from(this.opts.otpMac || [0x28, 0xcd, 0xc1, 0x00, 0x00, 0x01]);
    this.eventMask = new Uint8Array(19).fill(0xff);
    this.wsec = 0; this.wpaAuth = 0; this.pmk = null; this.up = false;
    this.joined = null;
    this.gpioOut = 0;
    this.firmwareBytes = 0;
  }

  powerOn() { if (!this.on) { this.reset(); this.on = true; this.log('power on (WL_REG_ON high)'); } }
  powerOff() { if (this.on) { this.reset(); this.log('power off (WL_REG_ON low)'); this.changed(); } }

  // the host-wake line (GPIO24 while CS is high): active high
  // (INTERRUPT_POLARITY_HIGH) while an enabled interrupt is pending
  get hostWake() {
    return this.on && (this.intStatus() & le16(this.f0, SPI_INTERRUPT_ENABLE)) !== 0;
  }
  intStatus() { return this.intLatched | (this.rxQueue.length ? F2_PACKET_AVAILABLE : 0); }
  statusWord() {
    let s = this.armRunning ? STATUS_F2_RX_READY : 0;
    if (this.rxQueue.length) s |= STATUS_F2_PKT_AVAILABLE | ((this.rxQueue[0].length & 0x7ff) << 9);
    return s >>> 0;
  }

  // One gSPI transaction. tx: command word (+ data for a write). Returns the
  // rxLen - tx.length bytes the chip drives after the command, or null for a
  // write.
  transfer(tx, rxLen) {
    this.stats.transfers++;
    this.stats.bytes += Math.max(tx.length, rxLen);
    if (!this.on) return rxLen ? new Uint8Array(rxLen - tx.length) : null; // powered off: line low
    let cmd = le32(tx, 0);
    if (!this.word32) cmd = rev16(cmd);
    const write = cmd >>> 31, fn = (cmd >>> 28) & 3, addr = (cmd >>> 11) & 0x1ffff;
    const len = (cmd & 0x7ff) || 2048;
    if (write) {
      let data = tx.subarray(4, 4 + len);
      if (!this.word32) data = swapHalves(data);
      if (fn === F0) this.writeF0(addr, data);
      else if (fn === F1) this.writeF1(addr, data);
      else if (fn === F2) this.writeF2(data);
      else this.fatal(`gSPI write to function 3`);
      return null;
    }
    const out = new Uint8Array(rxLen - tx.length);
    // F1 reads start with the response-delay padding the host asked for
    const pad = fn === F1 ? this.f0[SPI_RESP_DELAY_F1] : 0;
    let data = fn === F0 ? this.readF0(addr, len) : fn === F1 ? this.readF1(addr, len) : fn === F2 ? this.readF2(len) : null;
    if (!data) { this.fatal('gSPI read of function 3'); return out; }
    if (!this.word32) data = swapHalves(data);
    out.set(data.subarray(0, Math.max(0, out.length - pad)), pad);
    return out;
  }

  readF0(addr, len) {
    const regs = Uint8Array.from(this.f0);
    put16(regs, SPI_INTERRUPT_REGISTER, this.intStatus());
    put32(regs, SPI_STATUS_REGISTER, this.statusWord());
    put16(regs, SPI_FUNCTION1_INFO, 0x0003);
    put16(regs, SPI_FUNCTION2_INFO, this.armRunning ? 0x0003 : 0x0001);
    put32(regs, SPI_READ_TEST_REGISTER, TEST_PATTERN);
    const out = new Uint8Array((Math.max(len, 4) + 3) & ~3);
    for (let i = 0; i < len; i++) out[i] = addr + i < regs.length ? regs[addr + i] : 0;
    return out;
  }

  readF1(addr, len) {
    const out = new Uint8Array((len + 3) & ~3);
    if (addr >= 0x10000) {
      for (let i = 0; i < len; i++) out[i] = this.readF1Reg(addr + i);
      return out;
    }
    const a = (this.window + (addr & 0x7fff)) >>> 0;
    if (a + len <= RAM_SIZE) { out.set(this.ram.subarray(a, a + len)); return out; }
    const v = this.bpRegs.get(a) ?? 0;
    put32(out, 0, len === 1 ? v & 0xff : len === 2 ? v & 0xffff : v);
    return out;
  }

  readF1Reg(a) {
    const v = this.f1Regs.get(a) ?? 0;
    switch (a) {
      // the ALP clock is always there; HT once the ARM core runs
      case SDIO_CHIP_CLOCK_CSR: return (v & 0x3f) | SBSDIO_ALP_AVAIL | (this.armRunning ? SBSDIO_HT_AVAIL : 0);
      case SDIO_SLEEP_CSR: return v & 1 ? 3 : 0; // KEEP_SDIO_ON -> DEVICE_ON
      case SDIO_BACKPLANE_ADDRESS_LOW: return (this.window >>> 8) & 0x80;
      case SDIO_BACKPLANE_ADDRESS_MID: return (this.window >>> 16) & 0xff;
      case SDIO_BACKPLANE_ADDRESS_HIGH: return this.window >>> 24;
      default: return v;
    }
  }

  readF2(len) {
    const out = new Uint8Array((len + 3) & ~3);
    const frame = this.rxQueue.shift();
    if (!frame) { this.intLatched |= DATA_UNAVAILABLE; return out; }
    out.set(frame.subarray(0, Math.min(frame.length, out.length)));
    this.changed();
    return out;
  }

  writeF0(addr, data) {
    for (let i = 0; i < data.length; i++) {
      const a = addr + i;
      if (a === SPI_INTERRUPT_REGISTER || a === SPI_INTERRUPT_REGISTER + 1) {
        this.intLatched &= ~(data[i] << ((a - SPI_INTERRUPT_REGISTER) * 8)); // write 1 to clear
      } else if (a < this.f0.length) this.f0[a] = data[i];
    }
    if (!this.word32 && (this.f0[SPI_BUS_CONTROL] & WORD_LENGTH_32)) {
      this.word32 = true;
      this.log(`bus: 32-bit words, SPI_BUS_CONTROL=0x${le32(this.f0, 0).toString(16)}`);
    }
    this.changed();
  }

  writeF1(addr, data) {
    if (addr >= 0x10000) {
      for (let i = 0; i < data.length; i++) {
        const a = addr + i, v = data[i];
        if (a === SDIO_BACKPLANE_ADDRESS_LOW) this.window = ((this.window & 0xffff0000) | ((v & 0x80) << 8)) >>> 0;
        else if (a === SDIO_BACKPLANE_ADDRESS_MID) this.window = ((this.window & 0xff00ffff) | (v << 16)) >>> 0;
        else if (a === SDIO_BACKPLANE_ADDRESS_HIGH) this.window = ((this.window & 0x00ffffff) | (v << 24)) >>> 0;
        this.f1Regs.set(a, v);
      }
      return;
    }
    const a = (this.window + (addr & 0x7fff)) >>> 0;
    if (a + data.length <= RAM_SIZE) { this.ram.set(data, a); return; }
    const v = data.length >= 4 ? le32(data, 0) : data.length === 2 ? le16(data, 0) : data[0];
    this.bpRegs.set(a, v);
    // releasing the WLAN ARM core from reset starts the downloaded firmware
    if (a === WLAN_ARM_WRAPPER + AI_RESETCTRL && !(v & 1) &&
        !((this.bpRegs.get(WLAN_ARM_WRAPPER + AI_IOCTRL) ?? 0) & SICF_CPUHALT)) this.bootFirmware();
  }

  bootFirmware() {
    // firmware at 0; NVRAM at the top of RAM, then a length word n | ~n << 16 (in words)
    const sz = le32(this.ram, RAM_SIZE - 4);
    const n = sz & 0xffff;
    if ((((~sz) >>> 16) & 0xffff) !== n) this.fatal(`NVRAM length word 0x${sz.toString(16)} is not n | ~n << 16`);
    let end = 0;
    for (let i = RAM_SIZE - 4 - n * 4 - 1; i >= 0; i--) if (this.ram[i]) { end = i + 1; break; }
    this.firmwareBytes = end;
    this.nvram = cstr(this.ram, RAM_SIZE - 4 - n * 4);
    this.log(`WLAN ARM core out of reset: firmware ${end} bytes, NVRAM ${n * 4} bytes`);
    this.armRunning = true;
    this.changed();
  }

  // ---- SDPCM ----
  writeF2(data) {
    const size = le16(data, 0), sizeCom = le16(data, 2);
    if (((size ^ sizeCom) & 0xffff) !== 0xffff || size < 12) { this.fatal(`F2: bad SDPCM header ${size}/${sizeCom}`); return; }
    const f = data.subarray(0, size);
    const chan = f[5] & 0x0f, hdrLen = f[7];
    this.lastF2 = Buffer.from(f.subarray(0, 32)).toString('hex');
    this.hostSeq = f[4];
    if (chan === CH_CONTROL) this.ioctl(f.subarray(hdrLen));
    else if (chan === CH_DATA) {
      // BDC header: flags, priority, interface, data offset in words
      const itf = f[hdrLen + 2], off = hdrLen + 4 + (f[hdrLen + 3] << 2);
      this.hostEthernet(itf, Uint8Array.from(f.subarray(off)));
    } else this.fatal(`F2: host sent on SDPCM channel ${chan}`);
    // The host stops sending when its sequence number reaches our last
    // credit: when it sends many frames and gets none back, give it credit
    // in a header-only frame, as the chip does.
    if (((this.credit - ((this.hostSeq + 1) & 0xff)) & 0xff) < 2 && !this.rxQueue.length) this.queueFrame(CH_CONTROL, new Uint8Array(0), 12);
    this.changed();
  }

  queueFrame(chan, payload, hdrLen) {
    const size = hdrLen + payload.length;
    const f = new Uint8Array(size);
    put16(f, 0, size); put16(f, 2, ~size & 0xffff);
    f[4] = this.txSeq++ & 0xff;
    f[5] = chan; f[7] = hdrLen;
    this.credit = (this.hostSeq + 1 + 8) & 0xff; // 8 frames of credit
    f[9] = this.credit;
    f.set(payload, hdrLen);
    this.rxQueue.push(f);
    this.changed();
  }

  ioctl(p) {
    this.stats.ioctls++;
    const cmd = le32(p, 0), len = le32(p, 4) & 0xffff, flags = le32(p, 8);
    const id = flags >>> 16, set = !!(flags & 2), iface = (flags >>> 12) & 0xf;
    const req = p.subarray(16, 16 + len);
    let resp = new Uint8Array(len);
    let status = 0;
    if (cmd === WLC_GET_VAR || cmd === WLC_SET_VAR) {
      const name = cstr(req);
      const val = req.subarray(name.length + 1);
      this.trace.push(`${set ? 'SET' : 'GET'} ${name}${iface ? ' iface=' + iface : ''}`);
      if (set) {
        if (name === 'mcast_list') {
          // lwIP joined/left a multicast group (IGMP, MLD); the driver then waits 50 ms
          const n = le32(val, 0), macs = [];
          for (let i = 0; i < n && 4 + i * 6 + 6 <= val.length; i++) macs.push(macStr(val.subarray(4 + i * 6, 10 + i * 6)));
          this.log(`mcast_list set: ${macs.join(' ')}`);
        }
        if (!IOVARS_SET.has(name)) this.fatal(`iovar SET "${name}" is not modelled`);
        else this.setVar(name, val);
      } else {
        if (!IOVARS_GET.has(name)) this.fatal(`iovar GET "${name}" is not modelled`);
        else resp.set(this.getVar(name).subarray(0, len));
      }
    } else {
      const name = WLC[cmd];
      this.trace.push(`${name || 'ioctl ' + cmd}${set && len >= 4 ? ' ' + (le32(req, 0) | 0) : ''}${iface ? ' iface=' + iface : ''}`);
      const r = name ? this.ioctlCmd(cmd, req) : undefined;
      if (r === undefined) { this.fatal(`ioctl ${name || cmd} (${set ? 'SET' : 'GET'}) is not modelled (control frame ${Buffer.from(p.subarray(0, 24)).toString('hex')})`); status = -23; }
      else if (r) resp.set(r.subarray(0, len));
      else if (set) resp.set(req);
    }
    const out = new Uint8Array(16 + len);
    put32(out, 0, cmd); put32(out, 4, len);
    put32(out, 8, (id << 16) | (set ? 2 : 0) | (iface << 12) | (status ? 1 : 0)); put32(out, 12, status >>> 0);
    out.set(resp, 16);
    this.queueFrame(CH_CONTROL, out, 12); // header 12: the ioctl header is read as words
  }

  setVar(name, val) {
    this.iovars.set(name, Uint8Array.from(val));
    switch (name) {
      case 'clmload': this.clm += le32(val, 4); break;
      case 'cur_etheraddr': this.mac = Uint8Array.from(val.subarray(0, 6)); this.log(`MAC set to ${macStr(this.mac)}`); break;
      case 'bsscfg:event_msgs': this.eventMask = Uint8Array.from(val.subarray(4, 4 + 19)); break;
      case 'gpioout': {
        const mask = le32(val, 0), value = le32(val, 4);
        this.gpioOut = ((this.gpioOut & ~mask) | (value & mask)) >>> 0;
        this.log(`WL_GPIO out 0x${this.gpioOut.toString(16)} (bit 0: LED)`);
        break;
      }
      case 'escan': this.schedule(SCAN_NS, () => this.scanResults()); break;
      case 'join': this.fatal('join by BSSID is not modelled'); break;
    }
  }

  getVar(name) {
    const b = new Uint8Array(256);
    switch (name) {
      case 'cur_etheraddr': b.set(this.mac); return b;
      case 'clmver': b.set(Buffer.from('API: 12.2 Data: emulated CLM\0')); return b;
      case 'ccgpioin': put32(b, 0, this.gpioOut); return b; // WL_GPIO0 (LED) reads back what was driven
      case 'bss': return b;
      case 'clmload_status': return b; // 0: loaded
      default: return this.iovars.get(name) || b;
    }
  }

  // null: done, nothing to return; a buffer: the answer; undefined: not modelled
  ioctlCmd(cmd, req) {
    const b = new Uint8Array(64);
    switch (cmd) {
      case 2: this.up = true; return null;
      case 3: this.up = false; return null;
      case 20: case 22: case 64: case 86: case 108: case 110: case 142: return null;
      case 134: this.wsec = le32(req, 0); return null;
      case 165: this.wpaAuth = le32(req, 0); return null;
      case 268: this.pmk = Buffer.from(req.subarray(4, 4 + le16(req, 0))).toString('latin1'); return null;
      case 26: this.join(Buffer.from(req.subarray(4, 4 + Math.min(32, le32(req, 0)))).toString('latin1')); return null;
      case 52: this.disassociate(); return null;
      case 23: if (this.joined) b.set(this.joined.bssid); return b;
      case 63: case 85: return b;
      case 127: put32(b, 0, (this.joined ? this.joined.rssi : 0) >>> 0); return b;
      default: return undefined;
    }
  }

  // ---- the air ----
  ap(ssid) { return this.aps.find((a) => a.ssid === ssid); }

  join(ssid) {
    const secure = this.wsec !== 0 || this.wpaAuth !== 0;
    this.schedule(JOIN_NS, () => {
      const ap = this.ap(ssid);
      if (!ap || !ap.present) { this.event(EV.SET_SSID, { status: 3 }); this.log(`join "${ssid}": no such network`); return; }
      const addr = ap.bssid;
      if (!!ap.password !== secure) {
        // open network joined with a key, or the reverse: association refused
        this.event(EV.SET_SSID, { status: 1, addr });
        this.log(`join "${ssid}": security mismatch`);
        return;
      }
      this.event(EV.AUTH, { addr });
      this.event(EV.ASSOC, { addr });
      this.event(EV.LINK, { flags: 1, addr });
      this.event(EV.SET_SSID, { addr });
      if (secure && this.pmk !== ap.password) {
        this.log(`join "${ssid}": wrong key, 4-way handshake fails`);
        this.schedule(HANDSHAKE_FAIL_NS, () => this.event(EV.PSK_SUP, { status: WLC_SUP_WAIT_M3, addr }));
        return;
      }
      this.joined = ap;
      if (secure) this.event(EV.PSK_SUP, { status: WLC_SUP_KEYED, addr });
      this.log(`joined "${ssid}" (${secure ? 'WPA2' : 'open'})`);
    });
  }

  disassociate() {
    const ap = this.joined;
    if (!ap) return;
    this.joined = null;
    this.schedule(DISASSOC_NS, () => { this.event(EV.DISASSOC, { addr: ap.bssid }); this.event(EV.LINK, { flags: 0, addr: ap.bssid }); });
  }

  // an AP switched off (beacons lost: link down, disassociated) or back on
  setApPresent(ssid, present) {
    const ap = this.ap(ssid);
    if (!ap) throw new Error(`no AP "${ssid}" configured`);
    ap.present = present;
    this.log(`AP "${ssid}" ${present ? 'back on' : 'switched off'}`);
    if (!present && this.joined === ap) {
      this.joined = null;
      this.event(EV.LINK, { flags: 0, reason: 1, addr: ap.bssid });
      this.event(EV.DISASSOC, { reason: 4, addr: ap.bssid });
    }
  }

  scanResults() {
    for (const ap of this.aps) if (ap.present) this.event(EV.ESCAN_RESULT, { status: 8, data: scanResult(ap) });
    this.event(EV.ESCAN_RESULT, { status: 0 });
  }

  schedule(ns, fn) { if (this.opts.schedule) this.opts.schedule(ns, fn); else fn(); }

  event(type, { status = 0, reason = 0, flags = 0, addr = new Uint8Array(6), data = new Uint8Array(0) } = {}) {
    if (!(this.eventMask[type >> 3] & (1 << (type & 7)))) return;
    this.trace.push(`EVENT ${Object.keys(EV).find((k) => EV[k] === type)} status=${status} reason=${reason} flags=${flags}`);
    const msgLen = 48 + data.length;
    const p = new Uint8Array(4 + 14 + 10 + msgLen);
    p[0] = 0x20; // BDC header, version 2
    // Ethernet header to the host's MAC, type 0x886c (Broadcom event)
    p.set(this.mac, 4); p.set(addr, 10); put16be(p, 16, 0x886c);
    // bcmeth header: subtype 0x8001, length, version 0, OUI 00:10:18, user subtype 1
    put16be(p, 18, 0x8001); put16be(p, 20, 6 + msgLen); p[23] = 0x00; p[24] = 0x10; p[25] = 0x18; put16be(p, 26, 1);
    // wl_event_msg, big endian
    const e = 28;
    put16be(p, e, 2); put16be(p, e + 2, flags); put32be(p, e + 4, type); put32be(p, e + 8, status);
    put32be(p, e + 12, reason); put32be(p, e + 20, data.length); p.set(addr, e + 24);
    p.set(Buffer.from('wlan0'), e + 30);
    p.set(data, e + 48);
    // header length 14 puts the event body 2 bytes off a word, as
    // cyw43_ll_parse_async_event expects (it moves the body back 2 bytes)
    this.queueFrame(CH_EVENT, p, 14);
  }

  // ---- Ethernet ----
  hostEthernet(itf, frame) {
    if (itf !== 0) { this.fatal(`the host sent a frame on interface ${itf} (AP mode is not modelled)`); return; }
    if (!this.joined) { this.stats.ethDropped++; return; } // not associated: nowhere to send it
    this.stats.ethTx++;
    if (this.opts.onEthernet) this.opts.onEthernet(frame);
  }

  // a frame from the network for the host; false when not associated
  receiveEthernet(frame) {
    if (!this.joined) { this.stats.ethDropped++; return false; }
    const p = new Uint8Array(4 + frame.length);
    p[0] = 0x20;
    p.set(frame, 4);
    this.stats.ethRx++;
    this.queueFrame(CH_DATA, p, 14);
    return true;
  }

  changed() { if (this.onChange) this.onChange(); }
}

function swapHalves(d) {
  const o = new Uint8Array(d.length);
  for (let i = 0; i + 1 < d.length; i += 2) { o[i] = d[i + 1]; o[i + 1] = d[i]; }
  return o;
}

// wl_escan_result (buflen, version, sync_id, bss_count) + one wl_bss_info
function scanResult(ap) {
  const ies = new Uint8Array(ap.password ? 22 : 0);
  if (ap.password) { ies[0] = 48; ies[1] = 20; } // an RSN element: WPA2
  const bssLen = 128 + ies.length;
  const d = new Uint8Array(12 + bssLen);
  put32(d, 0, d.length); put32(d, 4, 109); put16(d, 8, 1); put16(d, 10, 1);
  const b = 12;
  put32(d, b, 109); put32(d, b + 4, bssLen); d.set(ap.bssid, b + 8);
  put16(d, b + 14, 100); put16(d, b + 16, ap.password ? 0x0011 : 0x0001); // beacon period, capability (privacy)
  d[b + 18] = ap.ssid.length; d.set(Buffer.from(ap.ssid, 'latin1'), b + 19);
  put16(d, b + 72, 0x1000 | ap.channel); // chanspec: 2.4 GHz, 20 MHz
  put16(d, b + 78, ap.rssi & 0xffff);
  put16(d, b + 116, 128); put32(d, b + 120, ies.length); // ie_offset, ie_length
  d.set(ies, b + 128);
  return d;
}
