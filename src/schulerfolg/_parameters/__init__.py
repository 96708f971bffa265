"""Layer 5, parameters: dated value histories with their sources, the specs that declare
each parameter's value type, the value types themselves, and reading parameter files."""
