"""The build lifecycle, written once: validate, start, resume-or-start, cancel, status, events, result, deploy.

``BuildService`` (``service.py``) runs it over a pluggable ``Runner`` (in this process, or a job queue) and
``EventBus`` (in memory, or Redis); the CLI, the server and the eval harness call only this package's API.
"""
