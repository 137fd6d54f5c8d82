export * from "./types";
export { optimiseShifts, enumerateCandidates, evaluatePlan } from "./optimise";
