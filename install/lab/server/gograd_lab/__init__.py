"""Serve gograd's JupyterLab build with Debian's jupyter_server 1.23.

There is no PyPI here, so no `jupyterlab` Python package: the front end is
built from npm (../../app) and this module is the server side. GogradLab is a
jupyterlab_server LabServerApp pointed at that build, registered as a
jupyter_server extension (so it must be importable as `gograd_lab`; run it
with `python3 -m gograd_lab`, which launch() below handles).

JupyterLab 4 calls three endpoints that jupyter_server 1.23 predates. Small
stand-ins keep the front end quiet:

  GET  /api/me                 the identity of the (single) user
  WS   /api/events/subscribe   the event bus: accepted, never sends
  GET  /lsp/status             language servers: none

The build directory comes from GOGRAD_LAB_BUILD (set by ../../lib.sh), or
from --GogradLab.build_dir.
"""

import json
import os

from jupyter_server.base.handlers import APIHandler, JupyterHandler
from jupyter_server.base.zmqhandlers import WebSocketMixin
from jupyterlab_server import LabServerApp
from tornado import web, websocket
from traitlets import Unicode, default

__all__ = ["GogradLab", "launch"]


class MeHandler(APIHandler):
    """GET /api/me: jupyter_server 2's identity reply, for the one local user."""

    @web.authenticated
    def get(self):
        name = os.environ.get("USER") or "gograd"
        self.finish(
            json.dumps(
                {
                    "identity": {
                        "username": name,
                        "name": name,
                        "display_name": name,
                        "initials": name[:1].upper(),
                        "avatar_url": None,
                        "color": None,
                    },
                    "permissions": {},
                }
            )
        )


class EventsHandler(WebSocketMixin, websocket.WebSocketHandler, JupyterHandler):
    """WS /api/events/subscribe: jupyter_server 2's event stream.

    JupyterLab only listens; with no events to report, an open socket that
    stays silent is the honest stand-in (a refused socket makes the front end
    retry and log errors forever).
    """

    async def get(self, *args, **kwargs):
        if self.get_current_user() is None:
            raise web.HTTPError(403)
        await super().get(*args, **kwargs)

    def on_message(self, message):
        pass


class LspStatusHandler(APIHandler):
    """GET /lsp/status: the jupyter-lsp reply meaning "no language servers"."""

    @web.authenticated
    def get(self):
        self.finish(json.dumps({"version": 2, "sessions": {}, "specs": {}}))


class GogradLab(LabServerApp):
    """JupyterLab for gograd, served from an npm/webpack build."""

    name = "gograd_lab"
    app_name = "JupyterLab"
    extension_url = "/lab"
    default_url = Unicode("/lab")
    # Only this extension: whatever else a machine has installed must not
    # change what the tests see.
    load_other_extensions = False

    build_dir = Unicode(
        help="The webpack build output: static/, schemas/, themes/ (see lib.sh)."
    ).tag(config=True)

    @default("build_dir")
    def _default_build_dir(self):
        return os.environ.get("GOGRAD_LAB_BUILD", "")

    def _in_build(self, *parts):
        if not self.build_dir:
            raise SystemExit("gograd_lab: set GOGRAD_LAB_BUILD or --GogradLab.build_dir")
        return os.path.join(self.build_dir, *parts)

    @default("static_dir")
    def _default_static_dir(self):
        return self._in_build("static")

    @default("templates_dir")
    def _default_templates_dir(self):
        return self._in_build("static")

    @default("schemas_dir")
    def _default_schemas_dir(self):
        return self._in_build("schemas")

    @default("themes_dir")
    def _default_themes_dir(self):
        return self._in_build("themes")

    @default("app_settings_dir")
    def _default_app_settings_dir(self):
        # overrides.json lives next to this file: settings defaults that suit
        # an offline machine (no news or update checks).
        return os.path.dirname(os.path.abspath(__file__))

    @default("user_settings_dir")
    def _default_user_settings_dir(self):
        return os.environ.get(
            "GOGRAD_LAB_USER_SETTINGS",
            os.path.join(os.path.expanduser("~"), ".jupyter", "gograd-lab", "user-settings"),
        )

    @default("workspaces_dir")
    def _default_workspaces_dir(self):
        return os.environ.get(
            "GOGRAD_LAB_WORKSPACES",
            os.path.join(os.path.expanduser("~"), ".jupyter", "gograd-lab", "workspaces"),
        )

    def initialize_settings(self):
        super().initialize_settings()
        if not os.path.isfile(os.path.join(self.static_dir, "index.html")):
            raise SystemExit(f"gograd_lab: no JupyterLab build in {self.build_dir}")
        page_config = self.settings.setdefault("page_config_data", {})
        page_config.update(
            {
                # Nothing can rebuild the app from the browser: it is built by
                # lib.sh from the project's lockfile.
                "buildAvailable": False,
                "buildCheck": False,
                # Lets the browser tests drive the app via window.jupyterapp.
                "exposeAppInBrowser": True,
                "token": self.serverapp.token,
                "news": {"disabled": True},
                "appVersion": "4.5.10",
            }
        )

    def initialize_handlers(self):
        # Routes must exist before the server starts: tornado does not route
        # handlers added afterwards.
        self.handlers.extend(
            [
                (r"/api/me", MeHandler),
                (r"/api/events/subscribe", EventsHandler),
                (r"/lsp/status", LspStatusHandler),
            ]
        )
        super().initialize_handlers()


def _jupyter_server_extension_points():
    return [{"module": "gograd_lab", "app": GogradLab}]


def launch(argv=None):
    GogradLab.launch_instance(argv)
