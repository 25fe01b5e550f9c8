/**
 * The address side of a Japanese postcard (通常はがき, 100 × 148 mm, portrait),
 * in millimetres from the top-left corner. The seven postal-code boxes sit at
 * the top right as on a government postcard (3 + 4 digits); the address is set
 * horizontally (横書き) below them, the recipient's name with 様 in the centre,
 * the sender at the bottom. The message side: the text, the one-time code in
 * its box with the registration link beside it as a QR code, the link in print
 * below (docs/reference/remittance.md#outreach).
 */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export const POSTCARD_MM = { width: 100, height: 148 } as const;
export const MM_TO_PT = 72 / 25.4;

const CODE_Y = 12;
const CODE_W = 5.7;
const CODE_H = 8;
/** left edges of the seven postal-code boxes */
const CODE_X = [44.0, 51.0, 58.0, 65.8, 72.6, 79.4, 86.2];

export const POSTCARD_LAYOUT = {
  postalCodeBoxes: CODE_X.map((x) => ({ x, y: CODE_Y, w: CODE_W, h: CODE_H })) as Box[],
  address: { x: 14, y: 28, w: 76, h: 30 } as Box,
  name: { x: 10, y: 64, w: 80, h: 24 } as Box,
  sender: { x: 10, y: 124, w: 80, h: 16 } as Box,
  /** message side */
  message: { x: 10, y: 12, w: 80, h: 84 } as Box,
  code: { x: 10, y: 100, w: 55, h: 18 } as Box,
  /** the link as a QR code (its quiet zone included), beside the code */
  qr: { x: 68, y: 98, w: 22, h: 22 } as Box,
  link: { x: 10, y: 122, w: 80, h: 14 } as Box,
} as const;

export function ptBox(b: Box): Box {
  return { x: b.x * MM_TO_PT, y: b.y * MM_TO_PT, w: b.w * MM_TO_PT, h: b.h * MM_TO_PT };
}

/** The recipient's name as printed: full-width space kept, 様 appended. */
export function addressee(name: string): string {
  return `${name.trim()} 様`;
}

/** The address lines: prefecture + city, street, building. */
export function addressLines(a: { prefecture: string; city: string; line1: string; line2: string }): string[] {
  return [`${a.prefecture}${a.city}`, a.line1, a.line2].map((s) => s.trim()).filter((s) => s !== '');
}
