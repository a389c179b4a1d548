import QRCode from 'qrcode';

/** The check-in code as an SVG QR code: dark on light, a quiet zone, readable by phone cameras. */
export function checkInQrSvg(code: string): Promise<string> {
  return QRCode.toString(code, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}
