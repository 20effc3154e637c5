"""The conversation: ordered questions as data and the walker that asks them."""
