"""gunicorn settings for the web container (deploy/start.sh); environment overrides below."""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Sync workers: pages are rendered from the database, no long-polling. Two per core is
# gunicorn's advice; WEB_CONCURRENCY overrides (set it to the container's CPU share).
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1) + 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then, so a slow leak never takes the site down.
max_requests = 1000
max_requests_jitter = 100
# Workers are forked from a master that has already loaded Django: a recycled worker is
# ready in milliseconds. Without it, under a spike (1000 requests are seconds of traffic)
# workers spent most of their CPU booting Django again (issue 13, docs/performance.md).
# Nothing opens a database or Redis connection at import time, so none is shared by a fork.
preload_app = True


def when_ready(server):
    """Before the first fork. The site's own warm-up (amu_site/warmup.py: templates,
    catalogues, URL maps, lemma dictionaries…), so that a recycled worker need not redo it;
    then gc.freeze(), as Python's gc documentation advises for servers that fork: the
    workers' collections no longer walk the master's objects, nor write to their pages
    (which copy-on-write would then copy into every worker). In bench/run.py this took the
    stalls at each recycle out of p99 (about 200-300 ms to 10-30 ms) and gave cached pages
    12-21 % more requests/s."""
    import gc
    import logging
    import sys

    from django.core import checks

    # gunicorn runs no system checks: a configuration that cannot serve (a storage backend
    # that is not installed, say) stops start-up here instead of answering 500s behind a
    # healthy /healthz.
    serious = [message for message in checks.run_checks() if message.is_serious()]
    if serious:
        for message in serious:
            logging.getLogger("gunicorn.error").error("System check failed: %s", message)
        sys.exit(1)

    from amu_site.warmup import warm_up

    warm_up()
    gc.freeze()


# Heartbeat files on tmpfs: a container's overlay disk can stall and get workers killed.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# Same rule as Django's TrustedProxyMiddleware: only the front server may set the scheme.
forwarded_allow_ips = os.environ.get("DJANGO_TRUSTED_PROXIES", "127.0.0.1,::1")

# No control socket (gunicornc): nobody uses it, and by default it is made in $HOME.
control_socket_disable = True

accesslog = "-"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "amu_site.jsonlog.JSONFormatter"}},
    "filters": {"probes": {"()": "amu_site.jsonlog.HealthProbeFilter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        }
    },
    "root": {"handlers": ["stdout"], "level": "INFO"},
    "loggers": {
        "gunicorn.error": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        "gunicorn.access": {
            "handlers": ["stdout"],
            "level": "INFO",
            "propagate": False,
            "filters": ["probes"],
        },
    },
}
