// The E2E module; see README.md for what it owns.
