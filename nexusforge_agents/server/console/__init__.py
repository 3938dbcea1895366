"""The web console: the whole product in a browser, served by ``nexusforge serve`` at ``/`` (docs/console.md).

Static ES modules shipped in this package (``static/``, no build step, no Node), a strict Content-Security-Policy,
code highlighted on the server with Pygments, and the running app framed through ``/console/apps/{ticket}/``.
"""

from __future__ import annotations

from .routes import routers

__all__ = ["routers"]
