"""The importer without the app: dates of every form with their precision, headers found
below title rows and matched generously, CSV encodings told apart, and hostile files refused
with a clear message."""
from datetime import date, time

import pytest

from chronology import importer, matching
from chronology.dates import DateProblem, When, parse_date, parse_time
from chronology.reading import FileRefused, Limits, read_rows
from chronology_files import (RENAMED_BINARY, csv_bytes, entity_xlsx, lying_zip, messy_xlsx,
                              simple_xlsx, zip_bomb)

pytestmark = pytest.mark.both_backends  # COPY, locks and conditional updates

LIMITS = Limits(max_bytes=5 * 1024 * 1024, max_unpacked=20 * 1024 * 1024, max_ratio=100,
                max_rows=1000)
TODAY = date(2026, 12, 1)


@pytest.mark.parametrize("text, expected", [
    ("03/03/2021", When(date(2021, 3, 3))),
    ("3/3/21", When(date(2021, 3, 3))),
    ("2021-03-03", When(date(2021, 3, 3))),
    ("3 March 2021", When(date(2021, 3, 3))),
    ("Wed 3rd March 2021", When(date(2021, 3, 3))),
    ("12/03/2021 14:30", When(date(2021, 3, 12), "day", time(14, 30))),
    ("2021-03-03T08:05", When(date(2021, 3, 3), "day", time(8, 5))),
    ("March 2021", When(date(2021, 3, 1), "month")),
    ("Sept 2020", When(date(2020, 9, 1), "month")),
    ("2021", When(date(2021, 1, 1), "year")),
    (44300, When(date(2021, 4, 14))),
    (44300.5, When(date(2021, 4, 14), "day", time(12, 0))),
])
def test_dates_of_every_form_keep_their_precision(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["31/02/2021", "30/13/2021", "banana", "12", True])
def test_impossible_or_unreadable_dates_are_refused_in_words(text):
    with pytest.raises(DateProblem) as problem:
        parse_date(text)
    assert str(problem.value)


def test_times_in_their_own_column():
    assert [parse_time(v) for v in ("14:30", "1430", "2.30pm", "9am", 0.25, time(7, 0))] == [
        time(14, 30), time(14, 30), time(14, 30), time(9, 0), time(6, 0), time(7, 0)]
    with pytest.raises(DateProblem):
        parse_time("25:99")


@pytest.mark.parametrize("event, outcome, expected", [
    ("DASH completed: high risk", "", "DASH"),
    ("ric done by the officer", "", "DASH"),
    ("Risk Assessment reviewed", "", "DASH"),
    ("Referred to marac", "", "MARAC"),
    ("Call-out to the address", "", "Police call-out"),
    ("Police attended the home after a 999 call", "", "Police call-out"),
    ("Report of a domestic incident", "", "Police call-out"),
    ("Letter sent", "Did not attend", "Missed appointment"),
    ("Client DNA", "", "Missed appointment"),
    ("No access visit", "Missed appt", "Missed appointment"),
    ("DASH and MARAC: failed to attend", "callout", "DASH, MARAC, Police call-out, "
     "Missed appointment"),
    ("Dashboard reviewed with Rick", "a callous remark", ""),
    ("Maracas at the party", "attended school", ""),
    ("R\u0131sk assessment done", "", "DASH"),  # letters re.I takes for i, s and k
    ("D\u0130D NOT ATTEND", "", "Missed appointment"),
    ("Mi\u017f\u017fed appointment", "", "Missed appointment"),
    ("Called \u201c999\u201d, officers attended the home", "", "Police call-out"),
    ("", "", ""),
])
def test_risk_markers_are_found_by_word_not_inside_other_words(event, outcome, expected):
    assert importer.risks_in(event, outcome) == expected


def test_headers_in_other_words_and_order_are_recognised():
    columns = matching.match_headers(["Source / Ref.", "DATE OF CONTACT", "details",
                                      "Outcome", "Practitioner's role", "Comments"])
    assert columns == {0: "source", 1: "date", 2: "event", 3: "outcome",
                       4: "practitioner", 5: "comment"}


def test_a_messy_workbook_gives_rows_reasons_and_row_numbers_as_the_agency_sees_them():
    parsed = importer.parse(read_rows(messy_xlsx(), LIMITS), TODAY,
                            (date(2021, 1, 1), date(2021, 12, 31)))
    by_row = {e["row"]: e for e in parsed.entries}
    assert parsed.header_row == 4
    assert sorted(by_row) == [5, 6, 7, 9, 10, 11, 12, 17]
    assert (by_row[5]["day"], by_row[5]["time"], by_row[5]["risks"]) == (
        "2021-03-03", "14:30", "DASH, MARAC, Police call-out")
    assert by_row[6]["day"] == "2021-04-14" and by_row[6]["source"] == "LOG 2"
    assert by_row[9]["time"] == "09:15" and by_row[10]["time"] == "14:30"
    assert by_row[11]["precision"] == "month" and by_row[12]["precision"] == "year"
    assert by_row[17]["time"] == "08:05"
    rejected = {(r["row"], r["column"]): r["reason"] for r in parsed.rejected}
    assert set(rejected) == {(13, "Date"), (14, "Date"), (15, "Date")}
    assert "impossible" in rejected[13, "Date"] and "missing" in rejected[14, "Date"]
    assert "future" in rejected[15, "Date"]
    assert parsed.flagged == [{"row": 12, "reason": "before the review's scoping period "
                                                    "(which starts 1 Jan 2021)"}]


@pytest.mark.parametrize("encoding, bom", [("utf-8", False), ("utf-8", True),
                                           ("cp1252", False)])
def test_csv_encodings_are_detected_not_guessed(encoding, bom):
    rows = [["Date", "Event"], ["01/02/2021", "Café visit – “urgent” £5"]]
    parsed = importer.parse(read_rows(csv_bytes(rows, encoding, bom), LIMITS), TODAY)
    assert parsed.entries[0]["event"] == "Café visit – “urgent” £5"


def test_semicolon_csv_and_a_required_column_not_recognised():
    rows = [["When it happened", "Narrative text"], ["01/02/2021", "x"]]
    with pytest.raises(importer.MappingNeeded) as needed:
        importer.parse(read_rows(csv_bytes(rows, delimiter=";"), LIMITS), TODAY)
    assert needed.value.headers == ["When it happened", "Narrative text"]
    mapped = importer.parse(read_rows(csv_bytes(rows, delimiter=";"), LIMITS), TODAY,
                            remembered={"when it happened": "date",
                                        "narrative text": "event"})
    assert mapped.entries[0]["event"] == "x"


@pytest.mark.parametrize("data, words", [
    (b"", "empty"),
    (RENAMED_BINARY, "not a spreadsheet"),
    (b"PK\x03\x04garbage that is no zip", "damaged"),
    (b"x" * (5 * 1024 * 1024 + 1), "larger than"),
])
def test_broken_files_are_refused_in_words(data, words):
    with pytest.raises(FileRefused) as refused:
        read_rows(data, LIMITS)
    assert words in str(refused.value)


def test_zip_bombs_are_refused_by_declared_and_by_actual_size():
    with pytest.raises(FileRefused, match="unpacks to more than"):
        read_rows(zip_bomb(30 * 1024 * 1024), LIMITS)
    # A member that unpacks past the size its header declares: the bytes really unpacked
    # are counted and checked against the declaration, and the file refused as damaged.
    with pytest.raises(FileRefused, match="damaged"):
        read_rows(lying_zip(30 * 1024 * 1024), LIMITS)


def test_xml_with_a_doctype_or_entities_is_refused():
    with pytest.raises(FileRefused, match="DOCTYPE"):
        read_rows(entity_xlsx(), LIMITS)


def test_more_rows_than_the_limit_are_refused():
    data = simple_xlsx([(date(2021, 1, 1), f"event {n}", "") for n in range(1100)])
    with pytest.raises(FileRefused, match="more than 1,000 rows"):
        importer.parse(read_rows(data, LIMITS), TODAY, max_rows=LIMITS.max_rows)
