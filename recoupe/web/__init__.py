"""`recoupe serve`: the web pages and JSON API over a store, read-only (FastAPI, Jinja2, uvicorn)."""
