"""Demo pages, menus, site settings and documents (idempotent); load_demo_content calls it."""

import io
import textwrap
from datetime import date
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from PIL import Image, ImageDraw, ImageFont

from editorial.text import slugify_uk
from news.models import Article
from pages.models import Document, DocumentCategory, Menu, MenuItem, Page, SiteSettings
from partners.models import Initiative, Programme

FONT_PATHS = [
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"),
]

ABOUT = """
<p>Асоціація міст України (АМУ) — всеукраїнська асоціація органів місцевого самоврядування,
заснована в червні 1992 року. Тоді до неї входили 35 міст; сьогодні АМУ об’єднує сотні громад —
міст, селищ і сіл, де живе більшість населення України.</p>
<h2>Що ми робимо</h2>
<ul>
<li>представляємо інтереси громад у Верховній Раді, Кабінеті Міністрів і міністерствах;</li>
<li>готуємо експертні висновки до законопроєктів про місцеве самоврядування та бюджети;</li>
<li>навчаємо посадовців і депутатів місцевих рад;</li>
<li>поширюємо успішні практики громад і партнерів.</li>
</ul>
<p>АМУ представляє Україну в Раді європейських муніципалітетів і регіонів (CEMR) та у
Всесвітній організації «Об’єднані міста і місцеві уряди» (UCLG).</p>
"""
ABOUT_EN = """
<p>The Association of Ukrainian Cities (AUC) is the nationwide association of local
self-government bodies, founded in June 1992 by 35 cities. Today it unites hundreds of
hromadas — cities, towns and villages.</p>
<p>AUC represents Ukraine in the Council of European Municipalities and Regions (CEMR) and in
United Cities and Local Governments (UCLG).</p>
"""
STATUTE = """
<p>Статут визначає мету, завдання, права й обов’язки членів Асоціації міст України, порядок
роботи її органів управління та регіональних відділень.</p>
<p>Повний текст — у документі нижче.</p>
"""
STATUTE_EN = """
<p>The Statute sets out the aims and tasks of the Association of Ukrainian Cities, the rights
and duties of its members, and how its governing bodies and regional offices work.</p>
<p>The full text, in Ukrainian, is in the document below.</p>
"""
REGIONAL = """
<p>Регіональні відділення АМУ працюють у всіх областях України. Вони допомагають громадам
свого регіону отримати консультацію експертів, збирають пропозиції до законодавства й
організовують навчання.</p>
<h2>Як звернутися</h2>
<p>Напишіть до центрального офісу — ми передамо звернення до відділення вашої області.
Адреса й телефони — на сторінці «Контакти».</p>
"""
REGIONAL_EN = """
<p>AUC has regional offices in every oblast of Ukraine. They help the hromadas of their region
get expert advice, gather proposals for legislation and organise training.</p>
<h2>How to get in touch</h2>
<p>Write to the central office, and we will pass your request on to the office of your
oblast. The address and phone numbers are on the Contacts page.</p>
"""
CONTACTS = """
<p>Центральний офіс Асоціації міст України працює в Києві з понеділка до п’ятниці,
з 9:00 до 18:00.</p>
<p>Запити журналістів надсилайте на адресу пресслужби.</p>
"""
CONTACTS_EN = """
<p>The central office of the Association of Ukrainian Cities is in Kyiv and is open Monday to
Friday, 9:00 to 18:00.</p>
<p>Journalists are welcome to write to the press office.</p>
"""
# What the site collects about readers: with DJANGO_ANALYTICS_SCRIPT_URL set, page views
# (docs/deployment.md, "Analytics"); the share links load nothing.
PRIVACY = """
<p>Сайт Асоціації міст України не використовує файлів cookie, щоб стежити за читачами,
і не завантажує сторонніх скриптів: шрифти, стилі й скрипти надходять з нашого сервера.</p>
<h2>Статистика відвідувань</h2>
<p>Щоб знати, які матеріали читають, ми рахуємо перегляди сторінок власною системою аналітики
(Plausible або Matomo на сервері асоціації) — без файлів cookie й без стеження між сайтами.
Вона отримує:</p>
<ul>
<li>адресу переглянутої сторінки й адресу сайту, з якого ви перейшли;</li>
<li>тип браузера, операційної системи та пристрою;</li>
<li>країну, визначену за IP-адресою; саму IP-адресу не зберігаємо.</li>
</ul>
<p>Ці дані не дають змоги встановити, хто ви, і нікому не передаються.</p>
<h2>Кнопки «Поділитися»</h2>
<p>Кнопки соцмереж під новинами — звичайні посилання: доки ви не натиснете на кнопку,
соцмережа нічого не дізнається про ваш візит.</p>
<p>Запитання про дані надсилайте пресслужбі; адреса — на сторінці «Контакти».</p>
"""
PRIVACY_EN = """
<p>The website of the Association of Ukrainian Cities uses no cookies to follow its readers
and loads no third-party scripts: fonts, styles and scripts come from our own server.</p>
<h2>Visit statistics</h2>
<p>To learn which stories are read, we count page views with our own analytics (Plausible or
Matomo on the association's server), without cookies and without tracking across websites.
It receives:</p>
<ul>
<li>the address of the page viewed and of the website you came from;</li>
<li>the type of browser, operating system and device;</li>
<li>the country, worked out from the IP address; the address itself is not stored.</li>
</ul>
<p>These data cannot tell us who you are, and they are passed on to no one.</p>
<h2>Share buttons</h2>
<p>The share buttons under the news are plain links: until you click one, the social network
learns nothing about your visit.</p>
<p>Please send questions about data to the press office; its address is on the Contacts
page.</p>
"""

PAGES = [
    # path, parent path, position, title, title_en, body, body_en, show_contacts
    ("pro-amu", None, 10, "Про АМУ", "About AUC", ABOUT, ABOUT_EN, False),
    ("statut", "pro-amu", 10, "Статут", "Statute", STATUTE, STATUTE_EN, False),
    (
        "rehionalni-viddilennia",
        "pro-amu",
        20,
        "Регіональні відділення",
        "Regional offices",
        REGIONAL,
        REGIONAL_EN,
        False,
    ),
    ("kontakty", None, 30, "Контакти", "Contacts", CONTACTS, CONTACTS_EN, True),
    (
        "konfidentsiinist",
        None,
        40,
        "Конфіденційність",
        "Privacy",
        PRIVACY,
        PRIVACY_EN,
        False,
    ),
]

CATEGORIES = [
    ("Статутні документи", "Statutory documents"),
    ("Плани дій", "Action plans"),
    ("Звіти", "Reports"),
    ("Аналітичні записки", "Analytical notes"),
]

DOCUMENTS = [
    # title, title_en, category, date, language, attached to page path, article title start
    (
        "Статут Асоціації міст України",
        "Statute of the Association of Ukrainian Cities",
        "Статутні документи",
        date(2023, 3, 15),
        "uk",
        "pro-amu/statut",
        None,
    ),
    (
        "План дій Партнерства «Відкритий уряд» — місцевий рівень: зразок для громад",
        "OGP Local action plan: a template for hromadas",
        "Плани дій",
        date(2022, 6, 17),
        "uk",
        None,
        "Виконавчий директор АМУ зустрівся в Брюсселі",
    ),
    (
        "Виконання бюджетів об’єднаних територіальних громад за 2019 рік",
        "Budgets of amalgamated hromadas in 2019",
        "Аналітичні записки",
        date(2020, 3, 2),
        "uk",
        None,
        "АМУ проаналізувала виконання бюджетів",
    ),
    (
        "Звіт про діяльність Асоціації міст України за 2024 рік",
        "Annual report of the Association of Ukrainian Cities, 2024",
        "Звіти",
        date(2025, 2, 20),
        "uk",
        None,
        None,
    ),
    (
        "AUC Annual Report 2024: summary in English",
        "AUC Annual Report 2024: summary in English",
        "Звіти",
        date(2025, 3, 10),
        "en",
        None,
        None,
    ),
]

SITE = {
    "name_uk": "Асоціація міст України",
    "name_en": "Association of Ukrainian Cities",
    "short_name_uk": "АМУ",
    "short_name_en": "AUC",
    "address_uk": "вул. Січових Стрільців, 73\n04053, м. Київ",
    "address_en": "73 Sichovykh Striltsiv St.\n04053 Kyiv, Ukraine",
    "phones": "+380 44 486 28 78",
    "emails": "info@auc.org.ua\npress@auc.org.ua",
}

MENUS = {
    # language: {location: [(position, page path | section, label)]}
    "uk": {
        "header": [
            (10, "news", ""),
            (15, "events", ""),
            (20, "pro-amu", ""),
            (90, "documents", ""),
            (95, "kontakty", ""),
        ],
        "footer": [
            (10, "pro-amu", ""),
            (20, "pro-amu/statut", ""),
            (30, "pro-amu/rehionalni-viddilennia", ""),
            (40, "documents", ""),
            (50, "kontakty", ""),
            (60, "konfidentsiinist", ""),
        ],
    },
    "en": {
        "header": [
            (10, "news", ""),
            (15, "events", ""),
            (20, "pro-amu", ""),
            (90, "documents", ""),
            (95, "kontakty", ""),
        ],
        # The same pages as the Ukrainian footer: each of them has an English version.
        "footer": [
            (10, "pro-amu", ""),
            (20, "pro-amu/statut", ""),
            (30, "pro-amu/rehionalni-viddilennia", ""),
            (40, "documents", ""),
            (50, "kontakty", ""),
            (60, "konfidentsiinist", ""),
        ],
    },
}


def demo_pdf(title, subtitle):
    """A one-page A4 PDF (made with Pillow) with the title, marked as a demo document."""
    width, height = 1240, 1754  # A4 at 150 dpi
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    font_path = next((path for path in FONT_PATHS if path.exists()), None)

    def font(size):
        if font_path:
            return ImageFont.truetype(str(font_path), size)
        return ImageFont.load_default(size)

    draw.rectangle((0, 0, width, 24), fill=60)
    draw.text((120, 160), "Асоціація міст України", font=font(36), fill=60)
    y = 300
    for line in textwrap.wrap(title, 38):
        draw.text((120, y), line, font=font(54), fill=0)
        y += 72
    draw.text((120, y + 40), subtitle, font=font(32), fill=80)
    body = (
        "Демонстраційний документ для перегляду сайту. Справжній текст документа "
        "редактор завантажує в адмінці."
    )
    y += 160
    for line in textwrap.wrap(body, 60):
        draw.text((120, y), line, font=font(30), fill=40)
        y += 46
    buffer = io.BytesIO()
    image.save(buffer, "PDF", resolution=150, title=title)
    return ContentFile(buffer.getvalue(), name=f"{slugify_uk(title)}.pdf")


class Command(BaseCommand):
    help = "Loads the demo pages, menus, site settings and documents (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        SiteSettings.objects.update_or_create(
            pk=SiteSettings.SINGLETON_PK,
            defaults=SITE
            | {"default_programme": Programme.objects.filter(acronym="ПУЛЬС").first()},
        )
        pages = self.load_pages()
        documents = self.load_documents(pages)
        self.load_menus(pages)
        self.stdout.write(
            self.style.SUCCESS(
                f"Демо-сторінки: {len(pages)}, документи: {documents}, меню: "
                f"{Menu.objects.count()}."
            )
        )

    def load_pages(self):
        pages = {}
        for slug, parent, position, title, title_en, body, body_en, contacts in PAGES:
            parent_page = pages.get(parent)
            page, _created = Page.objects.update_or_create(
                slug=slug,
                parent=parent_page,
                defaults={
                    "title_uk": title,
                    "title_en": title_en,
                    "body_uk": body.strip(),
                    "body_en": body_en.strip(),
                    "position": position,
                    "show_contacts": contacts,
                    "status": Page.Status.PUBLISHED,
                },
            )
            pages[page.path] = page
        return pages

    def load_documents(self, pages):
        categories = {
            name: DocumentCategory.objects.get_or_create(
                slug=slugify_uk(name), defaults={"name_uk": name, "name_en": name_en}
            )[0]
            for name, name_en in CATEGORIES
        }
        created = 0
        for title, title_en, category, day, language, page_path, article_start in DOCUMENTS:
            document = Document.objects.filter(title_uk=title).first()
            if document is None:
                document = Document(
                    title_uk=title,
                    title_en=title_en,
                    category=categories[category],
                    published_on=day,
                    language=language,
                    file=demo_pdf(title, day.strftime("%d.%m.%Y")),
                    status=Document.Status.PUBLISHED,
                )
                document.save()
                created += 1
            if page_path:
                document.pages.add(pages[page_path])
            if article_start:
                article = Article.objects.filter(title_uk__startswith=article_start).first()
                if article:
                    document.articles.add(article)
            if category == "Плани дій":
                document.initiatives.add(*Initiative.objects.filter(acronym="OGP Local"))
        return Document.objects.count()

    def load_menus(self, pages):
        for language, locations in MENUS.items():
            for location, entries in locations.items():
                menu, _created = Menu.objects.get_or_create(location=location, language=language)
                for position, target, label in entries:
                    if target in pages:
                        lookup = {"page": pages[target]}
                    else:
                        lookup = {"section": target}
                    MenuItem.objects.update_or_create(
                        menu=menu, **lookup, defaults={"position": position, "label": label}
                    )
