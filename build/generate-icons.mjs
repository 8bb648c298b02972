// Generates the app and tray icons as small PNG files (no image tools needed): `node build/generate-icons.mjs`.
// icon.png: 512×512 app icon (electron-builder derives the Windows .ico and Linux sizes from it).
// tray/tray-<health>.png: 32×32 tray icons, one colour per sync health.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const here = path.dirname(fileURLToPath(import.meta.url));

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}
/** pixel(x, y) → [r, g, b, a] */
function png(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel(x + 0.5, y + 0.5);
      raw.set([r, g, b, a], y * (size * 4 + 1) + 1 + x * 4);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A filled disc with a white ring broken twice (a "sync" circle), anti-aliased at the outer edge. */
function badge(size, [r, g, b]) {
  const c = size / 2;
  return png(size, (x, y) => {
    const d = Math.hypot(x - c, y - c) / c;
    const edge = Math.max(0, Math.min(1, (0.96 - d) * size * 0.5));
    const angle = Math.atan2(y - c, x - c);
    const gap = Math.abs(angle + Math.PI / 4) < 0.35 || Math.abs(angle - (3 * Math.PI) / 4) < 0.35;
    const inRing = d > 0.42 && d < 0.6 && !gap;
    return inRing ? [255, 255, 255, Math.round(edge * 255)] : [r, g, b, Math.round(edge * 255)];
  });
}

const TRAY = {
  'in-sync': [46, 160, 67],
  syncing: [31, 111, 235],
  attention: [219, 109, 40],
  offline: [110, 118, 129],
};

mkdirSync(path.join(here, 'tray'), { recursive: true });
writeFileSync(path.join(here, 'icon.png'), badge(512, [31, 111, 235]));
for (const [health, colour] of Object.entries(TRAY)) {
  writeFileSync(path.join(here, 'tray', `tray-${health}.png`), badge(32, colour));
}
console.log('icons written to', here);
