"""A plugin module registered under an entry point named after no district: the registry must
refuse it without importing it, so importing it is an error the tests would see."""

raise RuntimeError("schulerfolg imported a plugin whose entry point names no district")
