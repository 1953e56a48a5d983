/** The enrolment QR code an authenticator app scans: an SVG image as a data URL (no external requests). */
import QRCode from 'qrcode';

export async function totpQrCodeDataUrl(otpauthUri: string): Promise<string> {
  const svg = await QRCode.toString(otpauthUri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}
