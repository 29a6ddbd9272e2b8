"""The Word document: templates/exports/report.docx (a CSP may replace it) rendered by
docxtpl with autoescape, the sections built as sub-documents from the Markdown tokens:
headings, numbered paragraphs ("3.2"), bulleted and numbered lists, tables, bold and italic.
Text goes in through python-docx runs, so ``<``, ``&`` and ``{{ }}`` stay literal."""
from pathlib import Path

from docxtpl import DocxTemplate

from report.rendering import parser

TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "exports" / "report.docx"


MARKER = "\u2063report-body\u2063"  # what the template's {{ body }} renders as


def render(out, context, documents):
    """``documents``: [(title, [(heading, body)])]. Writes the .docx to ``out``."""
    tpl = DocxTemplate(str(TEMPLATE))
    tpl.render({**context, "body": MARKER}, autoescape=True)
    doc = tpl.docx
    marker = next(p for p in doc.paragraphs if MARKER in p.text)
    before = set(doc.element.body.iterchildren())
    for index, (title, sections) in enumerate(documents):
        heading = doc.add_heading(title, level=1)
        heading.paragraph_format.page_break_before = index > 0
        for number, (section_heading, body) in enumerate(sections, start=1):
            doc.add_heading(f"{number}. {section_heading}", level=2)
            _Writer(doc, number).write(parser().parse(body or ""))
    added = [el for el in doc.element.body.iterchildren()
             if el not in before and not el.tag.endswith("sectPr")]
    for element in added:  # written at the end, moved to where the template has {{ body }}
        marker._p.addprevious(element)
    marker._p.getparent().remove(marker._p)
    doc.save(out)


class _Writer:
    """Walks markdown-it's flat token stream into python-docx blocks."""

    def __init__(self, doc, section_number):
        self.doc, self.section, self.paragraph = doc, section_number, 0
        self.lists = []  # "bullet" / "ordered", innermost last
        self.table = None

    def write(self, tokens):
        i = 0
        while i < len(tokens):
            i = self._token(tokens, i)

    def _token(self, tokens, i):
        token = tokens[i]
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            self.lists.append("bullet" if kind.startswith("bullet") else "ordered")
        elif kind in ("bullet_list_close", "ordered_list_close"):
            self.lists.pop()
        elif kind == "heading_open":
            level = min(int(token.tag[1]) + 2, 9)
            self._runs(self.doc.add_heading("", level=level), tokens[i + 1])
            return i + 3
        elif kind == "paragraph_open":
            self._runs(self._paragraph(), tokens[i + 1])
            return i + 3
        elif kind == "table_open":
            return self._table(tokens, i)
        elif kind in ("fence", "code_block"):
            self._paragraph().add_run(token.content.rstrip("\n"))
        return i + 1

    def _paragraph(self):
        if self.lists:
            style = "List Bullet" if self.lists[-1] == "bullet" else "List Number"
            return self.doc.add_paragraph(style=style)
        self.paragraph += 1
        return self.doc.add_paragraph(f"{self.section}.{self.paragraph}\t")

    def _runs(self, paragraph, inline):
        bold = italic = False
        for child in inline.children or ():
            if child.type == "strong_open":
                bold = True
            elif child.type == "strong_close":
                bold = False
            elif child.type == "em_open":
                italic = True
            elif child.type == "em_close":
                italic = False
            elif child.type in ("text", "code_inline"):
                run = paragraph.add_run(child.content)
                run.bold, run.italic = bold or None, italic or None
            elif child.type in ("softbreak", "hardbreak"):
                paragraph.add_run(" ")

    def _table(self, tokens, i):
        rows, row = [], None
        while tokens[i].type != "table_close":
            token = tokens[i]
            if token.type == "tr_open":
                row = []
            elif token.type == "tr_close":
                rows.append(row)
            elif token.type == "inline":
                row.append(token)
            i += 1
        if rows:
            width = max(len(r) for r in rows)
            table = self.doc.add_table(rows=len(rows), cols=width)
            table.style = "Table Grid"
            for r, cells in enumerate(rows):
                for c, inline in enumerate(cells):
                    cell = table.cell(r, c).paragraphs[0]
                    self._runs(cell, inline)
                    if r == 0:
                        for run in cell.runs:
                            run.bold = True
        return i + 1
