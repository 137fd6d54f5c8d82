export * from "./common";
export * from "./auth";
export * from "./tenancy";
export * from "./audit";
export * from "./live";
export * from "./routing";
export * from "./desk";
export * from "./workforce";
