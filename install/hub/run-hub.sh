#!/usr/bin/env bash
# Run a JupyterHub for a gograd class on this machine, on 127.0.0.1.
#
#   install/hub/run-hub.sh [--port N] [--state DIR] [--host] [--no-lab] [--kernel-mem BYTES]
#
#   --port N          public port (default 8000), on 127.0.0.1 only
#   --state DIR       hub state: database, secrets, kernelspec, test homes
#                     (default ${XDG_STATE_HOME:-~/.local/state}/gograd-hub)
#   --host            real Unix users log in with PAM, each server runs as
#                     its user (run as root); default: test mode, any user
#                     name with a generated class password, all servers run
#                     as you with homes under DIR/home
#   --no-lab          do not build/serve the project's JupyterLab (install/lab);
#                     students then use any front end that speaks the REST API
#   --kernel-mem B    address-space limit of each server process and kernel
#                     (default 4294967296; 0 for none)
#
# It installs the gograd kernelspec under DIR/prefix (go run ./install
# --no-deps --prefix), builds JupyterLab from npm unless --no-lab (first run:
# minutes), starts Debian's jupyterhub with install/hub/jupyterhub_config.py
# and prints the URL (and, in test mode, the password). Ctrl-C stops it.
#
# Needs: go; Debian's jupyterhub (brings configurable-http-proxy),
# python3-jupyter-server, python3-ipykernel; for the lab node + npm and
# python3-jupyterlab-server.
set -euo pipefail
HUB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$HUB_DIR/../.." && pwd)
log() { printf '[gograd-hub] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

port=8000
state=${XDG_STATE_HOME:-$HOME/.local/state}/gograd-hub
mode=test
lab=1
kernel_mem=$((4 << 30))
while [ $# -gt 0 ]; do
	case $1 in
	--port) port=$2; shift 2 ;;
	--state) state=$2; shift 2 ;;
	--host) mode=host; shift ;;
	--no-lab) lab=0; shift ;;
	--kernel-mem) kernel_mem=$2; shift 2 ;;
	-h | --help) sed -n '2,26p' "$0"; exit 0 ;;
	*) die "unknown option $1 (see --help)" ;;
	esac
done

[ -x /usr/bin/jupyterhub ] || die "no jupyterhub: apt-get install jupyterhub python3-jupyter-server python3-ipykernel"
command -v go >/dev/null || die "go not found"
mkdir -p "$state"
chmod 700 "$state"
state=$(cd "$state" && pwd)

log "installing the gograd kernelspec under $state/prefix"
(cd "$REPO_DIR" && go run ./install --no-deps --prefix "$state/prefix") >&2 || die "kernel install failed"
export GOGRAD_HUB_JUPYTER_PATH=$state/prefix/share/jupyter

if [ "$lab" = 1 ]; then
	# shellcheck source=../lab/lib.sh
	source "$REPO_DIR/install/lab/lib.sh"
	ensure_lab_build
	export GOGRAD_LAB_BUILD=$LAB_BUILD
	export GOGRAD_LAB_SERVER=$REPO_DIR/install/lab/server
fi

export GOGRAD_HUB_DIR=$state GOGRAD_HUB_MODE=$mode GOGRAD_HUB_PORT=$port
[ "$kernel_mem" != 0 ] && export GOGRAD_HUB_KERNEL_AS=$kernel_mem
if [ "$mode" = test ]; then
	[ -f "$state/class-password" ] ||
		(umask 077 && /usr/bin/python3 -c 'import secrets; print(secrets.token_urlsafe(12))' >"$state/class-password")
	GOGRAD_HUB_PASSWORD=$(cat "$state/class-password")
	export GOGRAD_HUB_PASSWORD
fi

url="http://127.0.0.1:$port/hub/login"
(
	for _ in $(seq 1 240); do
		if /usr/bin/python3 -c "import urllib.request as u; u.urlopen('http://127.0.0.1:$port/hub/api', timeout=1)" 2>/dev/null; then
			printf '\n  JupyterHub for gograd is running. Open:\n\n    %s\n\n' "$url" >&2
			[ "$mode" = test ] && printf '  Any user name, password: %s\n\n' "$GOGRAD_HUB_PASSWORD" >&2
			printf '  (Ctrl-C to stop)\n\n' >&2
			exit 0
		fi
		sleep 0.5
	done
) &

cd "$state"
exec /usr/bin/jupyterhub -f "$HUB_DIR/jupyterhub_config.py"
