// Draws icon.png (128×128) and logo.png (250×100) procedurally (no image tools needed) and writes
// them as PNG with node:zlib. Run once after changing the artwork: `node scripts/make-icons.mjs`.
import { writeFileSync } from "node:fs";
import { deflateSync } from "node:zlib";

const SS = 4; // supersampling per axis for smooth edges

function crc32(buf) {
  let c, crc = 0xffffffff;
  for (let n = 0; n < buf.length; n++) {
    c = (crc ^ buf[n]) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

function png(w, h, shade) {
  const raw = Buffer.alloc((w * 4 + 1) * h);
  for (let y = 0; y < h; y++) {
    raw[y * (w * 4 + 1)] = 0;
    for (let x = 0; x < w; x++) {
      const acc = [0, 0, 0, 0];
      for (let sy = 0; sy < SS; sy++) for (let sx = 0; sx < SS; sx++) {
        const [r, g, b, a] = shade(x + (sx + 0.5) / SS, y + (sy + 0.5) / SS);
        acc[0] += r * a; acc[1] += g * a; acc[2] += b * a; acc[3] += a;
      }
      const o = y * (w * 4 + 1) + 1 + x * 4;
      const a = acc[3] / (SS * SS);
      raw[o] = acc[3] ? Math.round(acc[0] / acc[3]) : 0;
      raw[o + 1] = acc[3] ? Math.round(acc[1] / acc[3]) : 0;
      raw[o + 2] = acc[3] ? Math.round(acc[2] / acc[3]) : 0;
      raw[o + 3] = Math.round(a * 255);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; ihdr[9] = 6; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk("IHDR", ihdr), chunk("IDAT", deflateSync(raw, { level: 9 })), chunk("IEND", Buffer.alloc(0))]);
}

const SUN = [255, 167, 38, 1];
const RAY = [255, 193, 7, 1];
const BAT = [67, 160, 71, 1];
const BAT_DARK = [46, 125, 50, 1];
const NONE = [0, 0, 0, 0];

// A sun (disc + 8 rays) centred at (cx, cy) with radius r, and a battery with charge arrow.
function scene(cx, cy, r, bx, by, bw, bh) {
  return (x, y) => {
    const dx = x - cx, dy = y - cy, d = Math.hypot(dx, dy);
    if (x >= bx && x <= bx + bw && y >= by && y <= by + bh) {
      const inner = x > bx + bw * 0.12 && x < bx + bw * 0.88 && y > by + bh * 0.1 && y < by + bh * 0.9;
      const level = y > by + bh * 0.45;
      return inner ? (level ? BAT : [255, 255, 255, 1]) : BAT_DARK;
    }
    if (x >= bx + bw * 0.3 && x <= bx + bw * 0.7 && y >= by - bh * 0.08 && y < by) return BAT_DARK;
    if (d <= r) return SUN;
    const ang = Math.atan2(dy, dx);
    const near = Math.abs(((ang / (Math.PI / 4)) % 1 + 1) % 1 - 0.5) > 0.38;
    if (d > r * 1.25 && d < r * 1.75 && near) return RAY;
    return NONE;
  };
}

writeFileSync("icon.png", png(128, 128, scene(54, 54, 26, 78, 62, 36, 56)));
writeFileSync("logo.png", png(250, 100, scene(50, 50, 22, 180, 22, 34, 58)));
