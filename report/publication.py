"""For publication: every real name of the review's people replaced by its pseudonym, then a
check that nothing identifying is left: a real name (whole, first or last name alone, common
variants and nicknames), a date of birth in the usual written forms, or an address (a UK
postcode, a house number and street). Each hit is reported with its section and paragraph."""
import re
from dataclasses import dataclass

from report import merging

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
# Words in a recorded "real name" that are not names ("Baby Smith", "Mother of ...").
NOT_NAMES = {"of", "the", "and", "baby", "mr", "mrs", "ms", "miss", "dr", "victim",
             "perpetrator", "child", "mother", "father", "son", "daughter", "unknown"}
NICKNAMES = {
    "alexander": ("alex", "sandy"), "alexandra": ("alex", "sandra", "lexi"),
    "andrew": ("andy", "drew"), "anthony": ("tony",), "benjamin": ("ben", "benny"),
    "catherine": ("cath", "cathy", "kate", "katie"), "katherine": ("kath", "kathy", "kate"),
    "charles": ("charlie", "chas"), "christine": ("chris", "chrissie"),
    "christopher": ("chris", "kit"), "daniel": ("dan", "danny"), "david": ("dave", "davey"),
    "deborah": ("debbie", "deb"), "edward": ("ed", "eddie", "ted", "ned"),
    "elizabeth": ("liz", "lizzie", "beth", "betty", "eliza", "lisa"),
    "james": ("jim", "jimmy", "jamie"),
    "jennifer": ("jen", "jenny"), "john": ("jack", "johnny"), "jonathan": ("jon", "jonny"),
    "joseph": ("joe", "joey"), "margaret": ("maggie", "meg", "peggy", "margo"),
    "matthew": ("matt",), "michael": ("mike", "mick", "mickey"), "nicholas": ("nick", "nicky"),
    "patricia": ("pat", "patsy", "trish"), "peter": ("pete",), "rebecca": ("becky", "becca"),
    "richard": ("rich", "rick", "dick"), "robert": ("rob", "robbie", "bob", "bobby", "bert"),
    "samantha": ("sam", "sammy"), "samuel": ("sam", "sammy"), "sarah": ("sally", "sadie"),
    "stephen": ("steve", "stevie"), "steven": ("steve", "stevie"), "susan": ("sue", "susie"),
    "thomas": ("tom", "tommy"), "victoria": ("vicky", "tori"),
    "william": ("will", "bill", "billy", "liam"),
    "anne": ("annie",), "ann": ("annie",), "mary": ("molly", "polly"), "helen": ("nell",),
    "emily": ("em", "emmy"), "jessica": ("jess", "jessie"), "nathan": ("nate",),
}
POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE)
STREET = re.compile(r"\b\d{1,4}[A-Za-z]?,?\s+(?:[A-Z][a-z]+\s+){1,3}(?:Road|Street|Avenue|"
                    r"Lane|Close|Drive|Way|Crescent|Court|Place|Gardens|Terrace|Grove|Rise|"
                    r"Hill|Square|Mews|View|Walk|Row|Park|Rd|St|Ave)\b")


@dataclass(frozen=True)
class Hit:
    section: str
    paragraph: int  # counted from 1; 0: the heading
    kind: str  # "name", "date of birth", "address"
    found: str

    def __str__(self):
        place = "its heading" if self.paragraph == 0 else f"paragraph {self.paragraph}"
        return f"{self.section}, {place}: {self.kind} \u201c{self.found}\u201d"


def _word(text):
    return r"(?<![\w])" + re.escape(text) + r"(?![\w])"


def pseudonymise(text, people):
    """Each person's whole real name (any case) replaced by their pseudonym, longest first."""
    for person in sorted(people, key=lambda p: -len(p.real_name or "")):
        if person.real_name and person.pseudonym:
            text = re.sub(_word(person.real_name.strip()), person.pseudonym, text,
                          flags=re.IGNORECASE)
    return text


def name_patterns(person):
    """The name forms to look for: whole name (any case); each part and its variants
    (capitalised or in capitals, so that ordinary words are not taken for names)."""
    patterns = [re.compile(_word(person.real_name.strip()), re.IGNORECASE)]
    pseudonym_words = {w.lower() for w in re.findall(r"[\w'-]+", person.pseudonym or "")}
    parts = set()
    for part in re.findall(r"[^\W\d_][\w'-]*", person.real_name):
        low = part.lower()
        if len(low) < 2 or low in NOT_NAMES or low in pseudonym_words \
                or any(c.isdigit() for c in low):  # "Victim of DHR-2026-001"
            continue
        parts.add(low)
        parts.update(NICKNAMES.get(low, ()))
        parts.update(full for full, short in NICKNAMES.items() if low in short)
    for part in sorted(parts):
        forms = "|".join(re.escape(form) for form in (part.capitalize(), part.upper()))
        patterns.append(re.compile(r"(?<![\w])(?:" + forms + r")(?![\w])"))
    return patterns


def birth_patterns(day):
    """A date of birth as people write it: 3 March 1985, 3rd Mar 1985, March 3, 1985,
    03/03/1985, 3.3.85, 1985-03-03 ..."""
    d, m, y = day.day, day.month, day.year
    month = MONTHS[m - 1]
    day_forms = rf"0?{d}(?:st|nd|rd|th)?"
    month_forms = rf"(?:{month}|{month[:3]}\.?)"
    numbers = rf"0?{d}\s*[/.\-]\s*0?{m}\s*[/.\-]\s*(?:{y}|{y % 100:02d})"
    written = [rf"{day_forms}(?:\s+of)?\s+{month_forms},?\s+{y}",
               rf"{month_forms}\s+{day_forms},?\s+{y}", numbers,
               rf"{y}-{m:02d}-{d:02d}"]
    return [re.compile(r"(?<![\w])" + form + r"(?![\w])", re.IGNORECASE) for form in written]


def identifiers_in(text, people):
    """[(kind, found)] of everything identifying in ``text``."""
    found = []
    for person in people:
        for pattern in name_patterns(person):
            found += [("name", m.group(0)) for m in pattern.finditer(text)]
        if person.date_of_birth:
            for pattern in birth_patterns(person.date_of_birth):
                found += [("date of birth", m.group(0)) for m in pattern.finditer(text)]
    for pattern in (POSTCODE, STREET):
        found += [("address", m.group(0)) for m in pattern.finditer(text)]
    return list(dict.fromkeys(found))


def check(sections, people):
    """``sections``: [(heading, body)] as they would be published. Every hit, in order."""
    hits = []
    for heading, body in sections:
        for kind, found in identifiers_in(heading, people):
            hits.append(Hit(heading, 0, kind, found))
        for number, paragraph in enumerate(merging.paragraphs(body), start=1):
            for kind, found in identifiers_in(paragraph, people):
                hits.append(Hit(heading, number, kind, found))
    return hits
