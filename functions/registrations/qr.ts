import { create } from 'qrcode/lib/core/qrcode.js';
import { render } from 'qrcode/lib/renderer/svg-tag.js';

/**
 * The check-in code as an SVG QR code: dark on light, a quiet zone, readable by phone cameras.
 * Encoded and drawn by `qrcode`'s own parts (qrcode-parts.d.ts), without its PNG renderer.
 */
export function checkInQrSvg(code: string): string {
  return render(create(code, { errorCorrectionLevel: 'M' }), { margin: 2 });
}
