"""Gunicorn settings for the application server, read by `make serve` and the systemd unit.

Every value can be changed from the environment (WEB_WORKERS, WEB_THREADS, WEB_TIMEOUT, HOST,
PORT) so that one file serves every machine.
"""

import multiprocessing
import os

wsgi_app = "lapas_training.wsgi:application"
bind = os.environ.get("WEB_BIND") or (
    f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
)
# Requests are short and mostly wait on the database: two processes per core plus one.
workers = int(os.environ.get("WEB_WORKERS") or multiprocessing.cpu_count() * 2 + 1)
threads = int(os.environ.get("WEB_THREADS") or 1)
# An import of a whole register or the assessment of 500 participants takes seconds; the
# proxy in front waits a little longer than this (deploy/nginx.conf).
timeout = int(os.environ.get("WEB_TIMEOUT") or 60)
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests, so that a slow leak never grows for ever.
max_requests = 2000
max_requests_jitter = 200
# Load the application before forking: a broken configuration stops the start at once.
preload_app = True
# The proxy in front logs the requests; errors go to the application's log (LOG_FORMAT).
accesslog = os.environ.get("WEB_ACCESS_LOG") or None
# When it is on: the path without its query string (a search holds a name or part of a NIK).
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
# The proxy sets X-Forwarded-Proto; trust it only from the proxy's own address.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
proc_name = "pelatihan-wbp"
