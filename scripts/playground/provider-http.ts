// One JSON request to a model provider's HTTP API, with what both real providers
// need around it: a time limit, and errors that say what went wrong without ever
// carrying the API key (error text ends up in terminals, logs and bug reports).

export interface ProviderCall {
  /** The provider's name, for error messages. */
  provider: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  timeoutSeconds: number;
  /** The key, only so that it can be removed from anything this call reports. */
  secret?: string;
}

export async function postJson({ provider, url, headers, body, timeoutSeconds, secret }: ProviderCall): Promise<unknown> {
  const fail = (message: string) => new Error(redact(message, secret));
  try {
    const response = await fetch(url, {
      method: "POST",
      headers,
      body: JSON.stringify(body),
      // One limit for the whole exchange: a server that sends headers and then stalls is as slow as a silent one.
      signal: AbortSignal.timeout(timeoutSeconds * 1000),
    });
    const text = await response.text();
    if (!response.ok) throw fail(`${provider} answered HTTP ${response.status}: ${errorMessageIn(text)}`);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw fail(`${provider} answered HTTP ${response.status} with a body that is not JSON`);
    }
  } catch (error) {
    if (error instanceof Error && error.name === "TimeoutError") {
      throw fail(`${provider} did not answer within ${timeoutSeconds} s (raise the limit with --timeout <seconds>)`);
    }
    if (error instanceof TypeError) {
      // fetch's own "fetch failed" hides the reason (refused, unknown host) in its cause.
      const cause = (error.cause as { code?: string; message?: string } | undefined) ?? {};
      throw fail(`could not reach ${provider} at ${withoutCredentials(url)}: ${cause.code ?? cause.message ?? error.message}`);
    }
    throw error;
  }
}

/** Both providers answer errors as `{ error: { message } }`; anything else is shown, shortened. */
function errorMessageIn(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: { message?: unknown } | string; message?: unknown };
    const message = typeof body.error === "string" ? body.error : (body.error?.message ?? body.message);
    if (typeof message === "string" && message) return message;
  } catch {
    // Not JSON: a proxy's HTML page or plain text.
  }
  const short = text.replace(/\s+/g, " ").trim();
  return short ? short.slice(0, 200) : "no error message";
}

function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = "";
    parsed.password = "";
    parsed.search = "";
    return parsed.href;
  } catch {
    return "the configured address";
  }
}

function redact(text: string, secret: string | undefined): string {
  return secret ? text.split(secret).join("[redacted]") : text;
}

/** The provider's base URL without a trailing slash, so that paths join cleanly. */
export function joinUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, "")}${path}`;
}
