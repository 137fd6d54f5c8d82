export * from "./tenancy";
export * from "./access";
export * from "./routing";
