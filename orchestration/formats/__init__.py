"""The delivery formats, each described once as data (README.md here gives the schema)."""
