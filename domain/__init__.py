"""The product: use cases, value objects and the clients of the outside systems.

Nothing here imports `bot`, `storage` or `scheduler`; a test enforces it.
"""
