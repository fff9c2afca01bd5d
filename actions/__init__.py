"""Diskret's action server: only rasa-sdk actions (session start, consultation form, data-subject rights)."""
