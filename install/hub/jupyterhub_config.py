"""JupyterHub configuration for a gograd class, from Debian's packages.

Debian's `jupyterhub` (3.0) brings configurable-http-proxy; Debian's
`python3-jupyter-server` is the single-user server that
`jupyterhub-singleuser` wraps. Everything a deployment varies is read from
the environment, so run-hub.sh, the load test and a real host share this
one file:

  GOGRAD_HUB_DIR        state: sqlite database, cookie secret, proxy token,
                        and (test mode) the students' home directories
  GOGRAD_HUB_PORT       the public port, on 127.0.0.1 only (default 8000)
  GOGRAD_HUB_API_PORT   the hub's internal API port (default 8081)
  GOGRAD_HUB_PROXY_API_PORT  configurable-http-proxy's API port (default 8001)
  GOGRAD_HUB_MODE       "test": any user name with GOGRAD_HUB_PASSWORD, every
                        server runs as the hub's own Unix user with its home
                        under GOGRAD_HUB_DIR/home (SimpleLocalProcessSpawner);
                        "host": PAM login of real Unix users, each server
                        runs as its user (LocalProcessSpawner; needs root)
  GOGRAD_HUB_PASSWORD   test mode's shared password
  GOGRAD_HUB_ADMIN      "host" mode: comma-separated admin user names
  GOGRAD_HUB_SERVICE_TOKEN  if set, an API token for the service
                        "gograd-teacher", which may create users and start
                        and stop their servers (the load test enrols the
                        class with it)
  GOGRAD_HUB_KERNEL_AS  if set, the address-space limit (bytes) of every
                        process of a student's server, kernels included
                        (see below)
  GOGRAD_HUB_JUPYTER_PATH  where the single-user servers find kernelspecs
                        (the gograd kernelspec is installed there); Debian's
                        python3 (ipykernel) kernelspec is found on the
                        system path anyway
  GOGRAD_LAB_BUILD      if set, the project's JupyterLab build
                        (install/lab) is the students' front end at /lab;
                        otherwise they get jupyter_server's own pages and
                        any front end that speaks its REST API
  GOGRAD_LAB_SERVER     the directory holding the gograd_lab package
                        (install/lab/server)
"""

import os

c = get_config()  # noqa: F821 (defined by JupyterHub when it loads this file)

state = os.path.abspath(os.environ.get("GOGRAD_HUB_DIR", "."))
mode = os.environ.get("GOGRAD_HUB_MODE", "test")

# Loopback only: the hub is reached on this machine (or through a reverse
# proxy with TLS in front of it, which is the host's business).
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = int(os.environ.get("GOGRAD_HUB_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ.get("GOGRAD_HUB_API_PORT", "8081"))
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:%s" % os.environ.get(
    "GOGRAD_HUB_PROXY_API_PORT", "8001"
)
c.Spawner.ip = "127.0.0.1"

c.JupyterHub.db_url = "sqlite:///" + os.path.join(state, "jupyterhub.sqlite")
c.JupyterHub.cookie_secret_file = os.path.join(state, "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = os.path.join(state, "jupyterhub.pid")
c.ConfigurableHTTPProxy.pid_file = os.path.join(state, "jupyterhub-proxy.pid")
# The proxy is the hub's child: it ends with the hub, and a stale one from a
# killed run is not adopted by the next.
c.ConfigurableHTTPProxy.should_start = True
# Debian's configurable-http-proxy finds its modules (commander, ...) in
# /usr/share/nodejs, which Debian's own node searches but a Node.js from
# NodeSource (often installed for npm) does not. The proxy inherits the hub's
# environment.
os.environ["NODE_PATH"] = ":".join(
    p for p in [os.environ.get("NODE_PATH"), "/usr/share/nodejs", "/usr/lib/nodejs"] if p
)

if mode == "host":
    # Real Unix users log in with their passwords; each server runs as its
    # user, in its home directory.
    c.JupyterHub.authenticator_class = "jupyterhub.auth.PAMAuthenticator"
    c.JupyterHub.spawner_class = "jupyterhub.spawner.LocalProcessSpawner"
    c.Authenticator.admin_users = {
        u for u in os.environ.get("GOGRAD_HUB_ADMIN", "").split(",") if u
    }
else:
    # A class of simulated students on a sandbox: no Unix accounts are made
    # (the machine's /etc/passwd stays as it is), every server runs as the
    # hub's user with its own home directory. No isolation between users:
    # for tests and a single trusted machine only.
    c.JupyterHub.authenticator_class = "jupyterhub.auth.DummyAuthenticator"
    c.DummyAuthenticator.password = os.environ.get("GOGRAD_HUB_PASSWORD", "")
    if not c.DummyAuthenticator.password:
        raise SystemExit("GOGRAD_HUB_MODE=test needs GOGRAD_HUB_PASSWORD")
    c.JupyterHub.spawner_class = "jupyterhub.spawner.SimpleLocalProcessSpawner"
    c.SimpleLocalProcessSpawner.home_dir_template = os.path.join(state, "home", "{username}")

service_token = os.environ.get("GOGRAD_HUB_SERVICE_TOKEN")
if service_token:
    c.JupyterHub.services = [{"name": "gograd-teacher", "api_token": service_token}]
    c.JupyterHub.load_roles = [
        {
            "name": "gograd-teacher",
            "scopes": ["admin:users", "admin:servers", "list:users", "read:users"],
            "services": ["gograd-teacher"],
        }
    ]

# Each single-user server gets a port below the kernel's ephemeral range.
# JupyterHub's default picks one the way jupyter_client picks kernel ports
# (bind to port 0, read it, close it), so on a class starting at once a
# port handed to a server that is still starting could be handed again to
# another student's kernel: the server then fails to start ("address already
# in use") and the hub's HTTP checks land on the kernel. Kernels only ever get
# ephemeral ports, so ports below that range are the servers' alone.
def ephemeral_low():
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
            return int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


recent_ports = []  # ports handed out whose servers may not have bound them yet


def server_port(spawner):
    import random
    import socket

    high = ephemeral_low()
    low = max(1024, high - 12000)
    for _ in range(200):
        port = random.randrange(low, high)
        if port in recent_ports:
            continue
        with socket.socket() as s:
            try:
                s.bind((spawner.ip or "127.0.0.1", port))
            except OSError:
                continue
        recent_ports.append(port)
        del recent_ports[:-256]
        spawner.port = port
        return
    spawner.port = 0  # JupyterHub's own choice, as a last resort


c.Spawner.pre_spawn_hook = server_port

# A class starts at once: give servers time to come up on a busy machine.
c.Spawner.start_timeout = 300
c.Spawner.http_timeout = 300
c.JupyterHub.concurrent_spawn_limit = 0  # no limit: the class is bounded by enrolment

env = {}
jupyter_path = os.environ.get("GOGRAD_HUB_JUPYTER_PATH")
if jupyter_path:
    env["JUPYTER_PATH"] = jupyter_path

cmd = ["jupyterhub-singleuser"]
# A kernel's memory: RLIMIT_AS set with prlimit on the single-user server is
# inherited by every kernel it starts, each getting its own budget. It needs
# no privileges and no cgroup, so it works on any Linux host and in a
# container. An allocation past it fails inside the kernel: ipykernel raises
# MemoryError and lives on; Go's runtime stops the gograd kernel with "fatal
# error: out of memory" and the server's restarter starts a fresh one, which
# the student's front end reports as a restarting kernel. Go reserves about
# 0.7 GB of address space at start, so the limit must be well above that.
# On a cluster, the pod's memory limit (a cgroup) plays this part.
as_limit = os.environ.get("GOGRAD_HUB_KERNEL_AS")
if as_limit:
    cmd = ["prlimit", "--as=%d" % int(as_limit), "--"] + cmd
c.Spawner.cmd = cmd

# JupyterHub stops a server with SIGINT, and sends SIGTERM only 10 s later.
# jupyter_server takes SIGINT as a question for its terminal ("Shutdown this
# Jupyter server?"), which a spawned server has not, and carries on;
# answer_yes makes SIGINT a clean stop (kernels shut down first).
args = ["--ServerApp.answer_yes=True"]
if os.geteuid() == 0 and mode != "host":
    # Test mode as root (a sandbox or container): servers run as root too.
    args.append("--allow-root")

lab_build = os.environ.get("GOGRAD_LAB_BUILD")
if lab_build:
    lab_server = os.environ.get(
        "GOGRAD_LAB_SERVER",
        os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lab", "server"),
    )
    env["GOGRAD_LAB_BUILD"] = lab_build
    env["PYTHONPATH"] = os.path.abspath(lab_server)
    args.append("--ServerApp.jpserver_extensions=gograd_lab=True")
    c.Spawner.default_url = "/lab"
c.Spawner.args = args
c.Spawner.environment = env
