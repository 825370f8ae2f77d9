#!/usr/bin/env bash
# Installs the project's own toolchain on a fresh machine: Node 24 from the npm registry (the `node`
# devDependency) and the locked devDependencies. Idempotent and quick when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.bootstrap-lock
if [ -x node_modules/.bin/node ] && [ -f "$stamp" ] && cmp -s package-lock.json "$stamp"; then
	exit 0
fi
echo "bootstrap: installing Node 24 and the devDependencies (npm ci)..." >&2
# Install scripts stay off (see .npmrc); only the `node` package's own installer is run afterwards.
npx -y -p node@24 npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
npx -y -p node@24 npm rebuild node --ignore-scripts=false --loglevel=error
node_modules/.bin/node --version >&2
cp package-lock.json "$stamp"
