"""The specialist nodes. Each is thin: read state, call its capability, return a state update."""
