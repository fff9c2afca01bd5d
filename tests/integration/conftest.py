"""The integration tests share one real stack (Redis, PostgreSQL, action server, Rasa server).

The ``stack`` and ``run`` fixtures live in tests/conftest.py, so the browser tests in
tests/widget use the same stack.
"""
