#!/usr/bin/python3
"""Reads and seeds Missive's SQLite database for the end-to-end queue tests.

Usage:
  /usr/bin/python3 queue_db.py DB clone ID COUNT
      Stores COUNT copies of notification ID (new ids, status created, due now) in one
      transaction: a backlog as a large batch leaves it. Prints {"cloned": COUNT}.
  /usr/bin/python3 queue_db.py DB race SERVICE ID
      Prints how many of SERVICE's notifications were delivered while ID waited (sent after ID
      was created and before ID was sent), how many are still in flight, and ID's wait in ms.
"""

import json
import sqlite3
import sys
import time
import uuid


def connect(path):
    db = sqlite3.connect(path, timeout=30)
    db.execute("PRAGMA busy_timeout = 30000")
    return db


def clone(db, seed_id, count):
    columns = [row[1] for row in db.execute("PRAGMA table_info(notifications)")]
    fixed = {"id", "status", "due_at", "sent_at", "updated_at", "attempts", "provider_response"}
    kept = [c for c in columns if c not in fixed]
    seed = db.execute(f"SELECT {', '.join(kept)} FROM notifications WHERE id = ?",
                      (seed_id,)).fetchone()
    if seed is None:
        raise SystemExit(f"no notification {seed_id}")
    now = int(time.time() * 1_000_000)
    names = kept + ["id", "status", "due_at", "attempts"]
    sql = (f"INSERT INTO notifications ({', '.join(names)}) "
           f"VALUES ({', '.join('?' for _ in names)})")
    with db:
        db.executemany(sql, (list(seed) + [str(uuid.uuid4()), "created", now, 0]
                             for _ in range(count)))
    return {"cloned": count}


def race(db, service_id, waiting_id):
    created, sent = db.execute("SELECT created_at, sent_at FROM notifications WHERE id = ?",
                               (waiting_id,)).fetchone()
    overtook = db.execute(
        "SELECT count(*) FROM notifications WHERE service_id = ? AND status = 'delivered' "
        "AND sent_at > ? AND sent_at <= ?", (service_id, created, sent)).fetchone()[0]
    in_flight = db.execute(
        "SELECT count(*) FROM notifications WHERE service_id = ? "
        "AND status IN ('created', 'sending')", (service_id,)).fetchone()[0]
    return {"delivered_meanwhile": overtook, "still_in_flight": in_flight,
            "wait_ms": (sent - created) / 1000}


def main():
    path, command = sys.argv[1], sys.argv[2]
    db = connect(path)
    if command == "clone":
        result = clone(db, sys.argv[3], int(sys.argv[4]))
    elif command == "race":
        result = race(db, sys.argv[3], sys.argv[4])
    else:
        raise SystemExit(f"unknown command {command}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
