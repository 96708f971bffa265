"""Layer 2, the domain model: immutable, slotted, keyword-only attrs classes named after the
glossary — organisations, the programme, applications with their cost plans, grants — and the
co-financing split.  Invariants are checked when an object is built, all of an object's broken
invariants reported together.
"""
