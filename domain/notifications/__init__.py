"""Notifications: the outbox's rules and the messages events turn into. Rendering is the
notifiers' business; nothing here knows a chat platform's formatting."""
