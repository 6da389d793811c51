"""The site with DEBUG off plus its uploaded files, for `make lighthouse` and `make screenshots`.

In production the front server serves media (deploy/Caddyfile); here WhiteNoise does, with
the front server's week of caching, so the measured pages load their covers as visitors do.
"""

from django.conf import settings
from whitenoise import WhiteNoise

from amu_site.wsgi import application as site

application = WhiteNoise(
    site, root=settings.MEDIA_ROOT, prefix=settings.MEDIA_URL, max_age=7 * 24 * 3600
)
