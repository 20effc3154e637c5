"""Edition data files (one TOML file per edition of the form)."""
