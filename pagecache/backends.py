"""Django's Redis cache backend, for which a Redis that does not answer is a miss (Compose
calls Redis a cache only): a failed read finds nothing and a failed write is dropped. A warning
is logged once a minute while that lasts; for a second after a failure, calls do not wait."""

import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError


class TolerantRedisCache(RedisCache):
    down_until, warned_at = 0.0, float("-inf")  # the process's: Django makes one per thread


def tolerant(name, fallback=lambda *args, **kwargs: None):
    method, cls = getattr(RedisCache, name), TolerantRedisCache

    def call(self, *args, **kwargs):
        if (now := time.monotonic()) >= cls.down_until:
            try:
                return method(self, *args, **kwargs)
            except RedisError as error:
                cls.down_until = now + 1
                if now - cls.warned_at >= 60:
                    cls.warned_at = now
                    logging.getLogger(__name__).warning(
                        "The cache does not answer, pages from the database: %s", error
                    )
        return fallback(*args, **kwargs)

    setattr(cls, name, call)


for name in ("add", "set", "delete", "delete_many", "touch", "has_key", "clear", "incr"):
    tolerant(name)
tolerant("get", lambda key, default=None, version=None: default)
tolerant("get_many", lambda *args, **kwargs: {})
tolerant("set_many", lambda data, *args, **kwargs: list(data))
