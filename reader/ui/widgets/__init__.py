"""The reader's widgets; each draws lines the text core laid out."""
