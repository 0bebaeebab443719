"""Pure guards: rate limits, signed states, encryption at rest, checks of untrusted input."""
