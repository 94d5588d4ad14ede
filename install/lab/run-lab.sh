#!/usr/bin/env bash
# Run JupyterLab with the gograd kernel, on a machine without PyPI.
#
#   install/lab/run-lab.sh [--port N] [--root DIR] [--no-kernel-install] [-- more server options]
#
# What it does:
#   1. builds JupyterLab 4 from npm (first run only: about 2 minutes of npm
#      and 1-2 of webpack; later runs reuse the build from
#      ${XDG_CACHE_HOME:-~/.cache}/gograd-lab while its inputs are unchanged);
#   2. installs the "Go (gograd)" kernelspec for the current user
#      (`go run ./install --no-deps`);
#   3. serves JupyterLab with Debian's jupyter_server on 127.0.0.1 and prints
#      the URL to open. Ctrl-C stops it.
#
# Needs: go, node + npm, and Debian's python3-jupyter-server and
# python3-jupyterlab-server (apt-get install python3-jupyter-server
# python3-jupyterlab-server).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

port=8888
root=$PWD
install_kernel=1
while [ $# -gt 0 ]; do
	case $1 in
	--port) port=$2; shift 2 ;;
	--root) root=$2; shift 2 ;;
	--no-kernel-install) install_kernel=0; shift ;;
	--) shift; break ;;
	-h | --help) sed -n '2,19p' "$0"; exit 0 ;;
	*) die "unknown option $1 (see --help)" ;;
	esac
done

"$PYTHON" -c 'import jupyter_server, jupyterlab_server' 2>/dev/null ||
	die "$PYTHON lacks jupyter_server/jupyterlab_server: apt-get install python3-jupyter-server python3-jupyterlab-server"

ensure_lab_build

if [ "$install_kernel" = 1 ]; then
	command -v go >/dev/null || die "go not found: install Go, or pass --no-kernel-install"
	log "installing the gograd kernelspec (go run ./install --no-deps)"
	(cd "$REPO_DIR" && go run ./install --no-deps) >&2 || die "kernel install failed"
fi

token=$("$PYTHON" -c 'import secrets; print(secrets.token_hex(24))')
url="http://127.0.0.1:$port/lab?token=$token"
args=(--ip=127.0.0.1 "--port=$port" --ServerApp.port_retries=0 --ServerApp.open_browser=False
	"--ServerApp.token=$token" "--ServerApp.root_dir=$root")
[ "$(id -u)" = 0 ] && args+=(--allow-root)

# Print the URL once the server answers (jupyter_server's own banner scrolls
# by among its log lines).
(
	for _ in $(seq 1 120); do
		if "$PYTHON" -c "import urllib.request as u; u.urlopen('http://127.0.0.1:$port/api', timeout=1)" 2>/dev/null; then
			printf '\n  JupyterLab with gograd is running. Open:\n\n    %s\n\n  (Ctrl-C to stop)\n\n' "$url" >&2
			exit 0
		fi
		sleep 0.5
	done
) &

export GOGRAD_LAB_BUILD=$LAB_BUILD
export PYTHONPATH=$LAB_DIR/server${PYTHONPATH:+:$PYTHONPATH}
exec "$PYTHON" -m gograd_lab "${args[@]}" "$@"
