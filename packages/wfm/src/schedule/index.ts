export * from "./types";
export { optimiseShifts, enumerateCandidates, evaluatePlan, type Candidate } from "./optimise";
export { skillGroups, requiredSkills } from "./skills";
export { splitHeads, type SkillSplit } from "./split";
export * from "./rules";
export { assignAgents, expandStarts } from "./assign";
export { computeAdherence, type AdherenceInput, type AdherenceResult, type AdherenceShift, type AgentAdherence, type IntervalAdherence, type Presence, type PresenceChange } from "./adherence";
