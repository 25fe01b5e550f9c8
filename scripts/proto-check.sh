#!/usr/bin/env bash
# CI: regenerate the contracts and fail if the committed code differs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/proto-generate.sh
if ! git diff --exit-code --stat -- packages/contracts proto; then
  echo "Generated contracts are stale: run 'npm run proto:generate' and commit the result." >&2
  exit 1
fi
untracked=$(git ls-files --others --exclude-standard -- packages/contracts)
if [ -n "$untracked" ]; then
  echo "Generated files not committed:" >&2; echo "$untracked" >&2; exit 1
fi
echo "contracts up to date"
