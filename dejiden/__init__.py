"""dejiden: the 事業実施報告書 as a conversation in the terminal (model, prompts, tui)."""
