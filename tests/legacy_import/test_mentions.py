import pytest

from legacy_import.mentions import MunicipalityIndex, Place, WordForms

PLACES = [
    Place(1, "Тернопіль", "Тернопільська", is_city=True),
    Place(2, "Вінниця", "Вінницька", is_city=True),
    Place(3, "Хмельницький", "Хмельницька", is_city=True),
    Place(4, "Рівне", "Рівненська", is_city=True),
    Place(5, "Кам’янець-Подільський", "Кам’янець-Подільська", is_city=True),
    Place(6, "Біла Церква", "Білоцерківська", is_city=True),
    Place(7, "Луцьк", "Луцька", is_city=True),
    Place(8, "Іванівка", "Іванівська"),
    Place(9, "Іванівка", "Іванівська"),
    Place(10, "Суми", "Сумська", is_city=True),
    Place(11, "Слов’янськ", "Слов’янська", is_city=True),
    # Villages named by an adjective, as in the codifier: "Українське" of the Українська
    # сільська громада shares its dictionary form with "Український".
    Place(12, "Українське", "Українська"),
    Place(13, "Зелене", "Зеленівська"),
    Place(14, "Українка", "Українська", is_city=True),
    Place(15, "Нове", "Новенська"),
    Place(16, "Приморськ", "Приморська", is_city=True),
]


@pytest.fixture(scope="module")
def index():
    return MunicipalityIndex(PLACES)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Мер Тернополя виступив.", [(1, "Тернополя")]),
        ("Зустріч у Вінниці та в Хмельницькому.", [(2, "Вінниці"), (3, "Хмельницькому")]),
        ("Рішення Вінницької міської ради.", [(2, "Вінницької")]),
        ("Делегація з Рівного і Луцьку.", [(4, "Рівного"), (7, "Луцьку")]),
        ("Форум у Кам’янець-Подільському.", [(5, "Кам’янець-Подільському")]),
        ("Школа в Білій Церкві.", [(6, "Білій Церкві")]),
        ("Тернопіль і знову Тернопіль.", [(1, "Тернопіль")]),
        ("Мери Сум і Слов’янська.", [(10, "Сум"), (11, "Слов’янська")]),
        ("Рівне і Хмельницький підписали угоду.", [(4, "Рівне"), (3, "Хмельницький")]),
        ("Школу в Українському відремонтували.", [(12, "Українському")]),
        ("Делегація із Зеленого приїхала.", [(13, "Зеленого")]),
        ("Рада Українського ухвалила бюджет.", []),
        ("Українська сільська рада ухвалила бюджет.", [(12, "Українська")]),
        ("Українська міська рада ухвалила бюджет.", [(14, "Українська")]),
        ("Школа в Новому і в Приморську.", [(15, "Новому"), (16, "Приморську")]),
        ("Приморської міської громади.", [(16, "Приморської")]),
    ],
)
def test_case_forms_of_municipalities_are_found(index, text, expected):
    """ "у Вінниці", "Тернополя", "Хмельницькому" are offered as their hromadas."""
    assert [(m.municipality_id, m.text) for m in index.find(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Хмельницька область отримала кошти.",  # the oblast, not the hromada
        "Зросли суми податків.",  # lower case: "sums", not the city
        "Вінницька компанія.",  # an adjective without "громада" / "міська рада"
        "Іванівка отримала школу.",  # several hromadas have this centre
        # Adjectives in organisations' and events' names that equal a village's name:
        "Український фонд соціальних інвестицій виділив кошти.",
        "Представники Українського фонду приїхали.",
        "Разом з Українським фондом відбудували школу.",
        "Зелена енергетика і Зелений тариф.",
        "Зелене будівництво обговорили в Києві.",
        "Новий рік і Нова пошта.",
        "Приморський бульвар і Приморського району.",
    ],
)
def test_no_suggestion_where_the_text_does_not_name_one_hromada(index, text):
    """Oblasts, common words and shared village names are not offered as a hromada."""
    assert index.find(text) == []


class CountingWords(list):
    """A text's words that count how many of them the search reads."""

    reads = 0

    def __getitem__(self, key):
        item = super().__getitem__(key)
        CountingWords.reads += len(item) if isinstance(key, slice) else 1
        return item

    def __iter__(self):
        for item in super().__iter__():
            CountingWords.reads += 1
            yield item


def words_read(index, text):
    CountingWords.reads = 0
    forms = WordForms()
    index.word_forms = lambda text: CountingWords(forms(text))
    try:
        index.find(text)
    finally:
        del index.word_forms
    return CountingWords.reads


def test_the_search_reads_each_word_a_bounded_number_of_times(index):
    """A 5 MB export is searched in seconds: four times the text is four times the work."""
    paragraph = (
        "Представники Тернополя, Хмельницької міської ради та громад Хмельницької області "
        "зустрілися у Вінниці. Український фонд соціальних інвестицій і Асоціація міст "
        "України Представили Програму Відновлення Громад. "
    )
    once, four_times = words_read(index, paragraph * 50), words_read(index, paragraph * 200)
    assert once > 0
    assert four_times <= 4 * once * 1.05
