#!/usr/bin/env bash
# The project's test command (`npm test`, called by .ci/run): installs its own toolchain, then runs every check
# and suite. Set QUICK=1 to skip the end-to-end and queue-mode runs in real n8n.
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
reports="$PWD/test-artifacts"
mkdir -p "$reports"
rm -f "$reports"/unit.json "$reports"/reliability.json "$reports"/e2e.log "$reports"/queue.log
step "unit and simulator tests"; vitest run --reporter=default --reporter=json --outputFile="$reports/unit.json"
step "reliability suite"; CR_TEST_REPORT="$reports/reliability.json" npm run --silent test:reliability
if [ "${QUICK:-0}" != "1" ]; then
	# Both real-n8n suites run even if the first fails; their failures are counted (and fail the run) below.
	step "end-to-end in real n8n"; npm run --silent test:e2e 2>&1 | tee "$reports/e2e.log" || true
	step "queue mode in real n8n (main + 2 workers, Redis, PostgreSQL)"; npm run --silent test:queue 2>&1 | tee "$reports/queue.log" || true
fi
# One closing line for all suites (unit and reliability failures already stopped this script above).
node -e '
const fs = require("fs");
let passed = 0, failed = 0;
for (const f of ["unit.json", "reliability.json"]) {
	const r = JSON.parse(fs.readFileSync(process.argv[1] + "/" + f, "utf8"));
	passed += r.numPassedTests; failed += r.numFailedTests;
}
for (const suite of ["e2e", "queue"]) {
	const log = process.argv[1] + "/" + suite + ".log";
	if (!fs.existsSync(log)) continue;
	const m = new RegExp("^" + suite + ": (\\d+) passed, (\\d+) failed", "m").exec(fs.readFileSync(log, "utf8"));
	if (!m) { console.error("no " + suite + " summary line"); process.exit(1); }
	passed += Number(m[1]); failed += Number(m[2]);
}
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
' "$reports"
