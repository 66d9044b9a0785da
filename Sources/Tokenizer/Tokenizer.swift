// The Tokenizer module; see README.md for what it owns.
