"""The article model and the parsers that produce it (no UI code here).

Import from the modules (reader.article.load, .model …): this package
imports nothing itself, so that loading plain text never pays for the
Markdown parser.
"""
