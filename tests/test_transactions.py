"""One transaction owner: capability logic changes objects and flushes; the request
(transaction.py), the job runner (jobs.execute) or a CLI command commits. A commit in a
logic module fails this test unless it is listed below with the reason it must stay."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOGIC = ["agency_forms", "chronology", "dashboards", "hodata", "learning", "lifecycle",
         "meetings", "report", "audit.py", "auth.py"]
SURFACES = {"meetings/views.py"}  # a surface: it owns its requests' transactions
COMMIT = re.compile(r"\.commit\(\)")

# path: (commits, why they stay)
ALLOWED = {
    # Daily jobs and the work they fan out: each reminder claimed and mailed is committed at
    # once, so that a later failure in the same run neither loses nor repeats it.
    "agency_forms/chasing.py": (1, "one reminder claimed and sent"),
    "learning/reminders.py": (2, "overdue marks, then one action's reminders"),
    "lifecycle/reminders.py": (2, "a review's deadlines healed, then one reminder"),
    "meetings/papers.py": (1, "one agency told its papers are missing"),
    "report/jobs.py": (1, "one feedback reminder claimed and sent"),
    # The job record committed before it is enqueued (jobs.enqueue refuses pending changes).
    "chronology/jobs.py": (1, "the upload's job record, before the enqueue"),
    "meetings/pack.py": (1, "the pack's job record, before the enqueue"),
    # Chronology uploads: the stored file's row survives a parse that fails; a locked
    # upload (import, discard) is released at once, and link detection is enqueued after.
    "chronology/actions.py": (1, "the received upload, before it is read"),
    "chronology/uploads.py": (3, "a read's result; the import and discard locks released"),
    # Report sections: compare-and-set on the section's version; the loser's draft is kept.
    "report/editing.py": (4, "a saved revision, a conflict draft and presence, each at once"),
    # Refusals and failed sign-ins are recorded even when the request rolls back.
    "audit.py": (1, "record(commit=True): refusals that must survive a rollback"),
    # A used TOTP counter stays used whatever the request does (no code replayed); the mail
    # and sign-out hooks run in Flask-Security's views, some of which answer an error.
    "auth.py": (3, "the TOTP counter, Flask-Security's mail and sign-out"),
    "chronology/cli.py": (1, "a CLI command owns its transaction"),
    # The demo loaders are run by the CLI (flask demo), each part committed as it loads.
    "agency_forms/demo.py": (1, "demo"),
    "chronology/demo.py": (1, "demo"),
    "hodata/demo.py": (1, "demo"),
    "learning/demo.py": (2, "demo"),
    "meetings/demo.py": (1, "demo"),
    "report/demo.py": (2, "demo"),
}


def _commits():
    found = {}
    for name in LOGIC:
        top = ROOT / name
        for path in [top] if top.is_file() else sorted(top.rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            count = len(COMMIT.findall(path.read_text()))
            if count and relative not in SURFACES:
                found[relative] = count
    return found


def test_capability_logic_leaves_the_commit_to_its_caller():
    found = _commits()
    unexpected = {path: count for path, count in found.items()
                  if count > ALLOWED.get(path, (0, ""))[0]}
    assert not unexpected, f"logic that commits (flush instead; the caller commits): {unexpected}"


def test_the_allow_list_names_only_commits_that_are_still_there():
    found = _commits()
    stale = {path: allowed for path, (allowed, _) in ALLOWED.items()
             if found.get(path, 0) < allowed}
    assert not stale, f"fewer commits than allowed: lower the allow-list {stale}"
