export * from "./forecast";
export * from "./holt-winters";
export * from "./calendar";
