"""Feeds and web pages into the user's library: subscriptions, fetching over hostile
HTTP, parsing, saving items as Markdown articles, OPML. No Textual here."""
