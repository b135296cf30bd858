"""The one error the feeds package raises for the user to read."""


class FeedError(Exception):
    """A problem with a feed, a page or a subscription, worded for the reader: one line."""
