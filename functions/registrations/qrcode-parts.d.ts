/**
 * The two parts of `qrcode` the check-in code needs, by path: its package entry also loads the
 * PNG renderer (pngjs), which no answer here uses.
 */
declare module 'qrcode/lib/core/qrcode.js' {
  export { create } from 'qrcode';
}

declare module 'qrcode/lib/renderer/svg-tag.js' {
  import type { QRCode, QRCodeRenderersOptions } from 'qrcode';
  export function render(qrData: QRCode, options?: QRCodeRenderersOptions): string;
}
