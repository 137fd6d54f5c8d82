export * from "./schema";
export * from "./client";
export * from "./migrate";
export * from "./scope";
