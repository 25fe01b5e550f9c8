#!/usr/bin/env bash
# Fails when proto/ breaks a contract that has been released. The baseline is a
# recorded buf image of the released contracts (proto/releases/baseline.binpb),
# not main: CI's clone *is* main, so comparing against it could never fail.
# After a release, record the new baseline with: npm run proto:release
set -euo pipefail
cd "$(dirname "$0")/.."
against="${1:-proto/releases/baseline.binpb}"
npx --no-install buf breaking proto --against "$against"
