"""qBittorrent: the Web API gateway (I/O) and the pure mapping of its answers."""
