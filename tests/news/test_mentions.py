import pytest

from news.mentions import MunicipalityIndex, Place

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
    ],
)
def test_no_suggestion_where_the_text_does_not_name_one_hromada(index, text):
    """Oblasts, common words and shared village names are not offered as a hromada."""
    assert index.find(text) == []
