# Shared by run-lab.sh and test.sh: where things live, and building the
# JupyterLab app and the browser-test packages only when their inputs change.
#
# npm packages can contain .go files, so node_modules and the build output
# must stay outside the Go module (else `go vet ./...` walks into them). They
# go to a cache directory keyed by a hash of their inputs:
#
#   $GOGRAD_LAB_CACHE/npm-<hash of package.json + lock>/node_modules
#   $GOGRAD_LAB_CACHE/npm-<...>/build-<hash of all app sources>/{static,schemas,themes}
#   $GOGRAD_LAB_CACHE/e2e-<hash of e2e package.json + lock>/node_modules
#
# A second run with the same inputs skips npm and webpack. Each step writes
# into a temporary directory and renames it when done, so an interrupted run
# never leaves a half-built directory that looks finished.

LAB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$LAB_DIR/../.." && pwd)
GOGRAD_LAB_CACHE=${GOGRAD_LAB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gograd-lab}
# Debian's Python has jupyter_server and jupyterlab_server; a pyenv or venv
# python3 first on PATH usually does not.
PYTHON=${GOGRAD_PYTHON:-/usr/bin/python3}

log() { printf '[gograd-lab] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

hash_files() { cat "$@" | sha256sum | cut -c1-16; }

# Files whose change means a new webpack build.
app_sources() {
	(cd "$LAB_DIR/app" && printf '%s\n' package.json package-lock.json webpack.config.js index.js templates/index.html)
}

# npm_ci DIR: install DIR's lockfile into DIR/node_modules unless present.
npm_ci() {
	local dir=$1
	if [ -f "$dir/node_modules/.gograd-complete" ]; then
		log "npm: reusing $dir/node_modules"
		return 0
	fi
	command -v npm >/dev/null || die "npm not found (Debian: apt-get install npm)"
	log "npm: installing into $dir (first run; about 2 minutes)"
	rm -rf "$dir/node_modules"
	# --ignore-scripts: nothing we use needs an install script, and it keeps
	# a compromised package from running code at install time.
	(cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) >&2 ||
		die "npm ci failed in $dir"
	touch "$dir/node_modules/.gograd-complete"
}

# ensure_lab_build: sets LAB_BUILD to a finished build directory.
ensure_lab_build() {
	local npm_hash build_hash npm_dir tmp
	npm_hash=$(hash_files "$LAB_DIR/app/package.json" "$LAB_DIR/app/package-lock.json")
	build_hash=$(cd "$LAB_DIR/app" && hash_files $(app_sources))
	npm_dir=$GOGRAD_LAB_CACHE/npm-$npm_hash
	LAB_BUILD=$npm_dir/build-$build_hash
	if [ -f "$LAB_BUILD/static/index.html" ]; then
		log "build: reusing $LAB_BUILD"
		return 0
	fi
	mkdir -p "$npm_dir"
	cp "$LAB_DIR/app/package.json" "$LAB_DIR/app/package-lock.json" "$npm_dir/"
	npm_ci "$npm_dir"
	tmp=$npm_dir/tmp-build-$$
	rm -rf "$tmp"
	mkdir -p "$tmp/src/templates"
	(cd "$LAB_DIR/app" && for f in $(app_sources); do cp "$f" "$tmp/src/$f"; done)
	log "webpack: building JupyterLab into $LAB_BUILD (about 1-2 minutes)"
	# The sources sit in $tmp/src, below $npm_dir, so Node's module lookup
	# walks up to $npm_dir/node_modules.
	(cd "$tmp/src" &&
		GOGRAD_LAB_OUT="$tmp/out" NODE_OPTIONS=--max-old-space-size=6144 \
			node "$npm_dir/node_modules/webpack-cli/bin/cli.js" --config webpack.config.js) >&2 ||
		die "webpack build failed (sources kept in $tmp)"
	[ -f "$tmp/out/static/index.html" ] || die "webpack produced no index.html"
	rm -rf "$LAB_BUILD"
	mv "$tmp/out" "$LAB_BUILD"
	rm -rf "$tmp"
	# Older builds from the same packages are stale now (~20 MB each).
	find "$npm_dir" -maxdepth 1 -name 'build-*' ! -path "$LAB_BUILD" -exec rm -rf {} +
}

# ensure_e2e_deps: sets E2E_NODE_MODULES (playwright-core for the browser tests).
ensure_e2e_deps() {
	local dir
	dir=$GOGRAD_LAB_CACHE/e2e-$(hash_files "$LAB_DIR/e2e/package.json" "$LAB_DIR/e2e/package-lock.json")
	mkdir -p "$dir"
	cp "$LAB_DIR/e2e/package.json" "$LAB_DIR/e2e/package-lock.json" "$dir/"
	npm_ci "$dir"
	E2E_NODE_MODULES=$dir/node_modules
}
