import QRCode from 'qrcode';
import { SafeHtml } from './html.ts';

/**
 * A QR code as an inline SVG element, for the TOTP set-up page. The SVG draws with presentation
 * attributes (fill, stroke) only, which the pages' Content-Security-Policy allows: no inline style
 * attribute and no data: image.
 */
export async function qrCodeSvg(text: string): Promise<SafeHtml> {
  const svg = await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, width: 200 });
  return new SafeHtml(svg.trim().replace(/^<svg /, '<svg role="img" aria-label="QR code for your authenticator app" '));
}
