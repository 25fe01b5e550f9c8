import express from 'express';
import path from 'node:path';

/**
 * Interactive docs at /docs: Swagger UI, every asset served by the gateway
 * itself (no CDN), pointed at /openapi.json. No inline script, so the page
 * runs under a strict Content-Security-Policy.
 */
const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Kessai API</title>
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
  <link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/docs/init.js"></script>
</body>
</html>`;

const INIT = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true, tryItOutEnabled: false, validatorUrl: null });`;

const CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self'; frame-ancestors 'none'";

export function mountDocs(app: express.Express): void {
  const assets = path.dirname(require.resolve('swagger-ui-dist/package.json'));
  const csp = (_req: express.Request, res: express.Response, next: express.NextFunction) => {
    res.setHeader('Content-Security-Policy', CSP);
    res.setHeader('Cache-Control', 'public, max-age=300');
    next();
  };
  app.get(['/docs', '/docs/'], csp, (_req, res) => void res.type('html').send(PAGE));
  app.get('/docs/init.js', csp, (_req, res) => void res.type('application/javascript').send(INIT));
  app.use('/docs/assets', csp, express.static(assets, { index: false, fallthrough: false }));
}
