"""Diskret's Rasa server side: channel, privacy boundary, stores, archive, console and CLI."""
