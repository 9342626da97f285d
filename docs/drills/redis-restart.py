#!/usr/bin/env python3
"""Drill: a redis show under concurrent holds and confirmations while its Redis is killed and started again empty.

Usage: redis-restart.py BASE_URL ADMIN_TOKEN 'KILL_COMMAND' 'START_COMMAND'
  e.g. redis-restart.py http://127.0.0.1:18100 drill 'kill -9 $(cat redis.pid)' 'redis-server ... & echo $! > redis.pid'

Buyers hold 1-2 random seats and confirm each hold granted. After 10 s the kill command runs; 5 s later the start
command; the sale goes on 15 s more. Every answer is counted by phase (before / down / after). Afterwards each
acknowledged booking (201) is confirmed again (must answer 200 with the same seats), and the show's audit is read.
Only the standard library is used.
"""
import json
import random
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter

BASE, TOKEN, KILL, START = sys.argv[1:5]
BUYERS, ROWS, PER_ROW = 16, 40, 25
SHOW = "drill-" + uuid.uuid4().hex[:8]


def call(method, path, body=None, admin=False):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(BASE + path, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if admin:
        request.add_header("Authorization", "Bearer " + TOKEN)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null"), response.headers
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null"), error.headers
    except OSError:
        return None, None, {}


phase = "1 before"
answers = Counter()
acknowledged = []
lock = threading.Lock()
stop = threading.Event()
seats = []


def count(what):
    with lock:
        answers[f"{phase} {what}"] += 1


def buyer(index):
    rng = random.Random(index)
    while not stop.is_set():
        holder = f"buyer-{index}"
        status, hold, _ = call("POST", f"/api/shows/{SHOW}/holds",
                               {"seatIds": rng.sample(seats, rng.randint(1, 2)), "holderId": holder,
                                "ttlSeconds": 60})
        count(f"hold {status}")
        if status != 201:
            time.sleep(0.05)
            continue
        status, booking, _ = call("POST", f"/api/holds/{hold['holdId']}/confirm",
                                  {"holderId": holder, "fence": hold["fence"]})
        count(f"confirm {status}")
        if status == 201:
            with lock:
                acknowledged.append((hold["holdId"], holder, hold["fence"], sorted(booking["seats"])))


def reader():
    while not stop.is_set():
        count(f"seats {call('GET', f'/api/shows/{SHOW}/seats')[0]}")
        count(f"audit {call('GET', f'/api/shows/{SHOW}/audit')[0]}")
        time.sleep(0.2)


status, _, _ = call("POST", "/api/shows", {"id": SHOW, "name": "drill", "strategy": "redis", "rows": ROWS,
                                           "seatsPerRow": PER_ROW}, admin=True)
assert status == 201, status
seats = [seat["seatId"] for seat in call("GET", f"/api/shows/{SHOW}/seats")[1]["seats"]]
threads = [threading.Thread(target=buyer, args=(i,)) for i in range(BUYERS)] + [threading.Thread(target=reader)]
for thread in threads:
    thread.start()
time.sleep(10)
subprocess.run(KILL, shell=True, check=True)
phase = "2 down"
outage_started = time.monotonic()
time.sleep(5)
subprocess.run(START, shell=True, check=True)
phase = "3 after"
restarted = time.monotonic()
first_ok = None
while time.monotonic() - restarted < 15:
    if first_ok is None and call("GET", f"/api/shows/{SHOW}/seats")[0] == 200:
        first_ok = time.monotonic() - restarted
    time.sleep(0.1)
stop.set()
for thread in threads:
    thread.join()

lost = 0
for hold_id, holder, fence, booked in acknowledged:
    status, booking, _ = call("POST", f"/api/holds/{hold_id}/confirm", {"holderId": holder, "fence": fence})
    if status != 200 or sorted(booking["seats"]) != booked:
        lost += 1
status, audit, _ = call("GET", f"/api/shows/{SHOW}/audit")
print(f"show {SHOW}: {len(acknowledged)} bookings acknowledged ({sum(len(b[3]) for b in acknowledged)} seats),"
      f" {lost} lost, {len(audit['doubleBooked'])} seats booked twice; seat map answered 200 again"
      f" {first_ok:.1f} s after Redis restarted")
print("audit", json.dumps(audit))
for key in sorted(answers):
    print(f"  {key}: {answers[key]}")
