"""The Discord front-end: slash commands and buttons in, the shared Dispatcher's replies out.

`build_client` assembles an AutoShardedClient whose command tree mirrors the command list;
`run_discord` runs it in the current event loop beside Telegram, the HTTP server and the
scheduler. `DiscordNotifier` delivers notifications to channels and direct messages.
"""
