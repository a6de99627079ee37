"""WSGI entry point, for gunicorn: ``gunicorn lapas_training.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lapas_training.settings")

application = get_wsgi_application()
