// Runs one heavy workforce computation off the main thread: a simulated day or a week's MIP takes seconds
// of CPU, and the API must stay responsive meanwhile.
import { parentPort, workerData } from "node:worker_threads";
import { assignAgents, optimiseShifts, simulate } from "@moked/wfm";
import type { WorkerTask } from "./run-in-worker";

const task = workerData as WorkerTask;
if (task.kind === "simulate") {
  parentPort!.postMessage(simulate(task.scenario));
} else {
  const plan = await optimiseShifts(task.optimise);
  parentPort!.postMessage({ plan, assignment: assignAgents(plan.starts, task.agents) });
}
