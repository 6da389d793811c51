# Non-breaking spaces, as in Ukrainian: "18 September 2025" stays on one line.
DATE_FORMAT = "j\xa0F\xa0Y"
DATETIME_FORMAT = "j\xa0F\xa0Y, H:i"
MONTH_DAY_FORMAT = "j\xa0F"
YEAR_MONTH_FORMAT = "F\xa0Y"
SHORT_DATE_FORMAT = "d.m.Y"
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
