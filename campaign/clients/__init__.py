"""The firm's client file: reading it, mapping its columns, checking it, importing it."""
