/** Query parameters whose names look like secrets: their values never reach a log line. */
const SECRET_NAME = /(key|token|secret|pass|auth|sig|credential|session)/i;

/**
 * The URL as logged: the value of every query parameter whose name looks like a secret
 * (`api_key`, `token`, `access_token`, `password` …) is replaced by `[redacted]`. Keys are accepted
 * only in the Authorization header, but a client may still put one in a URL by mistake.
 */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const query = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {
        /* keep it as written */
      }
      return SECRET_NAME.test(decoded) ? `${name}=[redacted]` : pair;
    })
    .join('&');
  return `${url.slice(0, q)}?${query}`;
}
