#!/usr/bin/env bash
# Regenerates packages/contracts/src/gen (ts-proto, grpc-js services) and the
# descriptor set the gRPC reflection service serves. Both are committed.
set -euo pipefail
cd "$(dirname "$0")/.."
npx --no-install buf lint
npx --no-install buf generate
npx --no-install buf build -o packages/contracts/descriptors.binpb
node scripts/contracts-index.js
