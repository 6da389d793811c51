"""Municipalities mentioned in a Ukrainian text, in any case form (issues 11, 25).

"у Тернополі", "Тернопільської міської ради" and "Хмельницькому" all name a hromada; they
are found by comparing dictionary forms (editorial.text.lemmas) with the hromadas' centres and
names. The result is a suggestion for an editor, never a link made blindly.

The search looks at each word, the one before it and at most LONGEST_NAME + 1 after it; each
distinct word is reduced to its dictionary form once: its work grows with the text's length,
not with its square, so a 5 MB export is read in seconds (issue 25).
"""

from dataclasses import dataclass

from editorial.text import WORD, lemmas, normalize_apostrophes
from partners.models import Municipality

# After a hromada's adjective these say it is the hromada: "Вінницька міська рада".
HROMADA_WORDS = frozenset({"громада", "міський", "селищний", "сільський", "отг", "тг", "рада"})
# After a name these say it is something else: "Хмельницька область", "Бучанський район".
OTHER_UNITS = frozenset({"область", "обл", "район", "ода", "рда", "ова", "округ"})
LONGEST_NAME = 4  # words; "Кам'янець-Подільський" is two
PROGRESS_STEP = 20_000  # words
# "сільська рада" is a village's hromada, "міська рада" a city's: where two hromadas share a
# name ("Українська"), the word after it tells them apart.
CITY_WORDS = frozenset({"міський"})
VILLAGE_WORDS = frozenset({"сільський", "селищний"})
# The dictionary misses some towns' case forms ("Луцьку" → "луцький"): a one-word centre
# that is a noun also matches its stem followed by a noun's case ending. Not an adjective's
# ("-ий", "-ого", "-ому"…): "Приморський бульвар" is no mention of Приморськ.
CASE_ENDINGS = frozenset("а я у ю і и е о ї й ом ем єм ою ею єю ах ях ами ями ій".split())
ENDING_LENGTH = max(map(len, CASE_ENDINGS))
STEM_ENDS = "аяоеіиїйь"
# A one-word centre that is an adjective ("Українське", "Рівне", "Хмельницький") shares its
# dictionary form with a common adjective ("Український фонд"): it matches only the case
# forms of its own gender: nominative ending → the endings of its cases. (The dictionary
# cannot tell: it reduces "Рівне" to "рівня" and "Зелене" to "зелень".) Feminine ones are
# left out: "Мостиська" is a plural noun.
ADJECTIVE_CASES = {
    "ий": ("ий", "ого", "ому", "им", "ім"),
    "е": ("е", "ого", "ому", "им", "ім"),
}
# A village whose name is an adjective is that village after a preposition of place with
# its case: "в Українському", "з Українського". "Українського фонду", "разом з Українським
# фондом" are no village. (Preposition, endings of the case it takes.)
PLACE_PREPOSITIONS = [
    (frozenset("у в на".split()), ("ому", "ім")),
    (frozenset("з із зі до від біля поблизу".split()), ("ого",)),
]


@dataclass(frozen=True)
class Mention:
    municipality_id: int
    text: str  # as written: "Тернополя"


@dataclass(frozen=True)
class Place:
    """A municipality as the index knows it."""

    id: int
    centre: str
    name: str
    is_city: bool = False


class WordForms:
    """Each word's dictionary form, computed once per distinct word of the texts seen."""

    def __init__(self):
        self.known = {}

    def __call__(self, text):
        """(span, lower case, dictionary form) for each word of the text."""
        words = []
        for match in WORD.finditer(normalize_apostrophes(text)):
            lower = match[0].lower()
            lemma = self.known.get(lower)
            if lemma is None:
                lemma = self.known[lower] = (lemmas(lower) or [lower])[0]
            words.append((match.span(), lower, lemma))
        return words


def stem(name):
    name = normalize_apostrophes(name).lower()
    return name[:-1] if name[-1:] in STEM_ENDS else name


def adjective_forms(centre):
    """The case forms of a one-word centre that is an adjective, or None for a noun."""
    word = normalize_apostrophes(centre).lower()
    for ending, cases in ADJECTIVE_CASES.items():
        if word.endswith(ending) and len(word) > len(ending) + 2:  # "Стрий" is a noun
            return {word.removesuffix(ending) + case for case in cases}
    return None


class MunicipalityIndex:
    """Finds municipalities by their centre ("Тернопіль") or name ("Тернопільська громада")."""

    def __init__(self, places):
        self.centres, self.names, self.stems, self.adjectives = {}, {}, {}, {}
        self.word_forms = WordForms()
        for place in places:
            centre_words = WORD.findall(normalize_apostrophes(place.centre or ""))
            forms = adjective_forms(place.centre) if len(centre_words) == 1 else None
            if forms:
                for form in forms:
                    self.adjectives.setdefault(form, set()).add(place)
            elif len(centre_words) == 1 and len(stem(place.centre)) >= 3:
                self.stems.setdefault(stem(place.centre), set()).add(place)
            for table, text in [(self.centres, place.centre), (self.names, place.name)]:
                if len(text or "") < 3 or (forms and table is self.centres):
                    continue
                plain = tuple(WORD.findall(normalize_apostrophes(text).lower()))
                for key in {tuple(lemmas(text)), plain}:
                    if 0 < len(key) <= LONGEST_NAME:
                        table.setdefault(key, set()).add(place)
        self.first_words = {
            key[0] for table in (self.centres, self.names) for key in table if len(key) > 1
        }

    @classmethod
    def from_database(cls):
        # No ordering: the Ukrainian collation would sort 1,469 rows in Python for nothing.
        rows = Municipality.objects.order_by().values_list("pk", "centre_uk", "name_uk", "kind")
        return cls(
            Place(pk, centre or "", name or "", kind == Municipality.Kind.URBAN)
            for pk, centre, name, kind in rows
        )

    def find(self, text, progress=None):
        """Mentions of unambiguous municipalities, first mention of each, in text order.
        progress, if given, is called with the share of the text searched so far."""
        words = self.word_forms(text)
        found = {}
        position, reported = 0, 0
        while position < len(words):
            if progress and position - reported >= PROGRESS_STEP:
                progress(position / len(words))
                reported = position
            # A proper name starts with a capital letter: "суми коштів" is no city.
            capital = text[words[position][0][0]].isupper()
            if capital and (match := self.match_at(words, position)):
                place, length = match
                start, end = words[position][0][0], words[position + length - 1][0][1]
                found.setdefault(place.id, Mention(place.id, text[start:end]))
                position += length
            else:
                position += 1
        if progress:
            progress(1)
        return list(found.values())

    def match_at(self, words, position):
        _span, lower, lemma = words[position]
        # Longer windows only where a name of several words begins: most words begin none.
        longest = LONGEST_NAME if {lower, lemma} & self.first_words else 1
        for length in range(min(longest, len(words) - position), 0, -1):
            window = words[position : position + length]
            after = position + length
            following = set(words[after][1:]) if after < len(words) else set()
            if following & OTHER_UNITS:
                continue
            candidates = set()
            for key in {tuple(lemma for *_, lemma in window), tuple(lw for _w, lw, _l in window)}:
                candidates |= self.centres.get(key, set())
                if following & HROMADA_WORDS:
                    candidates |= self.names.get(key, set())
            if length == 1 and not candidates:
                before = words[position - 1][1] if position else ""
                candidates = self.by_adjective(window[0][1], before) or self.by_stem(window[0][1])
            if following & CITY_WORDS:
                candidates = {place for place in candidates if place.is_city}
            elif following & VILLAGE_WORDS:
                candidates = {place for place in candidates if not place.is_city}
            if place := self.choose(candidates):
                return place, length
        return None

    def by_adjective(self, word, before):
        """A centre named by an adjective, in a case form of its own gender; a village only
        after a preposition of place ("в Українському"), a city anywhere ("Рівне")."""
        places = self.adjectives.get(word, set())
        if any(before in words and word.endswith(cases) for words, cases in PLACE_PREPOSITIONS):
            return places
        return {place for place in places if place.is_city}

    def by_stem(self, word):
        candidates = set()
        for cut in range(min(ENDING_LENGTH, len(word)) + 1):
            if cut == 0 or word[-cut:] in CASE_ENDINGS:
                candidates |= self.stems.get(word[: len(word) - cut], set())
        return candidates

    @staticmethod
    def choose(candidates):
        """One municipality, or none when the name is shared ("Іванівка" is many places)."""
        if len(candidates) == 1:
            return next(iter(candidates))
        cities = [place for place in candidates if place.is_city]
        return cities[0] if len(cities) == 1 else None
