"""The audit log reads in people's words: names, references, labels, events in words, UK time,
and ready filters (sign-in failures, refusals, one review, one person)."""
import re

from dbtools import review_id, statements
from security_helpers import FOREIGN, OWN
from world import ADMIN, CHAIR_A


def rows(html):
    body = html.split("</thead>", 1)[1].split("</table>", 1)[0]
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
            for row in re.findall(r"<tr.*?</tr>", body, re.S)]


def test_the_log_names_people_reviews_and_records(app, client, auth):
    auth.login(CHAIR_A)
    assert client.get(f"/admin/review/{review_id(app, OWN)}/").status_code == 200
    assert client.get(f"/admin/review/{review_id(app, FOREIGN)}/").status_code == 404
    auth.logout()
    auth.login(ADMIN)
    listed = rows(client.get("/admin/auditevent/?flt0_person_name_or_email_contains=casey").text)
    viewed = [r for r in listed if "Viewed" in r and f"Review: {OWN}" in r]
    refused = [r for r in listed if "Refused record" in r]
    assert viewed and "Casey Chair (chair.a@example.org)" in viewed[0] and OWN in viewed[0]
    assert refused and f"Review {review_id(app, FOREIGN)}" in refused[0]
    assert not [r for r in listed if "Casey" not in r]
    assert re.search(r"\b\d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}\b", listed[0])
    assert not re.search(r"\d{2}:\d{2}:\d{2}", " ".join(listed))  # no seconds or microseconds


def test_ready_filters_show_only_their_kind(app, client, auth):
    page = client.get("/login")
    client.post("/login", data={"email": CHAIR_A, "password": "wrong",
                                "csrf_token": re.search(r'name="csrf_token"[^>]*value="([^"]+)"',
                                                        page.text).group(1)})
    auth.login(CHAIR_A)
    client.get("/admin/user/")
    auth.logout()
    auth.login(ADMIN)
    index = client.get("/admin/auditevent/").text
    assert index.count('class="ready-filter"') == 5
    failures = rows(client.get("/admin/auditevent/?flt0_what_happened_is=sign_in_failures").text)
    refusals = rows(client.get("/admin/auditevent/?flt0_what_happened_is=refusals").text)
    assert failures and all("Sign-in failed" in r or "code refused" in r for r in failures)
    assert refusals and all("Permission denied" in r or "Refused record" in r for r in refusals)
    one = rows(client.get(f"/admin/auditevent/?flt0_review_reference_is={FOREIGN}").text)
    assert one and all(FOREIGN in r for r in one)


def test_the_log_costs_the_same_for_more_kinds_of_rows(app, client, auth):
    auth.login(ADMIN)
    url = "/admin/auditevent/?page_size=100"
    before = statements(app, client, url)
    for path in (f"/admin/review/{review_id(app, OWN)}/", "/admin/review/", "/admin/user/"):
        client.get(path)
    assert statements(app, client, url) <= before + 3  # a statement per kind of record, at most
