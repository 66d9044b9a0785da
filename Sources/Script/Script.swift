// The Script module; see README.md for what it owns.
