"""Download links: signing and checking them (pure), and where the signing keys come from."""
