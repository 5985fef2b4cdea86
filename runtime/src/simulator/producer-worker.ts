/** The simulator's producer thread (producer-thread.ts): an EventProducer answering the HTTP side's sends. */
import { parentPort, workerData } from "worker_threads";
import { createLogger } from "../common/log";
import { EventProducer, ProducerSettings } from "./producer";
import { FromWorker, toFailure, ToWorker } from "./producer-thread";

const port = parentPort!;
const post = (message: FromWorker) => port.postMessage(message);

const producer = new EventProducer({
  ...(workerData as ProducerSettings),
  logger: createLogger("simulator").child("producer"),
  observer: {
    sendFailed: (error) => post({ type: "sendFailed", error }),
    recreated: (downMs) => post({ type: "recreated", downMs }),
  },
});

/**
 * Sends acknowledged and not yet reported. One produce request's callers are settled
 * together, in one run of microtasks: the report queued behind them carries them all.
 */
let sent: number[] = [];
const acknowledged = (id: number) => {
  if (sent.length === 0) {
    queueMicrotask(() => {
      const ids = sent;
      sent = [];
      post({ type: "sent", ids });
    });
  }
  sent.push(id);
};

port.on("message", (message: ToWorker) => {
  switch (message.type) {
    case "send": {
      const { id, records, receivedAtMs } = message.request;
      producer.send(records, receivedAtMs).then(
        () => acknowledged(id),
        (error: unknown) => post({ type: "failed", id, failure: toFailure(error) }),
      );
      break;
    }
    case "ready":
      void producer.isReady().then((ready) => post({ type: "ready", id: message.id, ready }));
      break;
    case "close":
      void producer.close().then(() => post({ type: "closed" }));
      break;
  }
});

// A producer that cannot connect at start ends the thread: the unhandled rejection is the
// thread's error, which connect() on the HTTP side rejects with.
void producer.connect().then(() => post({ type: "connected" }));
