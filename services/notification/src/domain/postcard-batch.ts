/** A batch of postcards handed to the print vendor as one PDF and one CSV manifest. */
export interface BatchView {
  id: string;
  livemode: boolean;
  postcardCount: number;
  pdfName: string;
  manifestName: string;
  createdAt: Date;
}
