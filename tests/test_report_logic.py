"""The report's pure logic, without the app: paragraph merge (combined, both insertions kept,
conflicts), word differences, sanitised Markdown, and the for-publication check."""
from datetime import date
from types import SimpleNamespace

from report import diffing, merging, publication, rendering

BASE = "Intro.\n\nThe police attended.\n\nConclusion."


def test_changes_to_different_paragraphs_combine():
    mine = "Intro, rewritten.\n\nThe police attended.\n\nConclusion."
    theirs = "Intro.\n\nThe police attended.\n\nConclusion, with a lesson."
    merged = merging.merge(BASE, mine, theirs)
    assert merged.clean
    assert merged.text() == ("Intro, rewritten.\n\nThe police attended.\n\n"
                             "Conclusion, with a lesson.")


def test_two_insertions_at_the_same_place_both_stay():
    mine = "Intro.\n\nMy new paragraph.\n\nThe police attended.\n\nConclusion."
    theirs = "Intro.\n\nTheir new paragraph.\n\nThe police attended.\n\nConclusion."
    merged = merging.merge(BASE, mine, theirs)
    assert merged.clean
    assert merging.paragraphs(merged.text()) == ["Intro.", "Their new paragraph.",
                                                 "My new paragraph.", "The police attended.",
                                                 "Conclusion."]


def test_changes_to_the_same_paragraph_are_a_conflict_with_both_texts():
    mine = "Intro.\n\nThe police attended twice.\n\nConclusion."
    theirs = "Intro.\n\nOfficers attended at 22:10.\n\nConclusion."
    merged = merging.merge(BASE, mine, theirs)
    assert not merged.clean
    assert merged.conflicts == [("conflict", ["The police attended twice."],
                                 ["Officers attended at 22:10."])]
    assert merged.text(lambda m, t: m) == mine


def test_word_diff_marks_words_and_escapes_text():
    html = diffing.diff_html("The cat sat <here>", "The dog sat <here> & stayed")
    assert str(html) == ("The <del>cat</del><ins>dog</ins> sat &lt;here&gt;"
                         "<ins> &amp; stayed</ins>")


def test_markdown_is_sanitised():
    html = str(rendering.to_html("# Title\n\n<script>alert(1)</script> **bold**\n\n"
                                 "[x](javascript:alert(1))\n\n| a |\n|---|\n| 1 |"))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<strong>bold</strong>" in html and "<td>1</td>" in html and "<h2>Title</h2>" in html
    assert 'href="javascript' not in html


PERSON = SimpleNamespace(real_name="Sarah Jane Collins", pseudonym="Anna",
                         date_of_birth=date(1985, 3, 3))


def test_publication_replaces_names_then_reports_what_is_left_with_its_place():
    body = ("Sarah Jane Collins moved in 2019.\n\nNeighbours called her Sally; "
            "Collins's car was seen.\n\nBorn 3rd March 1985, she lived at 12 Mill Lane, "
            "NS1 4AB.")
    text = publication.pseudonymise(body, [PERSON])
    assert text.startswith("Anna moved in 2019.")
    hits = publication.check([("Background", text)], [PERSON])
    found = {(h.paragraph, h.kind, h.found) for h in hits}
    assert found == {(2, "name", "Sally"), (2, "name", "Collins"),
                     (3, "date of birth", "3rd March 1985"), (3, "address", "12 Mill Lane"),
                     (3, "address", "NS1 4AB")}
    assert str(hits[0]) == "Background, paragraph 2: name \u201cCollins\u201d"


def test_dates_of_birth_in_the_usual_forms_and_a_clean_text():
    for written in ("03/03/1985", "3.3.85", "1985-03-03", "March 3, 1985", "3 Mar 1985"):
        assert publication.identifiers_in(f"Born {written}.", [PERSON]), written
    assert publication.check([("Summary", "Anna met a support worker in 2024.")], [PERSON]) == []
