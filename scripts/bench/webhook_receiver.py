#!/usr/bin/env python3
"""The benchmark's webhook receiver, on loopback: answers 200 with an empty body to every POST
as fast as it can, and notes for each one the path, the `webhook-id` and the lag, that is this
machine's clock on arrival minus the event's creation time in the body (`data.created_at`, to
the nanosecond; the envelope's `timestamp`, to the millisecond, where `data` has none).
`webhook-timestamp` counts whole seconds, too coarse for a lag.

GET /stats answers the figures so far as JSON; SIGTERM (or SIGINT) writes them to --out (or
standard output) and stops. Python 3 standard library only.

Usage: webhook_receiver.py [--port 18182] [--out stats.json]
"""
import argparse
import calendar
import json
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

lock = threading.Lock()
lags = []  # seconds, in arrival order
ids = set()  # distinct webhook-id
per_path = {}  # path -> deliveries
pairs = set()  # (path, webhook-id): a repeat is a second delivery of a message to an endpoint
unparsed = 0
first_at = None
last_at = None


def epoch(text):
    """RFC 3339 in UTC (`…Z` or `…+00:00`, any number of fraction digits) to Unix seconds."""
    text = text.strip()
    if text.endswith("Z"):
        text = text[:-1]
    elif text.endswith("+00:00"):
        text = text[:-6]
    else:
        raise ValueError("not UTC: " + text)
    whole, _, fraction = text.partition(".")
    seconds = calendar.timegm(time.strptime(whole, "%Y-%m-%dT%H:%M:%S"))
    return seconds + (float("0." + fraction) if fraction else 0.0)


def percentile(ordered, share):
    """Nearest-rank percentile of an ordered list."""
    if not ordered:
        return None
    rank = max(1, -(-len(ordered) * share // 100))  # ceil without floats
    return ordered[int(rank) - 1]


def stats():
    with lock:
        ordered = sorted(lags)
        figures = {
            "count": sum(per_path.values()),
            "with_lag": len(lags),
            "distinct_ids": len(ids),
            "duplicates": sum(per_path.values()) - len(pairs),
            "per_path": dict(per_path),
            "unparsed": unparsed,
            "first_at": first_at,
            "last_at": last_at,
        }
    ms = lambda v: None if v is None else round(v * 1000, 1)
    figures.update(
        p50_ms=ms(percentile(ordered, 50)),
        p99_ms=ms(percentile(ordered, 99)),
        max_ms=ms(ordered[-1] if ordered else None),
    )
    return figures


class Handler(BaseHTTPRequestHandler):
    # Keep-alive, as the sender's client pools its connections.
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        global unparsed, first_at, last_at
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        arrived = time.time()
        message_id = self.headers.get("webhook-id") or ""
        try:
            payload = json.loads(body)
            data = payload.get("data") or {}
            created = data.get("created_at") or payload["timestamp"]
            lag = arrived - epoch(created)
        except (ValueError, KeyError, TypeError, AttributeError):
            lag = None
        with lock:
            if lag is None:
                unparsed += 1
            else:
                lags.append(lag)
            ids.add(message_id)
            per_path[self.path] = per_path.get(self.path, 0) + 1
            pairs.add((self.path, message_id))
            if first_at is None:
                first_at = arrived
            last_at = arrived
        # Answered once noted, so /stats holds every delivery the sender saw succeed.
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):
        if self.path != "/stats":
            self.send_error(404)
            return
        text = json.dumps(stats()).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(text)))
        self.end_headers()
        self.wfile.write(text)

    def log_message(self, *args):
        pass


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=18182)
    parser.add_argument("--out", help="where SIGTERM writes the figures (default: standard output)")
    args = parser.parse_args()
    ThreadingHTTPServer.daemon_threads = True
    ThreadingHTTPServer.request_queue_size = 128
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)

    def stop(*_):
        text = json.dumps(stats())
        if args.out:
            with open(args.out, "w") as out:
                out.write(text + "\n")
        else:
            print(text, flush=True)
        # shutdown() waits for serve_forever, which runs on this thread: leave from here.
        server.server_close()
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    server.serve_forever(poll_interval=0.2)


if __name__ == "__main__":
    main()
