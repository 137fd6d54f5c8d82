export * from "./types";
export { optimiseShifts, enumerateCandidates, evaluatePlan, type Candidate } from "./optimise";
export * from "./rules";
export { assignAgents, expandStarts } from "./assign";
