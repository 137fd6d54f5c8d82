export { buildApp, type AppDeps, type MokedApp } from "./app";
export { loadConfig, type Config } from "./core/config";
export { createInProcessBus, type LiveBus } from "./live/bus";
export { seedDemoCenter, DEMO_PASSWORD } from "./seed/demo";
