"""The Flask peer of our simulator's ingest (runtime/src/simulator/app.ts, POST /events).

    POST /events   a JSON array of event objects, or one object → 202 {"accepted": n} once
                   Kafka acknowledged every one of them; 400 when the body is not an object
                   or a non-empty array of objects; 413 past 10,000 events or 5 MiB (our
                   simulator's limits); 503 when any of them could not be written.
    GET  /healthz  200

No validation against the contract (that is what our simulator adds). Each event goes to
$KAFKA_TOPIC on $KAFKA_BROKERS, keyed by its user_id, with the producer settings of our
simulator: acks=all, idempotent, linger 5 ms, no compression.

    gunicorn -w 2 -k gthread --threads 8 -b 127.0.0.1:PORT --no-control-socket --chdir <repo> bench.peers.flask_ingest:app

Threaded workers (as the bench runs it): a request waiting for Kafka's acknowledgement does
not hold up the others, and the requests of a worker share its producer's batches.

(--no-control-socket: gunicorn 27 otherwise opens ~/.gunicorn/gunicorn.ctl, one path for
every gunicorn of the user.)
"""
from __future__ import annotations

import json
import os
import threading
import time

from confluent_kafka import KafkaError, KafkaException, Producer
from flask import Flask, jsonify, request

MAX_BATCH_EVENTS = 10_000
MAX_BODY_BYTES = 5 * 1024 * 1024
# How long a request waits for Kafka's acknowledgements; librdkafka reports every message
# as failed once it has waited this long, so the wait below always ends, and well within
# gunicorn's default worker timeout (30 s), which would kill the worker instead of a 503.
DELIVERY_TIMEOUT_MS = 10_000
POLL_INTERVAL_S = 0.05

app = Flask(__name__)
app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES

_producer: Producer | None = None
_producer_pid: int | None = None
_producer_lock = threading.Lock()


def _serve_deliveries(kafka: Producer) -> None:
    """Runs the delivery callbacks, for every request of this process, as reports arrive."""
    while True:
        kafka.poll(POLL_INTERVAL_S)


def producer() -> Producer:
    """This process's producer, created on first use: gunicorn forks its workers after
    importing the app, and librdkafka's threads do not survive a fork. One thread polls it:
    with threaded workers, requests polling it themselves would take turns at its queue."""
    global _producer, _producer_pid
    with _producer_lock:
        if _producer is None or _producer_pid != os.getpid():
            _producer = Producer({
                "bootstrap.servers": os.environ["KAFKA_BROKERS"],
                "acks": "all",
                "enable.idempotence": True,
                "linger.ms": 5,
                "compression.type": "none",
                "delivery.timeout.ms": DELIVERY_TIMEOUT_MS,
            })
            _producer_pid = os.getpid()
            threading.Thread(target=_serve_deliveries, args=(_producer,), daemon=True, name="kafka-deliveries").start()
        return _producer


def problem(status: int, error: str):
    return jsonify({"error": error}), status


@app.get("/healthz")
def healthz():
    return jsonify({"status": "ok"})


@app.post("/events")
def post_events():
    body = request.get_json(silent=True)
    events = body if isinstance(body, list) else [body]
    if body is None or not all(isinstance(event, dict) for event in events):
        return problem(400, "send one JSON object or a JSON array of objects, with Content-Type: application/json")
    if not events:
        return problem(400, "the array holds no event: send one event or a non-empty array")
    if len(events) > MAX_BATCH_EVENTS:
        return problem(413, f"a batch may hold at most {MAX_BATCH_EVENTS} events, but {len(events)} were sent: split it")

    # This request's delivery reports (None for a message Kafka acknowledged, else its
    # error), appended by its own callback, which the process's polling thread runs; the
    # request waits until all of them are in.
    reports: list[KafkaError | None] = []
    all_in = threading.Event()
    expected = len(events)

    def on_delivery(error: KafkaError | None, _message) -> None:
        reports.append(error)
        if len(reports) >= expected:
            all_in.set()

    kafka = producer()
    topic = os.environ["KAFKA_TOPIC"]
    refused: KafkaException | None = None
    for produced, event in enumerate(events):
        value = json.dumps(event, separators=(",", ":")).encode()
        key = event.get("user_id")
        try:
            while True:
                try:
                    kafka.produce(topic, value, key=None if key is None else str(key).encode(), on_delivery=on_delivery)
                    break
                except BufferError:
                    time.sleep(POLL_INTERVAL_S)  # the local queue is full: the polling thread drains it
        except KafkaException as error:  # refused before sending, e.g. a message too large
            refused = error
            expected = produced
            if len(reports) >= expected:
                all_in.set()
            break
    all_in.wait(DELIVERY_TIMEOUT_MS / 1000 + 5)

    failures = [error for error in reports if error is not None]
    if refused or failures or len(reports) < len(events):
        reason = str(refused or (failures[0] if failures else "no acknowledgement in time"))
        app.logger.warning("kafka did not take %d of %d events: %s", len(events) - len(reports) + len(failures), len(events), reason)
        response, status = problem(503, f"Kafka did not take every event ({reason}); retry the request")
        response.headers["Retry-After"] = "5"
        return response, status
    return jsonify({"accepted": len(events)}), 202
