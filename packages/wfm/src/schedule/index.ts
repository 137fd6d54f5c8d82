export * from "./types";
export { optimiseShifts, enumerateCandidates, evaluatePlan } from "./optimise";
export * from "./rules";
export { assignAgents, expandStarts } from "./assign";
