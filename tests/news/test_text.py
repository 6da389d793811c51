import pytest
from django.utils import timezone

from editorial.text import free_slug, lemmas, slugify_uk, unique_slug
from news.models import Article, Category

# Examples from the table of Cabinet of Ministers resolution No. 55 of 27 January 2010.
OFFICIAL_EXAMPLES = [
    ("Алушта", "alushta"),
    ("Андрій", "andrii"),
    ("Борщагівка", "borshchahivka"),
    ("Вінниця", "vinnytsia"),
    ("Гадяч", "hadiach"),
    ("Згорани", "zghorany"),
    ("Розгон", "rozghon"),
    ("Ґалаґан", "galagan"),
    ("Донецьк", "donetsk"),
    ("Єнакієве", "yenakiieve"),
    ("Гаєвич", "haievych"),
    ("Короп'є", "koropie"),
    ("Житомир", "zhytomyr"),
    ("Закарпаття", "zakarpattia"),
    ("Іванків", "ivankiv"),
    ("Їжакевич", "yizhakevych"),
    ("Кадиївка", "kadyivka"),
    ("Мар'їне", "marine"),
    ("Йосипівка", "yosypivka"),
    ("Стрий", "stryi"),
    ("Олексій", "oleksii"),
    ("Київ", "kyiv"),
    ("Миколаїв", "mykolaiv"),
    ("Одеса", "odesa"),
    ("Решетилівка", "reshetylivka"),
    ("Соломія", "solomiia"),
    ("Ужгород", "uzhhorod"),
    ("Уляна", "uliana"),
    ("Харків", "kharkiv"),
    ("Христина", "khrystyna"),
    ("Біла Церква", "bila-tserkva"),
    ("Чернівці", "chernivtsi"),
    ("Шостка", "shostka"),
    ("Щербухи", "shcherbukhy"),
    ("Гоща", "hoshcha"),
    ("Юрій", "yurii"),
    ("Корюківка", "koriukivka"),
    ("Яготин", "yahotyn"),
    ("Костянтин", "kostiantyn"),
    ("Знам'янка", "znamianka"),
    ("Феодосія", "feodosiia"),
    ("Хмельницький", "khmelnytskyi"),
    ("Тернопіль", "ternopil"),
]


@pytest.mark.parametrize(("ukrainian", "expected"), OFFICIAL_EXAMPLES)
def test_official_transliteration(ukrainian, expected):
    """A slug spells a Ukrainian name as the 2010 official table does."""
    assert slugify_uk(ukrainian) == expected


@pytest.mark.parametrize("apostrophe", ["'", "’", "ʼ", "‘", "`"])
def test_every_apostrophe_variant_is_dropped(apostrophe):
    """Whatever apostrophe an editor types, «Знам’янка» gives the same slug."""
    assert slugify_uk(f"Знам{apostrophe}янка") == "znamianka"


def test_slug_is_cut_at_a_word_boundary():
    """A long title gives a slug of at most 80 characters that ends with a whole word."""
    title = (
        "Асоціація міст України провела консультації щодо відновлення "
        "деокупованих громад Харківщини та Херсонщини"
    )
    slug = slugify_uk(title)
    assert len(slug) <= 80
    assert slug == slugify_uk(title)[: len(slug)]
    assert not slug.endswith("-")
    assert f"{slug}-" in slugify_uk(title, max_length=200) + "-"


def test_punctuation_and_quotes_vanish():
    """«Ялинки», dashes and colons leave only words joined by hyphens."""
    assert slugify_uk("«Відкритий уряд» — місцевий рівень: нові члени!") == (
        "vidkrytyi-uriad-mistsevyi-riven-novi-chleny"
    )


@pytest.mark.django_db
def test_unique_slug_appends_a_number():
    """Two articles with one title get two addresses, not an error."""
    category = Category.objects.create(name_uk="Події")
    first = Article.objects.create(title_uk="Громада", category=category)
    second = Article.objects.create(title_uk="Громада", category=category)
    assert (first.slug, second.slug) == ("hromada", "hromada-2")
    assert unique_slug(Article, "Громада", instance=first) == "hromada"


def test_free_slug_numbers_a_taken_slug_within_the_length():
    """A hromada or page whose long name is taken still gets an address that fits (80)."""
    base = slugify_uk("Новопсковська селищна громада Старобільського району " * 3)
    assert len(base) <= 80
    taken = {base, f"{base[:78].rstrip('-')}-2"}
    slug = free_slug(base, taken)
    assert slug.endswith("-3") and len(slug) <= 80 and slug not in taken
    assert free_slug("hromada", {"hromada-2"}) == "hromada"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("громадою", ["громада"]),
        ("громадам", ["громада"]),
        ("Тернополя", ["тернопіль"]),
        ("у Вінниці", ["у", "вінниця"]),
        ("Хмельницькому", ["хмельницький"]),
        ("об’єднаних", ["об'єднаний"]),
        ("обʼєднаних", ["об'єднаний"]),
    ],
)
def test_lemmas_give_dictionary_forms(text, expected):
    """A search for «громада» can find «громадою»: both reduce to one form."""
    assert lemmas(text) == expected


@pytest.mark.django_db
def test_an_article_never_gets_a_year_for_its_address(client):
    """/novyny/2025/ is the archive of 2025: an article titled «2025» is given another address,
    in both languages, and opens at it."""
    category = Category.objects.create(name_uk="Події")
    article = Article.objects.create(
        title_uk="2025",
        title_en="2025",
        category=category,
        status=Article.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    assert (article.slug, article.slug_en) == ("2025-2", "2025-2")
    assert client.get(article.get_absolute_url()).context["article"] == article
