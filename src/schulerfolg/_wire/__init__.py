"""Layer 3, the wire: strict conversion between the model and plain data (cattrs), JSON and TOML
text, and problems with JSON paths.  Knows the model; knows nothing of the bundled data."""
