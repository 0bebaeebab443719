"""The HTTP server: health now; links, OAuth callback, /metrics and the webhook as they come."""
