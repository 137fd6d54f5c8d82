// Converts audio off the main thread: decoding and resampling minutes of audio takes seconds of CPU, and the
// main thread paces every call's RTP every 20 ms. Started with `workerData` it converts that one upload and
// ends; started without, it stays and converts each `{ id, bytes }` it is sent (the speech synthesiser's
// sentences: booting a worker costs far more CPU than converting a sentence).
import { parentPort, workerData } from "node:worker_threads";
import { AppError } from "../core/errors";
import { convertUpload } from "./prompt-audio";

async function convert(bytes: Uint8Array, id?: number): Promise<void> {
  try {
    const result = await convertUpload(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    parentPort!.postMessage({ id, ok: true, result }, [result.mulaw.buffer as ArrayBuffer]);
  } catch (err) {
    const e = err instanceof AppError ? err : new AppError("unreadable_audio", 422, "The audio file could not be read");
    parentPort!.postMessage({ id, ok: false, error: { code: e.code, status: e.status, message: e.message, details: e.details } });
  }
}

if (workerData) await convert(workerData as Uint8Array);
else parentPort!.on("message", (job: { id: number; bytes: Uint8Array }) => void convert(job.bytes, job.id));
