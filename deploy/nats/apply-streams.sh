#!/usr/bin/env bash
# Creates or updates Kessai's JetStream streams from deploy/nats/streams/*.json.
#   deploy/nats/apply-streams.sh [--replicas N] [--prefix PREFIX]
# Needs the `nats` CLI and a context pointing at the cluster (nats context select).
# Production: 3 replicas (the files' default). dev: --replicas 1.
# --prefix P. (with the trailing dot, like KESSAI_SUBJECT_PREFIX) prepends it to
# every subject and "P_" to every stream name. Check the stream naming against the
# platform's messaging code before using a prefix in a shared cluster.
# Services also create their own stream at start when it is missing; this script
# is how an operator sets the intended limits and replicas up front.
set -euo pipefail
replicas="" prefix=""
while [ $# -gt 0 ]; do
  case "$1" in
    --replicas) replicas="$2"; shift 2 ;;
    --prefix) prefix="$2"; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
dir="$(cd "$(dirname "$0")" && pwd)/streams"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
for f in "$dir"/*.json; do
  node -e '
    const [file, replicas, prefix] = process.argv.slice(1);
    const s = JSON.parse(require("fs").readFileSync(file, "utf8"));
    if (replicas) s.num_replicas = Number(replicas);
    if (prefix) { s.name = prefix.replace(/\.$/, "").toUpperCase().replace(/[^A-Z0-9]/g, "_") + "_" + s.name; s.subjects = s.subjects.map((x) => prefix + x); }
    process.stdout.write(JSON.stringify(s));
  ' "$f" "$replicas" "$prefix" > "$tmp/s.json"
  name="$(node -p 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).name' "$tmp/s.json")"
  if nats stream info "$name" >/dev/null 2>&1; then
    nats stream edit "$name" --config "$tmp/s.json" --force
  else
    nats stream add "$name" --config "$tmp/s.json"
  fi
done
