#!/usr/bin/env bash
# `npm run dev` (and `npm run dev:sandbox` = `npm run dev -- --sandbox`): a local n8n with this package, rebuilt and
# hot-reloaded on every change. Works on a fresh clone with the system Node 20: installs the project's Node 24 and
# devDependencies first (scripts/bootstrap.sh), then runs scripts/dev.mjs with node_modules/.bin first in PATH.
#   npm run dev -- [--sandbox [--reset]] [--port 5678] [--fresh]      (npm run dev:sandbox -- --reset)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export PATH="$PWD/node_modules/.bin:$PATH"
exec node scripts/dev.mjs "$@"
