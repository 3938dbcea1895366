"""The headers every console response carries: a strict Content-Security-Policy and its companions.

No inline script or style may run (``script-src 'self'``, no ``'unsafe-inline'``): text a build produced (the
prompt, the spec, generated code) is only ever set as text by the console, and even a slip could not execute.
Images and media may come from ``blob:`` because artifacts are fetched with the bearer token and shown as blob
URLs (the token never goes into a URL). The running app is framed from this origin's ``/console/apps/`` path.
"""

from __future__ import annotations

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' blob: data:",
        "media-src 'self' blob:",
        "connect-src 'self'",
        "frame-src 'self'",
        "font-src 'self'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def console_headers() -> dict[str, str]:
    return {
        "Content-Security-Policy": CONTENT_SECURITY_POLICY,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "X-Frame-Options": "DENY",
        "Cross-Origin-Opener-Policy": "same-origin",
    }
