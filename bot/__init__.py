"""Diskret's Rasa server side: channel, tracker store, logging, archive, console and CLI."""
