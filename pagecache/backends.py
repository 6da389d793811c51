"""Django's Redis cache backend, for which a Redis that does not answer is a miss.

Compose calls Redis a cache only, and the site behaves so: a failed read finds nothing and a
failed write is dropped, so pages, remembered counts and menus come from the database. A
warning is logged once a minute while that lasts; after a failure, calls in the next second
do not wait for Redis, then it is asked again.
"""

import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
RETRY_SECONDS = 1.0
WARNING_SECONDS = 60.0


class TolerantRedisCache(RedisCache):
    down_until = 0.0  # the process's state: Django makes an instance per thread
    warned_at = float("-inf")

    @classmethod
    def attempt(cls, fallback, method, *args, **kwargs):
        now = time.monotonic()
        if now < cls.down_until:
            return fallback
        try:
            result = method(*args, **kwargs)
        except RedisError as error:
            cls.down_until = now + RETRY_SECONDS
            if now - cls.warned_at >= WARNING_SECONDS:
                cls.warned_at = now
                logger.warning("The cache does not answer, pages from the database: %s", error)
            return fallback
        if cls.down_until:
            cls.down_until, cls.warned_at = 0.0, float("-inf")
            logger.warning("The cache answers again.")
        return result


def tolerant(method, fallback):
    def call(self, *args, **kwargs):
        return self.attempt(fallback(*args, **kwargs), method, self, *args, **kwargs)

    return call


for name, fallback in {
    "get": lambda key, default=None, version=None: default,
    "get_many": lambda *args, **kwargs: {},
    "set_many": lambda data, *args, **kwargs: list(data),
    **dict.fromkeys(("set", "delete_many"), lambda *args, **kwargs: None),
    **dict.fromkeys(("add", "touch", "delete", "has_key", "clear"), lambda *a, **k: False),
}.items():
    setattr(TolerantRedisCache, name, tolerant(getattr(RedisCache, name), fallback))
