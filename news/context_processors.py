from django.conf import settings


def site(request):
    return {"SITE_NAME": settings.SITE_NAME, "ANALYTICS": analytics()}


def analytics():
    """What templates/includes/analytics.html needs, or None when analytics is off."""
    url = settings.ANALYTICS_SCRIPT_URL
    if not url:
        return None
    path, _slash, name = url.split("?")[0].rpartition("/")
    # Matomo is told where to send page views; Plausible reads data-domain on its script.
    matomo = name in {"matomo.js", "piwik.js"}
    return {
        "script_url": url,
        "site_id": settings.ANALYTICS_SITE_ID,
        "matomo_tracker_url": f"{path}/{name.replace('.js', '.php')}" if matomo else "",
    }
