#!/usr/bin/env bash
# The real-client tests of issue 7, in one command:
#
#   install/lab/test.sh [--kernel gograd|python3]...   (default: gograd)
#
# Parts, each printed as one `part ...` line with its status and time:
#   lab-build     JupyterLab 4 from npm + webpack (reused while inputs are unchanged)
#   e2e-deps      playwright-core from npm (reused likewise)
#   kernelspec    `go run ./install --no-deps` into a temporary JUPYTER_DATA_DIR
#   lab           e2e/lab.mjs: JupyterLab in Debian's headless chromium
#   widgets       e2e/widgets.mjs: Go widgets in JupyterLab (gograd only); with
#                 GOGRAD_README_SCREENSHOT=path it also writes the README's picture
#   notebook      e2e/notebook.mjs: the classic Notebook UI smoke run
#   console       e2e/console.py: a scripted `jupyter console` session
#
# --kernel python3 runs the same scenario on Debian's ipykernel: it checks
# the tooling itself (build, servers, browser driving) apart from gograd.
# Screenshots and logs go to $GOGRAD_ARTIFACTS (default: a dated directory
# under the cache). Exits non-zero if any part fails.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

kernels=()
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) kernels+=("$2"); shift 2 ;;
	-h | --help) sed -n '2,19p' "$0"; exit 0 ;;
	*) die "unknown option $1 (see --help)" ;;
	esac
done
[ ${#kernels[@]} -gt 0 ] || kernels=(gograd)

export GOGRAD_ARTIFACTS=${GOGRAD_ARTIFACTS:-$GOGRAD_LAB_CACHE/artifacts/$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$GOGRAD_ARTIFACTS"
log "artifacts: $GOGRAD_ARTIFACTS"

failed=0
summary=()
# part NAME CMD...: run one part, record a line with its status and time.
part() {
	local name=$1 start rc
	shift
	start=$(date +%s.%N)
	"$@"
	rc=$?
	local line
	line=$(printf 'part %-18s %-4s %6.1f s' "$name" "$([ $rc = 0 ] && echo ok || echo FAIL)" "$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')")
	echo "$line"
	summary+=("$line")
	[ $rc = 0 ] || failed=1
	return $rc
}

prereqs() {
	local missing=()
	command -v node >/dev/null || missing+=("node (apt-get install nodejs npm)")
	command -v npm >/dev/null || missing+=("npm")
	[ -x "${GOGRAD_CHROMIUM:-/usr/bin/chromium}" ] || missing+=("chromium (apt-get install chromium)")
	"$PYTHON" -c 'import jupyter_server, jupyterlab_server' 2>/dev/null || missing+=("python3-jupyter-server python3-jupyterlab-server")
	"$PYTHON" -c 'import notebook' 2>/dev/null || missing+=("jupyter-notebook")
	"$PYTHON" -c 'import jupyter_console' 2>/dev/null || missing+=("jupyter-console")
	if [ ${#missing[@]} -gt 0 ]; then
		log "missing: ${missing[*]}"
		return 1
	fi
}

part prereqs prereqs || { printf '%s\n' "${summary[@]}"; exit 1; }
part lab-build ensure_lab_build || { printf '%s\n' "${summary[@]}"; exit 1; }
part e2e-deps ensure_e2e_deps || { printf '%s\n' "${summary[@]}"; exit 1; }

# The kernelspecs the servers see: gograd's, installed here, and Debian's
# python3 from /usr/share/jupyter. The user's own ~/.local/share/jupyter is
# not consulted.
data_dir=$(mktemp -d "${TMPDIR:-/tmp}/gograd-jupyter-data.XXXXXX")
trap 'rm -rf "$data_dir"' EXIT
export JUPYTER_DATA_DIR=$data_dir
export GOGRAD_LAB_BUILD=$LAB_BUILD E2E_NODE_MODULES REPO_DIR GOGRAD_PYTHON=$PYTHON

install_kernel() {
	(cd "$REPO_DIR" && go run ./install --no-deps) >"$GOGRAD_ARTIFACTS/kernelspec.log" 2>&1 || {
		cat "$GOGRAD_ARTIFACTS/kernelspec.log" >&2
		return 1
	}
	[ -f "$data_dir/kernels/gograd/kernel.json" ] || {
		log "go run ./install did not write $data_dir/kernels/gograd/kernel.json"
		return 1
	}
}

for k in "${kernels[@]}"; do
	if [ "$k" = gograd ]; then
		part kernelspec install_kernel
	fi
	# timeout: a wedged browser or kernel must fail the part, not hang CI.
	# The scripts clean up their servers and browser on SIGTERM.
	part "lab[$k]" timeout --kill-after=30 1500 node "$LAB_DIR/e2e/lab.mjs" --kernel "$k"
	if [ "$k" = gograd ]; then
		part "widgets[$k]" timeout --kill-after=30 600 node "$LAB_DIR/e2e/widgets.mjs"
	fi
	part "notebook[$k]" timeout --kill-after=30 1200 node "$LAB_DIR/e2e/notebook.mjs" --kernel "$k"
	part "console[$k]" timeout --kill-after=30 300 "$PYTHON" "$LAB_DIR/e2e/console.py" --kernel "$k" --log "$GOGRAD_ARTIFACTS/console-$k.txt"
done

echo
printf '%s\n' "${summary[@]}"
echo "artifacts: $GOGRAD_ARTIFACTS"
exit $failed
