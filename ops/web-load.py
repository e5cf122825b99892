#!/usr/bin/env python3
"""Concurrent users of the web interface, browsing and entering, for a fixed time (ops/bench-web runs it).

Each user signs in with its own session, then loops: the item list and a later page of it, an item, a name
search, the sources, and every fifth round enters a new source through the form (a real write, with its log
entries). Prints the number of requests, the errors (any status other than 200 and 303, or a failed connection),
and the median, 95th and 99th percentile latency per request kind and over all.

  python3 ops/web-load.py --url http://127.0.0.1:8080 --user NAME --password PASSWORD --users 20 --seconds 60 \
      --items-like item-synthetic- --items 1000000
"""

import argparse
import http.cookiejar
import random
import re
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def percentile(values, p):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100.0 * (len(ordered) - 1))))]


class User(threading.Thread):
    def __init__(self, number, args, deadline, results, lock):
        super().__init__(daemon=True)
        self.number, self.args, self.deadline, self.results, self.lock = number, args, deadline, results, lock
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect())
        self.random = random.Random(number)

    def request(self, kind, path, data=None):
        url = self.args.url + path
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        started = time.perf_counter()
        status, text = 0, ""
        try:
            with self.opener.open(urllib.request.Request(url, data=body), timeout=30) as response:
                status, text = response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            status = error.code
            text = error.read().decode("utf-8", "replace")
        except Exception as error:  # a refused or broken connection
            text = str(error)
        elapsed = (time.perf_counter() - started) * 1000.0
        with self.lock:
            self.results.append((kind, status, elapsed, "" if status in (200, 303) else text[:200]))
        return text

    def token(self, page):
        match = re.search(r'name="csrf" value="([^"]+)"', page)
        return match.group(1) if match else ""

    def run(self):
        sign_in = self.request("sign-in form", "/sign-in")
        self.request("sign-in", "/sign-in", {"csrf": self.token(sign_in), "user": self.args.user, "password": self.args.password})
        form_token = self.token(self.request("ledger", "/"))
        round_number = 0
        while time.time() < self.deadline:
            round_number += 1
            item = "%s%07d" % (self.args.items_like, self.random.randrange(self.args.items))
            self.request("items", "/items")
            self.request("items, later page", "/items?" + urllib.parse.urlencode({"after": item}))
            self.request("item", "/item?" + urllib.parse.urlencode({"id": item}))
            self.request("search", "/search?q=synthetic")
            self.request("sources", "/sources")
            if round_number % 5 == 0:
                source = "src-load-%02d-%05d" % (self.number, round_number)
                self.request("enter a source", "/sources", {
                    "csrf": form_token, "id": source, "title": "LOAD TEST source", "publisher": "load test",
                    "kind": "other", "reliability": "F", "notes": "written by ops/web-load.py"})


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--items-like", default="item-synthetic-")
    parser.add_argument("--items", type=int, default=1000)
    args = parser.parse_args()
    args.url = args.url.rstrip("/")
    results, lock = [], threading.Lock()
    deadline = time.time() + args.seconds
    users = [User(n, args, deadline, results, lock) for n in range(args.users)]
    started = time.time()
    for user in users:
        user.start()
    for user in users:
        user.join()
    wall = time.time() - started
    errors = [r for r in results if r[1] not in (200, 303)]
    print("%d users for %.0f s: %d requests (%.1f per second), %d errors" % (args.users, wall, len(results), len(results) / wall, len(errors)))
    print("| request | count | median | p95 | p99 |")
    print("|---|---|---|---|---|")
    kinds = sorted(set(r[0] for r in results))
    for kind in kinds + ["all"]:
        times = [r[2] for r in results if kind == "all" or r[0] == kind]
        print("| %s | %d | %.1f ms | %.1f ms | %.1f ms |" % (kind, len(times), percentile(times, 50), percentile(times, 95), percentile(times, 99)))
    for kind, status, _, text in errors[:5]:
        print("error: %s → %s %s" % (kind, status, text), file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
