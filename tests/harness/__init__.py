"""Helpers that several test layers share: databases now, stand-in servers later."""
