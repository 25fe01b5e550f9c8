// The import rules of a Kessai service (domain → app → adapters), checked by
// `npm run lint` (npm run lint:imports). Type-only imports count; so do tests' imports
// for the cycle rule. Paths are relative to the folder depcruise runs in: the repository
// root for the lint, a fixture under tools/import-rules/fixtures for the rules' own test,
// which proves each rule fails when broken.

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'domain/ imports nothing from its own service’s app/, db/, grpc/, http/, events/ or clients/ (types included)',
      severity: 'error',
      from: { path: '^services/([^/]+)/src/domain/' },
      to: { path: '^services/$1/src/(app|db|grpc|http|events|clients)/' },
    },
    {
      name: 'app-imports-no-adapter',
      comment: 'app/ may import domain/, db/ and clients/, never the grpc/, http/ or events/ adapters that call it',
      severity: 'error',
      from: { path: '^services/([^/]+)/src/app/' },
      to: { path: '^services/$1/src/(grpc|http|events)/' },
    },
    {
      name: 'handlers-go-through-app',
      comment: 'grpc/, http/ and events/ import app/ and domain/ only: never db/ or clients/ (a row type a handler needs becomes an app-level type)',
      severity: 'error',
      from: { path: '^services/([^/]+)/src/(grpc|http|events)/' },
      to: { path: '^services/$1/src/(db|clients)/' },
    },
    {
      name: 'no-import-cycles',
      comment: 'no module reaches itself through its imports',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    // type-only imports are dependencies too
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules|coverage)/' },
    // other workspaces (@kessai/*) are packages: their inside is cruised on its own
    preserveSymlinks: false,
    reporterOptions: { text: { highlightFocused: true } },
  },
};
