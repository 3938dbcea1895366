"""The Starri supervisor graph: state, wiring, and how builds are run."""
