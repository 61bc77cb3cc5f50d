"""The `recoupe` command line."""
