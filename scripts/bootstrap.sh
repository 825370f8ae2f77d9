#!/usr/bin/env bash
# Installs the project's own toolchain on a fresh machine: Node 24 from the npm registry (the `node`
# devDependency) and the locked devDependencies. Idempotent and quick when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.bootstrap-lock
if [ -x node_modules/.bin/node ] && [ -f "$stamp" ] && cmp -s package-lock.json "$stamp"; then
	exit 0
fi
echo "bootstrap: installing Node 24 and the locked devDependencies..." >&2
# `npm install` with the committed lock installs exactly the locked versions. Not `npm ci`: the registry here lacks
# some other platforms' optional binaries (@unrs/resolver-binding-*), which npm leaves out of the lock and `npm ci`
# then reports as "missing from lock file". Install scripts stay off (see .npmrc); only the `node` package's
# installer is run afterwards.
# npm adds the other platforms' optional binaries it could not resolve back into the lock; the committed lock is
# what we install from, so it is put back unchanged afterwards.
lock_copy="$(mktemp)"
cp package-lock.json "$lock_copy"
trap 'cp "$lock_copy" package-lock.json; rm -f "$lock_copy"' EXIT
source scripts/progress.sh
with_progress "bootstrap: npm install" npx -y -p node@24 npm install --ignore-scripts --no-audit --no-fund --loglevel=error
with_progress "bootstrap: installing Node 24" npx -y -p node@24 npm rebuild node --ignore-scripts=false --loglevel=error
node_modules/.bin/node --version >&2
cp "$lock_copy" "$stamp"
