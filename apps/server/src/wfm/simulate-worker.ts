// Runs one simulation off the main thread: a busy day takes seconds of CPU, and the API must stay responsive.
import { parentPort, workerData } from "node:worker_threads";
import { simulate, type SimulationScenario } from "@moked/wfm";

const result = simulate(workerData as SimulationScenario);
parentPort!.postMessage(result);
