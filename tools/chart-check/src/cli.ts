#!/usr/bin/env node
import { resolve } from 'node:path';
import { checkAll } from './check';
import { imageContents, formatImageContents } from './image-contents';
import { ensureRenderer } from './renderer';

/**
 * kessai-chart-check [--root DIR] [--tag TAG]   render + validate every service × environment
 * kessai-chart-check image-contents <service>... [--root DIR] [--json]
 */
function main(argv: string[]): number {
  const flag = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const root = resolve(flag('--root') ?? process.cwd());
  if (argv[0] === 'image-contents') {
    const services = argv.slice(1).filter((a, i, all) => !a.startsWith('--') && all[i - 1] !== '--root');
    for (const s of services) {
      const report = imageContents(root, s);
      console.log(argv.includes('--json') ? JSON.stringify(report, null, 2) : formatImageContents(report));
    }
    return 0;
  }
  const renderer = ensureRenderer(root);
  if (!renderer) {
    console.error('chart-check: Go is not installed (apt-get install golang-go golang-github-masterminds-sprig-dev golang-gopkg-yaml.v3-dev)');
    return 2;
  }
  const started = Date.now();
  const report = checkAll({ root, renderer, tag: flag('--tag') });
  for (const f of report.findings) console.error(`✗ [${f.rule}] ${f.where}: ${f.message}`);
  if (report.serviceConfig) {
    const { checked, skipped } = report.serviceConfig;
    console.log(`chart-check: service config loaders run for ${checked.join(', ') || 'no service'}${skipped.length ? `; skipped ${skipped.join(', ')} (no src/main.ts yet)` : ''}`);
  }
  const summary = `${report.releases} releases, ${report.objects} objects rendered and validated in ${Date.now() - started} ms`;
  if (report.findings.length > 0) {
    console.error(`chart-check: ${report.findings.length} problem(s); ${summary}`);
    return 1;
  }
  console.log(`chart-check: ok — ${summary}`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
