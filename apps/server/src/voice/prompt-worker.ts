// Converts one uploaded prompt off the main thread: decoding and resampling minutes of audio takes seconds of
// CPU, and the main thread paces every call's RTP every 20 ms.
import { parentPort, workerData } from "node:worker_threads";
import { AppError } from "../core/errors";
import { convertUpload } from "./prompt-audio";

try {
  const result = await convertUpload(Buffer.from(workerData as Uint8Array));
  parentPort!.postMessage({ ok: true, result }, [result.mulaw.buffer as ArrayBuffer]);
} catch (err) {
  const e = err instanceof AppError ? err : new AppError("unreadable_audio", 422, "The audio file could not be read");
  parentPort!.postMessage({ ok: false, error: { code: e.code, status: e.status, message: e.message, details: e.details } });
}
