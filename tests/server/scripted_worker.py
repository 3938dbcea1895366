"""Imported by the build worker (and the API) of scripted server processes: registers the scripted provider,
whose building branches each wait 1.5 s, so a test can act while a build is in ``building``."""

from tests.scripted import Script, install

SCRIPT = install(Script(wait_s={"design": 1.5, "video": 1.5, "coder": 1.5}))
