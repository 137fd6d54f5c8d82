import { Worker } from "node:worker_threads";
import type { Agent, Assignment, OptimiseShiftsInput, OptimiseShiftsResult, SimulationResult, SimulationScenario } from "@moked/wfm";
import type { AppError } from "../core/errors";

export type WorkerTask = { kind: "simulate"; scenario: SimulationScenario } | { kind: "schedule"; optimise: OptimiseShiftsInput; agents: Agent[] };
type WorkerResult<T extends WorkerTask> = T extends { kind: "simulate" } ? SimulationResult : { plan: OptimiseShiftsResult; assignment: Assignment };

/** Runs a simulation or a schedule build in a worker thread, ended when it overruns `timeoutMs`. */
export function runInWorker<T extends WorkerTask>(task: T, timeoutMs: number, tooLong: AppError): Promise<WorkerResult<T>> {
  return new Promise((resolve, reject) => {
    // The worker loads TypeScript like the server does; Node 20 does not pass --import hooks on to workers.
    const entry = new URL("./worker.ts", import.meta.url).href;
    const boot = `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
    const worker = new Worker(boot, { eval: true, workerData: task });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(tooLong);
    }, timeoutMs);
    worker.once("message", (r: WorkerResult<T>) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(r);
    });
    worker.once("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}
