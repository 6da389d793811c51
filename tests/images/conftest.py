import pytest


@pytest.fixture(autouse=True)
def _small_renditions(settings):
    # Small widths keep encoding (AVIF above all) quick; the srcset test uses the real ones.
    settings.IMAGES_RENDITION_WIDTHS = (160, 320, 480)
