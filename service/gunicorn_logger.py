"""gunicorn's logger class for `turfbook serve --gunicorn` (service/gunicorn_conf.py names it). Its own
module so that starting the CLI does not import gunicorn."""

from __future__ import annotations

import logging

from gunicorn.glogging import Logger


class GunicornLogger(Logger):
    """gunicorn's logger, also sending the app's `turfbook.*` logs to gunicorn's error log stream."""

    def setup(self, cfg):
        super().setup(cfg)
        app_log = logging.getLogger("turfbook")
        app_log.setLevel(logging.INFO)
        app_log.handlers = self.error_log.handlers
        app_log.propagate = False
