// The Metrics module; see README.md for what it owns.
