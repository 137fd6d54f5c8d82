import type { FastifyError, FastifyInstance } from "fastify";
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from "fastify-type-provider-zod";
import { AppError } from "./errors";

interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

const body = (code: string, message: string, details?: unknown): ErrorBody => ({
  error: details === undefined ? { code, message } : { code, message, details },
});

// Fastify's own errors, by code, mapped to ours. Everything not listed keeps its status with a generic code.
const FASTIFY_CODES: Record<string, { code: string; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: "malformed_json", message: "The request body is not valid JSON" },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: "malformed_json", message: "The request body is empty but JSON was declared" },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: "unsupported_media_type", message: "Send the body as application/json" },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: "payload_too_large", message: "The request body is too large" },
};

/** Maps every error to `{"error":{"code","message","details"}}` with the right HTTP status, in one place. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof AppError) {
      return reply.status(err.status).send(body(err.code, err.message, err.details));
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = err.validationContext ?? "body";
      const details = err.validation.map((v) => ({
        path: [where, ...String(v.instancePath ?? "").split("/").filter(Boolean)].join("."),
        message: v.message ?? "invalid",
      }));
      // A rule of a contract (a custom issue carrying its own code, e.g. duplicate_digit) names the error itself.
      const ruled = err.validation.find((v) => typeof (v.params as { params?: { code?: unknown } } | undefined)?.params?.code === "string");
      if (ruled) return reply.status(400).send(body((ruled.params as { params: { code: string } }).params.code, ruled.message ?? "invalid", details));
      return reply.status(400).send(body("validation_error", "Some fields are missing or invalid", details));
    }
    if (isResponseSerializationError(err)) {
      request.log.error({ err }, "response did not match its schema");
      return reply.status(500).send(body("internal_error", "Something went wrong on our side"));
    }
    const known = err.code ? FASTIFY_CODES[err.code] : undefined;
    if (known) return reply.status(err.statusCode ?? 400).send(body(known.code, known.message));
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return reply.status(err.statusCode).send(body("bad_request", err.message));
    }
    request.log.error({ err }, "unhandled error");
    return reply.status(500).send(body("internal_error", "Something went wrong on our side"));
  });

}
