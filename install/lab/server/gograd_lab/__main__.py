"""`python3 -m gograd_lab [server options]`: start jupyter_server with GogradLab.

This file imports the package by name, so jupyter_server finds the same
GogradLab class when it loads the extension `gograd_lab`.
"""

from gograd_lab import launch

launch()
