"""Layer 4, the directory: the bundled reference data — the 14 districts and their look-up,
the network offices, the programme with its funding cycles, the example application — and the
document converter whose district references resolve against it."""
