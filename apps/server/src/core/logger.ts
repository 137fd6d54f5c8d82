import type { LoggerOptions } from "pino";
import type { Config } from "./config";

/** Structured JSON logs; pretty only when a person is watching a terminal. */
export function loggerOptions(config: Pick<Config, "logLevel">): LoggerOptions {
  const pretty = process.stdout.isTTY && !process.env.CI;
  return {
    level: config.logLevel,
    redact: { paths: ["req.headers.cookie", "req.headers.authorization", "password", "*.password"], remove: true },
    ...(pretty ? { transport: { target: "pino-pretty", options: { translateTime: "SYS:HH:MM:ss", ignore: "pid,hostname" } } } : {}),
  };
}
