# Dates as Ukrainians write them: "20 червня 2022" (genitive month, no "р."), with
# non-breaking spaces: a date never breaks across two lines (issue 26).
DATE_FORMAT = "j\xa0E\xa0Y"
DATETIME_FORMAT = "j\xa0E\xa0Y, H:i"
MONTH_DAY_FORMAT = "j\xa0E"
YEAR_MONTH_FORMAT = "F\xa0Y"
SHORT_DATE_FORMAT = "d.m.Y"
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
