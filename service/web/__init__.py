"""Blueprints of the web app (see service/app.py)."""
