export * from "./tenancy";
export * from "./access";
export * from "./routing";
export * from "./messages";
export * from "./dispatch";
export * from "./channels";
export * from "./workforce";
export * from "./chat";
