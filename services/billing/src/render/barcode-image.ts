import bwipjs from 'bwip-js';

/**
 * The slip's GS1-128 (AI 91) barcode as an SVG for the hosted payment page:
 * white background and quiet zone, so a till scanner reads it off a phone screen.
 */
export function slipBarcodeSvg(data: string): string {
  return bwipjs.toSVG({
    bcid: 'gs1-128',
    text: `(${data.slice(0, 2)})${data.slice(2)}`,
    scale: 2,
    height: 12,
    includetext: false,
    paddingwidth: 10,
    paddingheight: 4,
    backgroundcolor: 'FFFFFF',
  });
}

/** A customer number as a Code 128 PNG (the customer-number card). */
export function customerNumberPng(number: string): Promise<Buffer> {
  return bwipjs.toBuffer({ bcid: 'code128', text: number, scale: 3, height: 10, includetext: false, paddingwidth: 10, paddingheight: 4, backgroundcolor: 'FFFFFF' });
}
