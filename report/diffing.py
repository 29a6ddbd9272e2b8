"""The difference between two versions of a section, word by word."""
import difflib
import re

from markupsafe import Markup, escape

TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


def words(text):
    return TOKEN.findall(text or "")


def word_diff(old, new):
    """[(op, text)]: op "same", "deleted" or "inserted", in reading order."""
    a, b = words(old), words(new)
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(("deleted", "".join(a[i1:i2])))
        if j2 > j1:
            out.append(("inserted", "".join(b[j1:j2])))
    return out


def diff_html(old, new):
    """The difference as HTML: <del> and <ins>, every text escaped."""
    tags = {"same": "{}", "deleted": "<del>{}</del>", "inserted": "<ins>{}</ins>"}
    return Markup("".join(tags[op].format(escape(text)) for op, text in word_diff(old, new)))
