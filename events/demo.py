"""Demo events for load_demo_content (idempotent): three to come, dated from today so that
they stay upcoming whenever the demo is loaded, and two past ones with their reports."""

from datetime import date, time, timedelta

from django.utils import timezone

from editorial.text import slugify_uk
from news.management.commands.load_demo_content import cover_image
from news.models import Article
from partners.demo import DEMO_HROMADAS
from partners.models import Initiative, Municipality, Programme

from .models import Event, kyiv_moment

FORUM = {
    "title_uk": "Форум громад «Відновлення разом»",
    "title_en": "“Rebuilding Together” Forum of Hromadas",
    "lead_uk": "Міські голови, депутати та партнери обговорять, як громадам фінансувати "
    "відбудову і не втратити людей.",
    "lead_en": "Mayors, councillors and partners discuss how hromadas can finance recovery "
    "and keep their people.",
    "body_uk": "<p>Два дні панельних дискусій і практичних сесій: місцеві бюджети, житло для "
    "внутрішньо переміщених осіб, енергостійкість і співпраця з міжнародними партнерами.</p>"
    "<p>Участь безкоштовна, кількість місць обмежена.</p>",
    "body_en": "<p>Two days of panels and practical sessions: local budgets, housing for "
    "internally displaced people, energy resilience and work with international "
    "partners.</p><p>Participation is free; places are limited.</p>",
    "venue_uk": "Український дім",
    "venue_en": "Ukrainian House",
    "address_uk": "м. Київ, вул. Хрещатик, 2",
    "address_en": "2 Khreshchatyk St, Kyiv",
    "cover_alt_uk": "Абстрактна ілюстрація в кольорах асоціації",
    "cover_alt_en": "An abstract illustration in the association’s colours",
    "attendance": Event.Attendance.OFFLINE,
    "registration_url": "https://example.org/forum-registration",
}
WEBINAR = {
    "title_uk": "Вебінар «Місцеві бюджети 2027: що змінилося»",
    "title_en": "Webinar “Local Budgets 2027: What Has Changed”",
    "lead_uk": "Експерти АМУ пояснять зміни до Бюджетного кодексу та відповідять на "
    "запитання фінансових управлінь громад.",
    "lead_en": "AUC experts explain the amendments to the Budget Code and answer the "
    "questions of hromadas’ finance departments.",
    "body_uk": "<p>Вебінар для фінансових управлінь і депутатів місцевих рад. Запитання "
    "можна надіслати заздалегідь у формі реєстрації.</p>",
    "body_en": "<p>A webinar for finance departments and local councillors. Questions can be "
    "sent in advance with the registration form.</p>",
    "attendance": Event.Attendance.ONLINE,
    "online_url": "https://example.org/webinar-budgets-2027",
    "registration_url": "https://example.org/webinar-registration",
}
OGP_MEETING = {
    "title_uk": "Зустріч громад OGP Local: плани дій на 2027 рік",
    "lead_uk": "Тернопіль, Хмельницький і Вінниця розкажуть, як виконують свої плани дій "
    "відкритого уряду.",
    "body_uk": "<p>Зустріч у Вінниці з трансляцією для всіх охочих.</p>",
    "venue_uk": "Вінницька міська рада",
    "address_uk": "м. Вінниця, вул. Соборна, 59",
    "attendance": Event.Attendance.MIXED,
    "online_url": "https://example.org/ogp-local-stream",
}
CONGRESS = {
    "title_uk": "З’їзд Асоціації міст України",
    "title_en": "Congress of the Association of Ukrainian Cities",
    "lead_uk": "Делегати громад визначили пріоритети асоціації на період відновлення.",
    "lead_en": "Delegates of the hromadas set the association’s priorities for the recovery.",
    "body_uk": "<p>Звітно-виборний з’їзд асоціації.</p>",
    "body_en": "<p>The association’s reporting and election congress.</p>",
    "venue_uk": "Український дім",
    "venue_en": "Ukrainian House",
    "address_uk": "м. Київ, вул. Хрещатик, 2",
    "address_en": "2 Khreshchatyk St, Kyiv",
    "attendance": Event.Attendance.OFFLINE,
    "starts_on": date(2026, 6, 26),
}
TRAINING = {
    "title_uk": "Онлайн-тренінг із кризових комунікацій для речників міських рад",
    "title_en": "Online Training in Crisis Communication for City Council Spokespeople",
    "lead_uk": "Як говорити з мешканцями під час надзвичайних ситуацій.",
    "lead_en": "How to speak to residents in an emergency.",
    "body_uk": "<p>Тренінг у межах проєкту ПУЛЬС.</p>",
    "body_en": "<p>A training within the PULSE project.</p>",
    "attendance": Event.Attendance.ONLINE,
    "online_url": "https://example.org/crisis-communication",
    "starts_on": date(2020, 9, 24),
    "start_time": time(10),
    "end_time": time(13),
}


def load_demo_events(sender=None, stdout=None, **kwargs):
    """The receiver of news.signals.demo_content_loaded."""
    today = timezone.localdate()
    ogp = Initiative.objects.filter(acronym="OGP Local").first()
    pulse = Programme.objects.filter(acronym_uk="ПУЛЬС").first()
    demo = [
        (
            FORUM,
            {
                "starts_on": today + timedelta(days=21),
                "ends_on": today + timedelta(days=22),
                "start_time": time(10),
                "end_time": time(17),
                "registration_deadline": kyiv_moment(today + timedelta(days=14), time(18)),
            },
            ["Київ", "Вінницька", "Херсонська"],
            [],
            True,
        ),
        (
            WEBINAR,
            {
                "starts_on": today + timedelta(days=7),
                "start_time": time(11),
                "end_time": time(12, 30),
            },
            [],
            [],
            False,
        ),
        (
            OGP_MEETING,
            {"starts_on": today + timedelta(days=35), "initiative": ogp},
            ["Вінницька", "Тернопільська", "Хмельницька"],
            [],
            False,
        ),
        (CONGRESS, {}, ["Київ"], ["З’їзд АМУ в Києві визначив пріоритети"], True),
        (
            TRAINING,
            {"programme": pulse},
            [],
            ["Речники міських рад пройшли онлайн-тренінг"],
            False,
        ),
    ]
    for fields, more, hromadas, reports, cover in demo:
        event, _created = Event.objects.update_or_create(
            slug=slugify_uk(fields["title_uk"]),
            defaults={**fields, **more, "status": Event.Status.PUBLISHED},
        )
        # Announced a month before it took place, or yesterday for one coming soon.
        announced = min(event.starts_at - timedelta(days=30), timezone.now() - timedelta(days=1))
        if event.published_at != announced and event.published_at > announced:
            event.published_at = announced
            event.save(update_fields=["published_at"])
        codes = [DEMO_HROMADAS[name] for name in hromadas]
        event.municipalities.set(Municipality.objects.filter(code__in=codes))
        articles = Article.objects.none()
        for start in reports:
            articles |= Article.objects.filter(title_uk__startswith=start)
        event.articles.set(articles)
        if cover and not event.cover_image:
            event.cover_image.save(f"{event.slug}.jpg", cover_image(event.slug))
    if stdout is not None:
        stdout.write(f"Демо-події: {len(demo)}.")
