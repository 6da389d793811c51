"""Demo content: a populated bilingual newsroom for a newcomer's first look. Idempotent."""

import io
import json
import random
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.html import format_html
from PIL import Image, ImageDraw

import pagecache
from editorial.text import slugify_uk
from images.models import BodyImage
from news.models import Article, Category, Person, Tag
from news.signals import demo_content_loaded
from partners.demo import PartnersDemo

DEMO_FILE = Path(__file__).resolve().parents[2] / "demo" / "articles.json"
# English names of the demo categories and tags, keyed by the Ukrainian name.
NAMES_EN_FILE = DEMO_FILE.with_name("names_en.json")
DEMO_ADMIN = ("admin", "amu-demo-2026")

# Flag-blue and yellow and a few calm tones for the generated covers.
PALETTES = [
    ("#0b4f8a", "#ffd500"),
    ("#1d6f5f", "#f2c14e"),
    ("#5b3f8c", "#f4a259"),
    ("#2e5266", "#e2c044"),
    ("#8c2f39", "#f6bd60"),
]


def cover_image(seed, size=(1200, 675)):
    """An abstract JPEG cover, the same for the same seed."""
    rng = random.Random(seed)
    base, accent = PALETTES[rng.randrange(len(PALETTES))]
    image = Image.new("RGB", size, base)
    draw = ImageDraw.Draw(image)
    width, height = size
    for _ in range(6):
        x, y = rng.randrange(width), rng.randrange(height)
        radius = rng.randrange(height // 6, height // 2)
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), outline=accent, width=8)
    draw.rectangle((0, height - 24, width, height), fill=accent)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
    return ContentFile(buffer.getvalue())


def kyiv_time(value):
    return timezone.make_aware(datetime.fromisoformat(value))


class Command(BaseCommand):
    help = "Loads the demo news (idempotent): categories, tags, articles with covers."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-admin",
            action="store_true",
            help="Do not create the demo administrator account.",
        )

    @transaction.atomic
    def handle(self, *args, no_admin=False, **options):
        items = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
        self.partners = PartnersDemo(self.stdout).load()
        self.names_en = json.loads(NAMES_EN_FILE.read_text(encoding="utf-8"))
        created = 0
        for item in items:
            created += self.load_article(item)
        self.stdout.write(
            self.style.SUCCESS(
                f"Демо-новини: {len(items)} у наборі, {created} створено, "
                f"{len(items) - created} оновлено."
            )
        )
        # Pages, menus and documents come after the articles they are attached to.
        call_command("load_demo_pages", stdout=self.stdout)
        demo_content_loaded.send(sender=type(self), stdout=self.stdout)
        # The demo partners are partly written with update(), which sends no signal.
        pagecache.invalidate()
        if not no_admin and settings.DEBUG:
            self.ensure_admin()

    def load_article(self, item):
        category = self.named(Category, item["category"], self.names_en["categories"])
        status = {
            "draft": Article.Status.DRAFT,
            "scheduled": Article.Status.PUBLISHED,
        }.get(item["status"], Article.Status.PUBLISHED)
        body_uk, body_en = item["body"], item.get("body_en", "")
        if gallery := item.get("gallery"):
            body_uk += self.gallery(item["key"], gallery, "")
            body_en += self.gallery(item["key"], gallery, "_en") if body_en else ""
        fields = {
            "title_uk": item["title"],
            "lead_uk": item["lead"],
            "body_uk": body_uk,
            "title_en": item.get("title_en", ""),
            "lead_en": item.get("lead_en", ""),
            "body_en": body_en,
            "category": category,
            "status": status,
            "published_at": None
            if status == Article.Status.DRAFT
            else kyiv_time(item["published"]),
            "featured": item.get("featured", False),
            "cover_alt_uk": item.get("cover_alt", ""),
            "cover_credit_uk": "Ілюстрація: АМУ" if item.get("cover") else "",
            "cover_credit_en": "Illustration: AUC" if item.get("cover_alt_en") else "",
            "programme": self.partners.programme(item.get("programme")),
            "cover_alt_en": item.get("cover_alt_en", ""),
        }
        article, created = Article.objects.update_or_create(
            slug=slugify_uk(item["title"]), defaults=fields
        )
        article.tags.set(
            self.named(Tag, name, self.names_en["tags"]) for name in item.get("tags", [])
        )
        article.people.set(self.person(person) for person in item.get("people", []))
        self.partners.link(article, item)
        if item.get("cover") and not article.cover_image:
            article.cover_image.save(f"{article.slug}.jpg", cover_image(item["key"]))
        return int(created)

    @staticmethod
    def person(item):
        """A person named under an article, with an abstract portrait when described."""
        fields = {
            f"{name}_{language}": item.get(name if language == "uk" else f"{name}_en", "")
            for name in ("name", "position", "bio", "photo_alt")
            for language in ("uk", "en")
        }
        person, _ = Person.objects.update_or_create(slug=item["key"], defaults=fields)
        if item.get("photo_alt") and not person.photo:
            person.photo.save(f"{person.slug}.jpg", cover_image(item["key"], size=(400, 400)))
        return person

    @staticmethod
    def gallery(key, photos, suffix):
        """Figures one after another, shown as a gallery: the demo's body images (made once,
        found again by their name on the next load)."""
        figures = []
        for number, photo in enumerate(photos, 1):
            name = f"demo-{key}-{number}.jpg"
            image = BodyImage.objects.filter(original_name=name).first()
            if image is None:
                image = BodyImage(alt=photo["alt"], original_name=name)
                image.file.save(name, cover_image(name, size=(1200, 800)))
            figures.append(
                format_html(
                    '<figure><img src="{}" alt="{}"><figcaption>{}</figcaption></figure>',
                    image.file.url,
                    photo[f"alt{suffix}"],
                    photo[f"caption{suffix}"],
                )
            )
        return "".join(figures)

    @staticmethod
    def named(model, name, names_en):
        """The category or tag with this Ukrainian name, with its English name."""
        obj, _ = model.objects.update_or_create(
            slug=slugify_uk(name), defaults={"name_uk": name, "name_en": names_en.get(name, "")}
        )
        return obj

    def ensure_admin(self):
        User = get_user_model()
        username, password = DEMO_ADMIN
        if not User.objects.filter(username=username).exists():
            User.objects.create_superuser(username, "admin@example.org", password)
        self.stdout.write(
            f"Адмінка: http://127.0.0.1:8000/admin/ — користувач «{username}», пароль «{password}»"
            " (лише для локальної розробки)."
        )
