"""Entry point for gunicorn (`gunicorn wsgi:app`) and the `flask` command."""

from grants import create_app, heap

app = create_app()
heap.settle()  # the loaded app out of the cyclic collector's way (grants/heap.py)
