"""Writes the default Word templates under templates/exports/ (``python -m
learning.make_templates``). A CSP may replace either file with its own: docxtpl fills any .docx
holding the same tags (see the context built in learning.exports)."""
from pathlib import Path

from docx import Document
from docx.shared import Pt

EXPORTS = Path(__file__).resolve().parent.parent / "templates" / "exports"
COLUMNS = ("Recommendation", "Scope of recommendation", "Action to take", "Lead agency",
           "Key milestones achieved in enacting recommendation", "Target date",
           "Date of completion and outcome")


def action_plan():
    document = Document()
    document.add_heading("Action plan: {{ reference }}", level=1)
    document.add_paragraph("Domestic Homicide Review action plan, as at {{ as_at }}.")
    table = document.add_table(rows=7, cols=len(COLUMNS))
    table.style = "Table Grid"
    for cell, name in zip(table.rows[0].cells, COLUMNS):
        cell.text = name
        cell.paragraphs[0].runs[0].bold = True
    # docxtpl: a {%tr %} tag's row is replaced by the loop; the rows between repeat.
    table.rows[1].cells[0].text = "{%tr for group in groups %}"
    table.rows[2].cells[0].text = "Theme: {{ group.theme }}"
    table.rows[2].cells[0].paragraphs[0].runs[0].bold = True
    table.rows[3].cells[0].text = "{%tr for row in group.rows %}"
    for cell, tag in zip(table.rows[4].cells, ("recommendation", "scope", "action",
                                                "lead_agency", "milestones", "target_date",
                                                "completion")):
        cell.text = "{{ row.%s }}" % tag
    table.rows[5].cells[0].text = "{%tr endfor %}"
    table.rows[6].cells[0].text = "{%tr endfor %}"
    document.save(EXPORTS / "action_plan.docx")


def briefing():
    document = Document()
    style = document.styles["Normal"]
    style.font.size = Pt(10)
    document.add_heading("Learning briefing: {{ reference }}", level=1)
    document.add_heading("The case", level=2)
    document.add_paragraph("{{ case_line_1 }}")
    document.add_paragraph("{{ case_line_2 }}")
    document.add_heading("Key lessons by theme", level=2)
    document.add_paragraph("{%p for group in lesson_groups %}")
    document.add_paragraph("{{ group.theme }}", style="Heading 3")
    document.add_paragraph("{%p for lesson in group.lessons %}")
    document.add_paragraph("{{ lesson }}", style="List Bullet")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p endfor %}")
    document.add_heading("Recommendations and who owns them", level=2)
    table = document.add_table(rows=4, cols=3)
    table.style = "Table Grid"
    for cell, name in zip(table.rows[0].cells, ("Recommendation", "Addressed to", "Owners")):
        cell.text = name
        cell.paragraphs[0].runs[0].bold = True
    table.rows[1].cells[0].text = "{%tr for item in recommendations %}"
    for cell, tag in zip(table.rows[2].cells, ("text", "addressed_to", "owners")):
        cell.text = "{{ item.%s }}" % tag
    table.rows[3].cells[0].text = "{%tr endfor %}"
    document.add_paragraph("Prepared for practitioners from the review's learning "
                           "({{ as_at }}). Names are pseudonyms.")
    document.save(EXPORTS / "learning_briefing.docx")


def main():
    EXPORTS.mkdir(parents=True, exist_ok=True)
    action_plan()
    briefing()


if __name__ == "__main__":
    main()
