#!/usr/bin/env bash
# The project's test command (`npm test`, called by .ci/run): installs its own toolchain, then runs every check
# and suite. Set QUICK=1 to skip the end-to-end run in real n8n.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export PATH="$PWD/node_modules/.bin:$PATH"
export N8N_DIAGNOSTICS_ENABLED=false

step() { printf '\n=== %s\n' "$*"; }
step "lint (n8n community-node rules)"; npm run --silent lint
step "typecheck (sources and tests)"; npm run --silent typecheck
step "build"; npm run --silent build
step "package scan (offline @n8n/scan-community-package equivalent)"; node scripts/scan-package.mjs
step "unit and simulator tests"; vitest run
if [ -f package.json ] && node -e 'process.exit(require("./package.json").scripts["test:reliability"] ? 0 : 1)'; then
	step "reliability suite"; npm run --silent test:reliability
fi
if [ "${QUICK:-0}" != "1" ] && node -e 'process.exit(require("./package.json").scripts["test:e2e"] ? 0 : 1)'; then
	step "end-to-end in real n8n"; npm run --silent test:e2e
fi
