#!/usr/bin/env bash
# CI: render the Kessai service chart for every service × environment with the Go
# renderer (tools/chart-render: text/template + sprig + Helm's functions, built
# offline from Debian's packages) and validate everything (Kubernetes schemas,
# values.schema.json, platform rules, skaffold.yaml and deploy/ listing exactly the
# folders under services/).
# Usage: bash scripts/ci/charts.sh      (from anywhere; needs root only to apt-get install)
set -euo pipefail
cd "$(dirname "$0")/../.."
started=$(date +%s)

# 1. Go toolchain + sprig + yaml from Debian (no Go module downloads)
need=()
command -v go >/dev/null 2>&1 || need+=(golang-go)
[ -d /usr/share/gocode/src/github.com/Masterminds/sprig ] || need+=(golang-github-masterminds-sprig-dev)
[ -d /usr/share/gocode/src/gopkg.in/yaml.v3 ] || need+=(golang-gopkg-yaml.v3-dev)
if [ ${#need[@]} -gt 0 ]; then
  echo "charts: installing ${need[*]}"
  if [ "$(id -u)" -ne 0 ]; then echo "charts: need root to apt-get install ${need[*]}" >&2; exit 1; fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# 2. the renderer, GOPATH mode, offline
mkdir -p tools/chart-render/dist
( cd tools/chart-render && \
  GO111MODULE=off GOPROXY=off GOFLAGS= GOPATH=/usr/share/gocode \
  GOCACHE="${GOCACHE:-$PWD/dist/gocache}" \
  go build -o dist/chart-render . )
unformatted=$(gofmt -l tools/chart-render/*.go)
if [ -n "$unformatted" ]; then echo "charts: gofmt needed: $unformatted" >&2; exit 1; fi

# 3. the TypeScript check (its own small build; does not need the rest of the repo built)
npx --no-install tsc -b tools/chart-check
node tools/chart-check/dist/cli.js --root . --tag "$(git rev-parse --short=12 HEAD 2>/dev/null || echo 0000000)"

# 4. what a service image would contain (information; fails only on a dev dependency leak)
for s in $(ls services 2>/dev/null); do
  [ -d "services/$s" ] || continue
  node tools/chart-check/dist/cli.js image-contents --root . "$s" --json > "tools/chart-render/dist/image-$s.json"
  node -e 'const r=require(process.argv[1]); console.log(`charts: image ${r.service}: ${(r.shippedBytes/1048576).toFixed(1)} MB app layer, ${r.packages.length} packages`); if (r.devLeaks.length) { console.error("dev dependencies in the image: " + r.devLeaks.join(", ")); process.exit(1); }' "$PWD/tools/chart-render/dist/image-$s.json"
done
echo "charts: ok in $(( $(date +%s) - started )) s"
