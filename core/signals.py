"""Messages the action server sends to the Rasa server's channel inside a conversation's replies.

Both sides import the same constant, so neither server imports the other.
"""
from __future__ import annotations

# Sent as a custom JSON reply by the erasure action; the channel deletes the conversation
# (Redis tracker, transcript archive) right after the turn is saved.
ERASE_SIGNAL = {"diskret_event": "conversation_erased"}

# Key of the custom JSON reply that carries a data export (Art. 15); the channel sends it only to
# the socket that asked for it.
EXPORT_KEY = "diskret_export"
