import type express from 'express';
import { isDomainError, Logger } from '@kessai/platform';
import type { BillingClient } from '../app/deps';

/**
 * The customer's payment slip: GET /slips/<token> → the A4 PDF. No API key:
 * the token is the secret (unguessable, 192 bits); it works while the bill is
 * payable, and answers the same 404 for a wrong, paid or past-due link.
 */
export function mountSlips(app: express.Express, billing: Pick<BillingClient, 'getSlip'>, logger: Logger): void {
  app.get('/slips/:token', (req, res) => {
    billing
      .getSlip({ token: String(req.params.token) })
      .then((r) => {
        res.status(200).setHeader('Content-Type', 'application/pdf');
        res.setHeader('Content-Disposition', `inline; filename="slip-${r.bill?.id ?? 'bill'}.pdf"`);
        res.setHeader('Referrer-Policy', 'no-referrer');
        res.send(Buffer.from(r.pdf));
      })
      .catch((err: unknown) => {
        const notFound = isDomainError(err) && err.kind === 'not_found';
        if (!notFound) logger.error({ err: String(err) }, 'slip failed');
        res.status(notFound ? 404 : 500).type('text/plain; charset=utf-8').send(notFound ? 'この払込票は見つからないか、お支払い期限を過ぎています。' : 'error');
      });
  });
}
