"""The library: finding articles (find), indexing them in a cache (index),
and searching them with Arabic-aware normalisation (normalise, query).

Nothing is imported here: each caller imports the module it needs, so the
worker process and the reader's launch load only what they use.
"""
