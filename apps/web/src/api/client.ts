/** The API's error shape, as a typed error the screens can switch on by code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Array<{ path: string; message: string }>,
  ) {
    super(message);
  }
}

let onUnauthenticated: () => void = () => undefined;
/** Where to go when a session ends under our feet (expired, logged out elsewhere). */
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler;
}

export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const res = await fetch(`/api/v1${path}`, {
    method: init.method ?? "GET",
    credentials: "same-origin",
    // A file goes as itself (its own type); anything else as JSON.
    headers: init.body === undefined ? {} : { "content-type": init.body instanceof Blob ? init.body.type || "application/octet-stream" : "application/json" },
    body: init.body === undefined ? undefined : init.body instanceof Blob ? init.body : JSON.stringify(init.body),
  });
  if (res.status === 204) return undefined as T;
  const payload = (await res.json().catch(() => null)) as { error?: { code: string; message: string; details?: unknown } } | null;
  if (!res.ok) {
    const err = payload?.error;
    if (res.status === 401 && path !== "/auth/login") onUnauthenticated();
    throw new ApiError(res.status, err?.code ?? "generic", err?.message ?? res.statusText, Array.isArray(err?.details) ? err.details : undefined);
  }
  return payload as T;
}
