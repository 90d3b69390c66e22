/**
 * Renders build/icon.svg into what each installer needs, with Chromium (playwright-core):
 *
 *   build/icon.png            512x512, the reference icon
 *   build/icons/NxN.png       16…512, the Linux icon set (AppImage and deb)
 *   build/icon.ico            16…256, PNG-compressed entries (Windows Vista and later)
 *   build/icon.icns           16…1024 (with @2x), PNG entries, on Apple's grid (a smaller tile
 *                             with a margin, like every other icon in the Dock)
 *
 * Run after changing the SVG: `npx tsx scripts/make-icons.ts`, then commit the outputs. The
 * browser is /usr/bin/chromium or CHROMIUM_PATH.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Page } from 'playwright-core';

const ROOT = resolve(import.meta.dirname, '..');
const BUILD = join(ROOT, 'build');
const LINUX_SIZES = [16, 32, 48, 64, 128, 256, 512];
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
/** ICNS entry types holding PNG data, and their pixel sizes. */
const ICNS_TYPES: ReadonlyArray<readonly [string, number]> = [
  ['icp4', 16],
  ['icp5', 32],
  ['ic11', 32],
  ['icp6', 64],
  ['ic12', 64],
  ['ic07', 128],
  ['ic13', 256],
  ['ic08', 256],
  ['ic14', 512],
  ['ic09', 512],
  ['ic10', 1024],
];
/** Apple's macOS icon grid: an 824-point tile centred on the 1024-point canvas. */
const MAC_TILE_SCALE = 824 / 960;

async function render(page: Page, svg: string, size: number, scale = 1): Promise<Buffer> {
  await page.setViewportSize({ width: size, height: size });
  const inner = svg.replace(/<svg\b[^>]*>/, '').replace(/<\/svg>\s*$/, '');
  const transform =
    scale === 1 ? '' : `transform="translate(512 512) scale(${scale}) translate(-512 -512)"`;
  await page.setContent(
    `<!doctype html><html><body style="margin:0;background:transparent">` +
      `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1024 1024" width="${size}" height="${size}" style="display:block">` +
      `<g ${transform}>${inner}</g></svg></body></html>`,
  );
  return page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
}

/** ICO with PNG entries: ICONDIR, one ICONDIRENTRY per image, then the images. */
export function buildIco(images: ReadonlyArray<{ size: number; png: Buffer }>): Buffer {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, png }, i) => {
    const entry = 6 + 16 * i;
    header.writeUInt8(size >= 256 ? 0 : size, entry);
    header.writeUInt8(size >= 256 ? 0 : size, entry + 1);
    header.writeUInt8(0, entry + 2);
    header.writeUInt8(0, entry + 3);
    header.writeUInt16LE(1, entry + 4);
    header.writeUInt16LE(32, entry + 6);
    header.writeUInt32LE(png.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...images.map((image) => image.png)]);
}

/** ICNS: "icns", total length, then (type, length, data) per entry, big-endian. */
export function buildIcns(entries: ReadonlyArray<{ type: string; png: Buffer }>): Buffer {
  const chunks = entries.map(({ type, png }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const body = Buffer.concat(chunks);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}

async function main(): Promise<void> {
  const svg = await readFile(join(BUILD, 'icon.svg'), 'utf8');
  const profile = await mkdtemp(join(tmpdir(), 'obyte-icons-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    headless: true,
    deviceScaleFactor: 1,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const cache = new Map<string, Buffer>();
    const png = async (size: number, scale = 1): Promise<Buffer> => {
      const key = `${size}@${scale}`;
      const hit = cache.get(key);
      if (hit) return hit;
      const image = await render(page, svg, size, scale);
      cache.set(key, image);
      return image;
    };

    await writeFile(join(BUILD, 'icon.png'), await png(512));
    await mkdir(join(BUILD, 'icons'), { recursive: true });
    for (const size of LINUX_SIZES) {
      await writeFile(join(BUILD, 'icons', `${size}x${size}.png`), await png(size));
    }
    const ico: Array<{ size: number; png: Buffer }> = [];
    for (const size of ICO_SIZES) ico.push({ size, png: await png(size) });
    await writeFile(join(BUILD, 'icon.ico'), buildIco(ico));
    const icns: Array<{ type: string; png: Buffer }> = [];
    for (const [type, size] of ICNS_TYPES) {
      icns.push({ type, png: await png(size, MAC_TILE_SCALE) });
    }
    await writeFile(join(BUILD, 'icon.icns'), buildIcns(icns));
    console.log('Wrote build/icon.png, build/icons/*.png, build/icon.ico, build/icon.icns');
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  await main();
}
