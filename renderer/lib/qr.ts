/**
 * A QR code as one SVG path (dark modules), drawn by the page itself: no inline script, no
 * data: image, nothing the CSP would have to allow. Pure.
 */
import qrcode from 'qrcode-generator';

export interface QrShape {
  /** Modules per side, without the quiet zone. */
  readonly size: number;
  /** An SVG path in module units, offset by the 4-module quiet zone. */
  readonly path: string;
}

export const QUIET_ZONE = 4;

export function qrShape(text: string): QrShape {
  const qr = qrcode(0, 'M');
  qr.addData(text);
  qr.make();
  const size = qr.getModuleCount();
  const parts: string[] = [];
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      if (qr.isDark(row, col)) parts.push(`M${col + QUIET_ZONE} ${row + QUIET_ZONE}h1v1h-1z`);
    }
  }
  return { size, path: parts.join('') };
}

/** "ABCD EFGH …": an address in groups of four for reading aloud and comparing. */
export function groups(text: string, size = 4): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}
