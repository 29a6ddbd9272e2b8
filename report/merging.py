"""Three-way merge of a section's text by paragraph (blocks separated by a blank line), with
merge3: changes to different paragraphs combine; two writers inserting at the same place
both keep their paragraphs (nothing of either is lost); changes to the same paragraph are a
conflict, returned to the second writer side by side."""
import re
from dataclasses import dataclass, field

from merge3 import Merge3

BLANK_LINE = re.compile(r"\n[ \t]*\n")


def paragraphs(text):
    """The blocks of a text (paragraphs, list blocks, tables), without their blank lines."""
    text = (text or "").replace("\r\n", "\n").strip("\n")
    if not text.strip():
        return []
    return [block.strip("\n") for block in BLANK_LINE.split(text) if block.strip()]


def join(blocks):
    return "\n\n".join(blocks)


def normalised(text):
    return join(paragraphs(text))


@dataclass
class Merged:
    """``parts``: ("text", [blocks]) or ("conflict", mine_blocks, theirs_blocks) in order."""
    parts: list = field(default_factory=list)

    @property
    def conflicts(self):
        return [part for part in self.parts if part[0] == "conflict"]

    @property
    def clean(self):
        return not self.conflicts

    def text(self, choose=None):
        """The merged text; ``choose(mine, theirs)`` resolves each conflict (default: both,
        theirs first, so that no one's words go missing)."""
        blocks = []
        for part in self.parts:
            if part[0] == "text":
                blocks.extend(part[1])
            else:
                mine, theirs = part[1], part[2]
                blocks.extend(choose(mine, theirs) if choose else [*theirs, *mine])
        return join(blocks)


def merge(base, mine, theirs):
    """Merge ``mine`` (the writer's text, based on ``base``) with ``theirs`` (saved since)."""
    base_b, mine_b, theirs_b = paragraphs(base), paragraphs(mine), paragraphs(theirs)
    result = Merged()
    for region in Merge3(base_b, theirs_b, mine_b).merge_regions():
        kind = region[0]
        if kind == "unchanged":
            _add(result, base_b[region[1]:region[2]])
        elif kind in ("a", "same"):
            _add(result, theirs_b[region[1]:region[2]])
        elif kind == "b":
            _add(result, mine_b[region[1]:region[2]])
        else:
            _conflict(result, region, theirs_b, mine_b)
    return result


def _conflict(result, region, theirs_b, mine_b):
    zs, ze, ts, te, ms, me = region[1:]
    theirs, mine = theirs_b[ts:te], mine_b[ms:me]
    if zs == ze:  # both only inserted here: keep both, the earlier save first
        _add(result, [*theirs, *[block for block in mine if block not in theirs]])
    else:
        result.parts.append(("conflict", mine, theirs))


def _add(result, blocks):
    if not blocks:
        return
    if result.parts and result.parts[-1][0] == "text":
        result.parts[-1][1].extend(blocks)
    else:
        result.parts.append(("text", list(blocks)))
