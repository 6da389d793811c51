# Feeds, sitemaps and related news follow hromadas and initiatives: the partners' factories.
from tests.partners.conftest import initiative, make_municipality, oblast, ogp  # noqa: F401
