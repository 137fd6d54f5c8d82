export * from "./types";
export { simulate, compareScenarios } from "./simulator";
export { pool, summarise } from "./metrics";
export * from "./fit";
