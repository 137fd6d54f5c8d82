/** The one error type of the server: a stable code the client can switch on, and a human message. */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const notFound = (what = "resource") => new AppError("not_found", 404, `The ${what} was not found`);
export const forbidden = (message = "Your role may not do this") => new AppError("forbidden", 403, message);
export const unauthenticated = (message = "Log in first") => new AppError("unauthenticated", 401, message);
export const conflict = (code: string, message: string, details?: unknown) => new AppError(code, 409, message, details);
export const badRequest = (code: string, message: string, details?: unknown) =>
  new AppError(code, 400, message, details);
