// `npm run migrate`: Postgres and NATS up, database, every service's role and schema,
// and the migrations of every built service; then exit.
import { MESH } from './mesh';
import { ensureNats, ensurePostgres, findRepoRoot, stopEmbeddedPostgres } from './lib/infra';
import { prepareMesh } from './lib/mesh-setup';

const say = (msg: string) => process.stderr.write(`[migrate] ${msg}\n`);

async function main(): Promise<void> {
  const repoRoot = process.env.KESSAI_REPO_ROOT ?? findRepoRoot(__dirname);
  const adminUrl = await ensurePostgres({ repoRoot });
  const natsUrl = await ensureNats({ repoRoot });
  const dbName = process.env.KESSAI_DB_NAME ?? 'kessai';
  const result = await prepareMesh({
    repoRoot,
    mesh: MESH,
    adminUrl,
    natsUrl,
    dbName,
    kessaiEnv: 'development',
    subjectPrefix: process.env.KESSAI_SUBJECT_PREFIX,
    log: say,
  });
  const migrated = result.services.filter((s) => s.migrated).map((s) => s.service.name);
  const notBuilt = result.services.filter((s) => !s.hasMigrate).map((s) => s.service.name);
  say(`migrated: ${migrated.join(', ') || 'none'}`);
  if (notBuilt.length > 0) say(`not built (no dist/migrate.js): ${notBuilt.join(', ')}`);
  if (result.missing.length > 0) say(`no folder under services/: ${result.missing.join(', ')}`);
}

main()
  .then(async () => {
    await stopEmbeddedPostgres();
    process.exit(0);
  })
  .catch(async (err: unknown) => {
    process.stderr.write(`[migrate] failed: ${err instanceof Error ? err.message : String(err)}\n`);
    await stopEmbeddedPostgres();
    process.exit(1);
  });
