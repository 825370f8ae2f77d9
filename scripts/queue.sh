#!/usr/bin/env bash
# `npm run test:queue`: the queue-mode suite (test/queue/README.md): n8n main + 2 workers + Redis + PostgreSQL with
# the packed package. Works on a fresh clone and machine: scripts/e2e.sh installs the project's Node 24 + deps and
# builds; the suite installs PostgreSQL and Redis from the Debian packages when missing (as root).
#   npm run test:queue -- [--keep]        the suite
#   npm run bench:queue                   only the throughput rounds, written to bench/results.json + bench/README.md
exec env E2E_SUITE=test/queue/run.mjs bash "$(dirname "$0")/e2e.sh" "$@"
