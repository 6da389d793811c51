"""Previews: any editorial object on its real public template, for staff or a share link."""

from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.utils.timezone import now


def render_preview(request, template_name, context):
    """Any object (an article, a page) on its real public template, as it stands, for staff
    or a share link: a preview banner, never indexed, never cached (it may be a draft, and
    the link may be revoked)."""
    obj = context.get("object")
    published_at = getattr(obj, "published_at", None)
    if getattr(obj, "status", None) == "published" and published_at and published_at > now():
        # «Заплановано на 6 грудня, 11:35», not «Опубліковано»: it is not public yet.
        context = {"scheduled_for": published_at, **context}
    response = TemplateResponse(
        request, template_name, {"preview": True, "noindex": True, **context}
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    patch_cache_control(response, private=True, no_store=True)
    return response
