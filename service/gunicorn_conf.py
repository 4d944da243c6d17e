"""The one gunicorn configuration for production (`turfbook serve --gunicorn`, which the Dockerfile
and compose.yaml run, and tests/e2e/test_slow_clients.py starts): `gunicorn -c python:turfbook.gunicorn_conf`.

Slow clients must not take the site down. Sync and gthread workers give each connection a thread
from the moment its first byte arrives until its request is done, so 17 clients sending one header
line every 2 s used up 2 workers x 8 threads and /healthz stopped answering. gevent workers hold a
connection in a greenlet instead: each worker serves `worker_connections` of them at once, and a
phone streaming a video for minutes costs a few kilobytes, not a thread. The app's blocking I/O
(httplib2, requests, sockets, sleeps, threading locks) is made cooperative by gevent's monkey
patching, which gunicorn applies in each worker before it loads the app.
"""

import os

worker_class = "gevent"
workers = int(os.environ.get("TURFBOOK_WEB_WORKERS", "2"))
worker_connections = int(os.environ.get("TURFBOOK_WEB_CONNECTIONS", "1000"))   # per worker
timeout = 120              # a worker whose loop is stuck this long is restarted
graceful_timeout = 60      # let running uploads finish on SIGTERM
keepalive = 5              # idle keep-alive connections are closed after 5 s
limit_request_line = 8190
limit_request_fields = 100
# no gunicorn access log (it would print upload links): the app logs requests, redacted
accesslog = None
logger_class = "turfbook.gunicorn_logger.GunicornLogger"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
wsgi_app = "turfbook.app:create_app()"
