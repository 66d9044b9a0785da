// The Report module; see README.md for what it owns.
