/** A worker thread of the sink's codec pool (codec-pool.ts): encodes the flushes it is sent. */
import { parentPort, workerData } from "worker_threads";
import { CodecSettings, encodeMessages, encoderFor } from "./codec";
import type { CodecJob, CodecResult } from "./codec-pool";

const encoder = encoderFor(workerData as CodecSettings);
const port = parentPort!;

port.on("message", async (job: CodecJob) => {
  let result: CodecResult;
  try {
    const encoded = await encodeMessages(encoder, job.request);
    // Only a buffer of its own can be transferred (parquetjs-lite's Buffers may share Node's pool): copy the others.
    const owned = (bytes: Uint8Array) => (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes));
    const reply = { ...encoded, files: encoded.files.map((file) => ({ ...file, body: owned(file.body) })) };
    result = { id: job.id, reply };
    port.postMessage(result, reply.files.flatMap((file) => [file.body.buffer, file.rows.buffer]) as ArrayBuffer[]);
  } catch (error) {
    result = { id: job.id, error: (error as Error).stack ?? String(error) };
    port.postMessage(result);
  }
});
