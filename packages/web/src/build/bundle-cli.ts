import { DEFAULT_ASSET_DIR } from '../assets';
import { bundleAssets } from './bundle';

// `npm run bundle -w @kessai/web` (after tsc): writes dist/assets.
bundleAssets(DEFAULT_ASSET_DIR).then(
  (manifest) => console.log(`web assets: ${Object.values(manifest).join(', ')}`),
  (err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  },
);
