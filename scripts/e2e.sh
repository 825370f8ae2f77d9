#!/usr/bin/env bash
# `npm run test:e2e`: the end-to-end suite in a real n8n (see test/e2e/README.md). Works on a fresh clone with the
# system Node 20: installs the project's Node 24 + deps first, builds, then runs test/e2e/run.mjs with Node 24.
#   npm run test:e2e -- [--no-trigger] [--no-editor] [--keep]
# E2E_SUITE=test/queue/run.mjs runs the queue-mode suite the same way (scripts/queue.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export PATH="$PWD/node_modules/.bin:$PATH"
suite="${E2E_SUITE:-test/e2e/run.mjs}"
echo "$(basename "$(dirname "$suite")"): building the package..." >&2
# n8n-node build reports a failing tsc on stdout: show it only when the build fails.
if ! build_log="$(npm run --silent build 2>&1)"; then
	printf '%s\n' "$build_log" >&2
	exit 1
fi
exec node "$suite" "$@"
