"""Airing: when a subscribed show's next episode airs, and how often to look for it on the
indexer after that. Pure rules and values; the service that acts on them is
`domain.services.airing`."""
