/**
 * @moked/wfm — workforce management for Moked: Erlang C/A staffing, Holt–Winters forecasting with Israeli
 * holidays, and a simulator that runs the real routing engine on a virtual clock. Pure functions: no I/O,
 * no clock, no unseeded randomness. See README.md.
 */
export * from "./random";
export { logGamma, logLowerGamma, regularizedLowerGamma } from "./staffing/gamma";
export * from "./staffing/erlang-c";
export * from "./staffing/erlang-a";
export * from "./staffing/per-interval";
export * from "./simulation/index";
export * from "./forecast/index";
export * from "./schedule/index";
