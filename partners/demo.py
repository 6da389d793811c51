"""Demo partners for load_demo_content: OGP Local, ПУЛЬС and their organizations.

Facts from public sources: the ПУЛЬС programme as registered in the government's donor
projects register (donors.decentralization.gov.ua: 14.12.2015–13.12.2020, USAID, implemented
by the association); OGP Local membership of Ternopil, Khmelnytskyi and Vinnytsia since 2020
with the action plans published by the Open Government Partnership.
"""

from datetime import date

from .models import Initiative, Membership, Municipality, Organization, Programme

# The demo articles name hromadas, but names repeat (eight «Миколаївська»): map them to codes.
DEMO_HROMADAS = {
    "Балаклійська": "UA63040010000010092",
    "Вінницька": "UA05020030000031457",
    "Дніпровська": "UA12020010000033698",
    "Житомирська": "UA18040190000029215",
    "Київ": "UA80000000000093317",
    "Івано-Франківська": "UA26040190000081578",
    "Ізюмська": "UA63040090000021240",
    "Кропивницька": "UA35040210000014072",
    "Луцька": "UA07080170000013585",
    "Львівська": "UA46060250000025047",
    "Миколаївська": "UA48060150000071713",
    "Полтавська": "UA53080370000025447",
    "Рівненська": "UA56060470000086729",
    "Тернопільська": "UA61040490000035010",
    "Ужгородська": "UA21100230000083101",
    "Хмельницька": "UA68040470000053519",
    "Херсонська": "UA65100150000057191",
    "Черкаська": "UA71080490000022110",
    "Чернігівська": "UA74100390000073425",
}
# Liberated in autumn 2022.
DEOCCUPIED = {
    "Балаклійська": date(2022, 9, 8),
    "Ізюмська": date(2022, 9, 10),
    "Херсонська": date(2022, 11, 11),
}
# Oblast centres are members of the association; the demo marks those it mentions.
OBLAST_CENTRES = set(DEMO_HROMADAS) - {"Балаклійська", "Ізюмська"}

OGP_LOCAL_MEMBERS = {
    # name: (joined, action plan start, action plan end)
    "Тернопільська": (2020, 2021, 2023),
    "Хмельницька": (2020, 2021, 2025),
    "Вінницька": (2020, 2021, 2025),
}


def organization(acronym_uk, **fields):
    obj, _ = Organization.objects.update_or_create(acronym_uk=acronym_uk, defaults=fields)
    return obj


class PartnersDemo:
    """Creates the demo partners (idempotent) and links demo articles to them."""

    def __init__(self, stdout):
        self.stdout = stdout
        self.municipalities = {
            municipality.code: municipality
            for municipality in Municipality.objects.filter(code__in=DEMO_HROMADAS.values())
        }
        self.warned = set()

    def load(self):
        ogp = organization(
            "OGP",
            acronym_en="OGP",
            name_uk="Партнерство «Відкритий уряд»",
            name_en="Open Government Partnership",
            kind=Organization.Kind.INTERNATIONAL,
            website="https://www.opengovpartnership.org/",
        )
        usaid = organization(
            "USAID",
            acronym_en="USAID",
            name_uk="Агентство США з міжнародного розвитку",
            name_en="United States Agency for International Development",
            kind=Organization.Kind.DONOR,
        )
        amu = organization(
            "АМУ",
            acronym_en="AUC",
            name_uk="Асоціація міст України",
            name_en="Association of Ukrainian Cities",
            kind=Organization.Kind.ASSOCIATION,
            website="https://auc.org.ua/",
        )
        self.pulse, _ = Programme.objects.update_or_create(
            acronym_uk="ПУЛЬС",
            defaults={
                "acronym_en": "PULSE",
                "name_uk": "Розробка курсу на зміцнення місцевого самоврядування в Україні",
                "name_en": "Policy for Ukraine Local Self-Governance",
                "donor": usaid,
                "implementer": amu,
                "start_date": date(2015, 12, 14),
                "end_date": date(2020, 12, 13),
                "description_uk": (
                    "<p>Проєкт підтримував децентралізацію: асоціація разом із фахівцями "
                    "громад готувала й відстоювала законодавство про місцеве самоврядування, "
                    "допомагала громадам збільшувати власні ресурси та консультувала їх через "
                    "офіси реформ у 24 регіональних відділеннях АМУ.</p>"
                ),
                "description_en": (
                    "<p>The project supported decentralisation: the association and local "
                    "government practitioners drafted and advocated local self-government "
                    "legislation, helped hromadas increase their own resources and advised "
                    "them through reform offices in the 24 regional branches of the AUC.</p>"
                ),
            },
        )
        self.ogp_local, _ = Initiative.objects.update_or_create(
            slug="ogp-local",
            defaults={
                "acronym": "OGP Local",
                "name_uk": "Партнерство «Відкритий уряд» — місцевий рівень",
                "name_en": "Open Government Partnership Local",
                "start_year": 2016,
                "website": "https://www.opengovpartnership.org/ogp-local/",
                "description_uk": (
                    "<p>Програма Партнерства «Відкритий уряд» для місцевої влади. Громада "
                    "разом з організаціями громадянського суспільства складає місцевий план "
                    "дій — зобов’язання щодо відкритості, підзвітності та участі мешканців — "
                    "і звітує про його виконання.</p><p>Програма виросла з пілотного проєкту "
                    "2016 року. Українські громади долучилися до неї 2020 року.</p>"
                ),
                "description_en": (
                    "<p>The Open Government Partnership's programme for local governments. "
                    "A hromada and civil society organizations co-create a local action plan "
                    "of commitments on transparency, accountability and public participation, "
                    "and report on its implementation.</p><p>The programme grew out of a 2016 "
                    "pilot. Ukrainian hromadas joined it in 2020.</p>"
                ),
            },
        )
        self.ogp_local.partners.set([ogp])
        for name, (joined, plan_start, plan_end) in OGP_LOCAL_MEMBERS.items():
            municipality = self.municipality(name)
            if municipality:
                Membership.objects.update_or_create(
                    initiative=self.ogp_local,
                    municipality=municipality,
                    defaults={
                        "joined_year": joined,
                        "action_plan_start": plan_start,
                        "action_plan_end": plan_end,
                    },
                )
        Municipality.objects.filter(
            code__in=[DEMO_HROMADAS[name] for name in OBLAST_CENTRES]
        ).update(amu_member=True)
        for name, liberated in DEOCCUPIED.items():
            Municipality.objects.filter(code=DEMO_HROMADAS[name]).update(
                status=Municipality.Status.DEOCCUPIED, status_since=liberated
            )
        return self

    def municipality(self, name):
        municipality = self.municipalities.get(DEMO_HROMADAS.get(name))
        if municipality is None:
            self.warn(
                name,
                f"Громади «{name}» немає в довіднику (manage.py import_hromadas); "
                "посилання пропущено.",
            )
        return municipality

    def warn(self, key, message):
        if key not in self.warned:
            self.warned.add(key)
            self.stdout.write(message)

    def programme(self, acronym):
        return self.pulse if acronym == "ПУЛЬС" else None

    def link(self, article, item):
        """Mentioned hromadas and the related initiative of one demo article."""
        mentioned = (self.municipality(name) for name in item.get("municipalities", []))
        article.municipalities.set(m for m in mentioned if m is not None)
        article.initiatives.set([self.ogp_local] if item.get("initiative") == "OGP Local" else [])
