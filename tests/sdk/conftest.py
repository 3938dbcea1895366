from tests.auth.live_auth import auth_server

__all__ = ["auth_server"]
