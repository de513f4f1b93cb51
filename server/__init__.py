"""The Flask app (SPARQL endpoint, network views, entity pages, exports) and the CLI."""
