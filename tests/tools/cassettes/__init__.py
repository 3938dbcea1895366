"""Cassettes of the Cloud Run deployer tests, and the code that builds them from the wire formats."""
