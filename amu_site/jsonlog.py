"""Structured logs: one JSON object per line, for the container runtime to collect."""

import ipaddress
import json
import logging
import os
from collections.abc import Mapping
from datetime import UTC, datetime

# gunicorn passes its access-log atoms as the record's args (a dict); these become fields.
ACCESS_FIELDS = {
    "h": "remote_addr",
    "m": "method",
    "U": "path",
    "q": "query",
    "s": "status",
    "B": "bytes",
    "D": "duration_us",
    "f": "referer",
    "a": "user_agent",
}


class RefusedRequestFilter(logging.Filter):
    """django.security logs a refused request at ERROR with its traceback; it is a WARNING."""

    def filter(self, record):
        if record.levelno > logging.WARNING:
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        record.exc_info = record.exc_text = record.stack_info = None
        return True


class HealthProbeFilter(logging.Filter):
    """The front server probes each replica every 2 s: a passing probe is not worth a line."""

    def filter(self, record):
        args = record.args
        return not (
            isinstance(args, Mapping)
            and args.get("U") in ("/healthz", "/readyz")
            and str(args.get("s")) == "200"
        )


def trusted_proxies():
    """DJANGO_TRUSTED_PROXIES, as gunicorn's forwarded_allow_ips reads it."""
    networks = []
    for item in os.environ.get("DJANGO_TRUSTED_PROXIES", "127.0.0.1,::1").split(","):
        try:
            networks.append(ipaddress.ip_network(item.strip(), strict=False))
        except ValueError:
            continue
    return networks


def visitor_address(peer, forwarded_for, proxies):
    """The visitor's address: the last one X-Forwarded-For names when the peer is the
    front server (Caddy replaces a client's own header), else the peer."""
    if not forwarded_for:
        return peer
    try:
        trusted = any(ipaddress.ip_address(peer) in network for network in proxies)
    except ValueError:
        return peer
    return forwarded_for.split(",")[-1].strip() if trusted else peer


class JSONFormatter(logging.Formatter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.proxies = trusted_proxies()

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
        }
        if record.name == "gunicorn.access" and isinstance(record.args, Mapping):
            entry["message"] = "request"
            for atom, field in ACCESS_FIELDS.items():
                value = record.args.get(atom)
                if value not in (None, "-", ""):
                    entry[field] = int(value) if field in {"status", "duration_us"} else value
            forwarded_for = record.args.get("{x-forwarded-for}i")
            address = visitor_address(entry.get("remote_addr", ""), forwarded_for, self.proxies)
            if address != entry.get("remote_addr"):
                entry["proxy_addr"], entry["remote_addr"] = entry.get("remote_addr"), address
        else:
            entry["message"] = record.getMessage()
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            entry["method"] = request.method
            entry["path"] = request.path
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
