"""The load client: signs in through the real forms (password, then TOTP), then drives GET
requests from several threads over keep-alive connections and summarises the latencies."""
import http.client
import http.cookiejar
import math
import re
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass

import pyotp

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
# One user agent for sign-in and load: Flask-Login ties a session to the client's identity.
USER_AGENT = "dhr-bench/1"


class TotpCodes:
    """Each code once per account: the app refuses a TOTP time step it has already seen."""

    def __init__(self):
        self._last_step = {}

    def next(self, email, b32_secret):
        step = max(int(time.time()) // 30, self._last_step.get(email, -1) + 1)
        self._last_step[email] = step
        return pyotp.TOTP(b32_secret).at(step * 30)


def sign_in(base_url, account, codes):
    """Returns the Cookie header of a session signed in with password and TOTP."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.addheaders = [("User-Agent", USER_AGENT)]

    def post_form(path, fields):
        page = opener.open(base_url + path).read().decode()
        token = CSRF.search(page).group(1)
        data = urllib.parse.urlencode({**fields, "csrf_token": token}).encode()
        return opener.open(base_url + path, data=data)

    post_form("/login", {"email": account["email"], "password": account["password"]})
    landed = post_form("/tf-validate", {"code": codes.next(account["email"],
                                                           account["totp_secret"])})
    if "/admin/" not in landed.url:
        raise RuntimeError(f"sign-in of {account['email']} ended at {landed.url}")
    return "; ".join(f"{c.name}={c.value}" for c in jar)


@dataclass
class Result:
    """Latencies (seconds) of the successful requests, the failures and the measured time;
    rounds of one scenario add up with ``+``."""
    latencies: list
    errors: list
    seconds: float

    def __add__(self, other):
        return Result(self.latencies + other.latencies, self.errors + other.errors,
                      self.seconds + other.seconds)

    def as_dict(self):
        ordered = sorted(self.latencies)
        return {"requests_per_s": round(len(ordered) / self.seconds, 1) if self.seconds else 0.0,
                "p50_ms": round(percentile(ordered, 0.50) * 1000, 1),
                "p95_ms": round(percentile(ordered, 0.95) * 1000, 1),
                "requests": len(ordered), "errors": len(self.errors),
                "seconds": round(self.seconds, 2)}


def percentile(sorted_values, fraction):
    """Nearest-rank percentile."""
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, max(0, math.ceil(fraction * len(sorted_values)) - 1))
    return sorted_values[index]


class Load:
    """``threads`` connections each sending GET ``path`` back to back until the deadline."""

    def __init__(self, base_url, path, cookie=None, threads=8):
        parsed = urllib.parse.urlsplit(base_url)
        self.host, self.port = parsed.hostname, parsed.port
        self.path, self.threads = path, threads
        self.headers = _headers(cookie)

    def run(self, seconds):
        latencies, errors = [], []
        start = threading.Barrier(self.threads + 1)
        workers = [threading.Thread(target=self._drive, args=(seconds, start, latencies, errors))
                   for _ in range(self.threads)]
        for worker in workers:
            worker.start()
        start.wait()
        began = time.perf_counter()
        for worker in workers:
            worker.join()
        return Result(latencies, errors, time.perf_counter() - began)

    def _drive(self, seconds, start, latencies, errors):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        start.wait()
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            sent = time.perf_counter()
            try:
                conn.request("GET", self.path, headers=self.headers)
                response = conn.getresponse()
                response.read()
            except (OSError, http.client.HTTPException) as error:
                errors.append(repr(error))
                conn.close()
                conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
                continue
            if response.status == 200:
                latencies.append(time.perf_counter() - sent)
            else:
                errors.append(response.status)
            if response.will_close:
                conn.close()
                conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        conn.close()


def fetch(base_url, path, cookie=None):
    """One GET: (status, body) for checks before and between the measurements."""
    parsed = urllib.parse.urlsplit(base_url)
    conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
    try:
        conn.request("GET", path, headers=_headers(cookie))
        response = conn.getresponse()
        return response.status, response.read().decode(errors="replace")
    finally:
        conn.close()


def _headers(cookie):
    return {"User-Agent": USER_AGENT, **({"Cookie": cookie} if cookie else {})}
