"""Web pages (Jinja2 + htmx) for migrants and staff, in Chinese and English."""
