// Draws the app's two icons and writes them beside the manifest:
//   npx tsx manifest/icons.ts
// color.png (192×192): a white « J » and an amber milestone diamond on the accent colour,
// the symbol in the central 96×96 as Teams asks; outline.png (32×32): the same motif,
// white on transparent. The PNG encoder is the few lines the format needs (signature,
// IHDR, IDAT through node:zlib, IEND, each chunk with its CRC-32), so the icons are
// rebuilt from this file alone, byte for byte (a test checks that).
import { writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { deflateSync } from 'node:zlib';

export const ACCENT = '#1B5E9E';
const ACCENT_RGB = [0x1b, 0x5e, 0x9e] as const;
const MILESTONE_RGB = [0xf2, 0xb1, 0x34] as const;
const WHITE = [0xff, 0xff, 0xff] as const;

// ───────────────────────── PNG ─────────────────────────

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  Buffer.from(data).copy(out, 8);
  // The CRC covers the type and the data, not the length.
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** An 8-bit RGBA PNG of `rgba` (width × height × 4 bytes, rows top to bottom). */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  if (rgba.length !== width * height * 4) throw new Error(`encodePng : ${rgba.length} octets pour ${width}×${height}`);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type: RGBA
  ihdr[10] = 0; // deflate
  ihdr[11] = 0; // adaptive filtering
  ihdr[12] = 0; // no interlace
  // Each scanline starts with its filter type; 0 (none) is enough for flat icons.
  const raw = Buffer.alloc(height * (1 + width * 4));
  for (let y = 0; y < height; y++) {
    raw[y * (1 + width * 4)] = 0;
    Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(raw, y * (1 + width * 4) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

// ───────────────────────── the motif ─────────────────────────

type Part = 'j' | 'milestone' | null;

/** What covers the point (x, y) of the unit square: the « J », the milestone diamond, or nothing. */
export function motif(x: number, y: number): Part {
  // The J: a stem, then a half ring for its hook, whose inner edge meets the stem's.
  if (x >= 0.56 && x <= 0.76 && y >= 0.06 && y <= 0.62) return 'j';
  if (y >= 0.62) {
    const d = Math.hypot(x - 0.43, y - 0.62);
    if (d >= 0.13 && d <= 0.33) return 'j';
  }
  // The milestone: a diamond, as on a Gantt chart.
  if (Math.abs(x - 0.25) + Math.abs(y - 0.26) <= 0.17) return 'milestone';
  return null;
}

const SAMPLES = 4;

/**
 * Draws the motif into a size × size image, within the square [offset, offset + box),
 * anti-aliased by SAMPLES² samples a pixel, over `background` (null: transparent).
 */
function draw(
  size: number,
  offset: number,
  box: number,
  colours: Record<'j' | 'milestone', readonly [number, number, number]>,
  background: readonly [number, number, number] | null,
): Buffer {
  const rgba = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const x = (px + (sx + 0.5) / SAMPLES - offset) / box;
          const y = (py + (sy + 0.5) / SAMPLES - offset) / box;
          const part = x >= 0 && x < 1 && y >= 0 && y < 1 ? motif(x, y) : null;
          const c = part ? colours[part] : background;
          if (!c) continue;
          r += c[0];
          g += c[1];
          b += c[2];
          a += 1;
        }
      }
      const i = (py * size + px) * 4;
      // Colour averaged over the covered samples (straight, not premultiplied, alpha).
      if (a > 0) {
        rgba[i] = Math.round(r / a);
        rgba[i + 1] = Math.round(g / a);
        rgba[i + 2] = Math.round(b / a);
      }
      rgba[i + 3] = Math.round((255 * a) / (SAMPLES * SAMPLES));
    }
  }
  return encodePng(size, size, rgba);
}

/** 192×192, the symbol in the central 96×96 (48 pixels of padding, as Teams asks). */
export const colorIcon = () => draw(192, 48, 96, { j: WHITE, milestone: MILESTONE_RGB }, ACCENT_RGB);

/** 32×32, white on transparent. */
export const outlineIcon = () => draw(32, 1, 30, { j: WHITE, milestone: WHITE }, null);

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dir = fileURLToPath(new URL('.', import.meta.url));
  writeFileSync(`${dir}color.png`, colorIcon());
  writeFileSync(`${dir}outline.png`, outlineIcon());
  process.stdout.write(`Icônes écrites dans ${dir} : color.png (192×192), outline.png (32×32)\n`);
}
