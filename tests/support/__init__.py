"""Test infrastructure: a real redis-server process and a real local HTTP server."""
