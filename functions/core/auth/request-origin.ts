/**
 * Checks a local server makes before anything else: the Host header names this server (a DNS-rebinding page
 * reaches a loopback port under its own host name), and a write comes from this server's own origin (a page
 * on another origin can make a browser POST: cross-site request forgery).
 */

/** Host names that always mean this machine. */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** The host name of a Host header value (`name:port`, `[v6]:port`), lower-cased; null when malformed. */
export function hostName(host: string): string | null {
  const value = host.trim().toLowerCase();
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/.exec(value);
  return match ? match[1]! : null;
}

/** Whether a host name is a loopback name or address (127.0.0.0/8, ::1, localhost and its subdomains). */
export function isLoopbackHost(name: string): boolean {
  if (LOOPBACK_HOSTS.has(name) || name.endsWith('.localhost')) return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

/** What a local server accepts. */
export interface OriginPolicy {
  /** Host names (without port) besides the loopback ones, e.g. the name given with `--host`. */
  allowedHosts?: readonly string[];
  /** The port the server listens on: a Host or Origin naming another port is another origin. */
  port: number;
}

/** A refused request: 403 with the reason, or 421 (Misdirected Request) for a Host that is not this server. */
export interface OriginRefusal {
  status: 403 | 421;
  error: string;
}

/**
 * Null when the request may proceed. A missing Host is refused (HTTP/1.1 requires it). A request with an
 * Origin must come from this server (scheme http, an accepted host, this port), whatever its method; a
 * write without Origin is refused when the browser says it is cross-site (`Sec-Fetch-Site`). Requests
 * without either header (the CLI, curl) pass: they are not made by a web page.
 */
export function checkRequestOrigin(
  request: { method: string; host?: string; origin?: string; secFetchSite?: string },
  policy: OriginPolicy,
): OriginRefusal | null {
  if (!request.host || !hostAccepted(request.host, policy)) {
    return { status: 421, error: `this server does not answer to host "${request.host ?? ''}"` };
  }
  const write = !['GET', 'HEAD', 'OPTIONS'].includes(request.method.toUpperCase());
  if (request.origin !== undefined) {
    if (!originAccepted(request.origin, policy)) {
      return { status: 403, error: `requests from ${request.origin} are not accepted (cross-origin)` };
    }
    return null;
  }
  const site = request.secFetchSite?.toLowerCase();
  if (write && site && site !== 'same-origin' && site !== 'none') {
    return { status: 403, error: `a ${site} write is not accepted (cross-origin)` };
  }
  return null;
}

function hostAccepted(host: string, policy: OriginPolicy): boolean {
  const value = host.trim().toLowerCase();
  const name = hostName(value);
  if (!name) return false;
  // No port in the Host header means the scheme's default, 80.
  const port = /:(\d{1,5})$/.exec(value.replace(/^\[[^\]]*\]/, ''))?.[1] ?? '80';
  if (Number(port) !== policy.port) return false;
  return isLoopbackHost(name) || (policy.allowedHosts ?? []).map((h) => h.toLowerCase()).includes(name);
}

function originAccepted(origin: string, policy: OriginPolicy): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // includes the opaque origin "null" of sandboxed frames and file: pages
  }
  if (url.protocol !== 'http:' || url.username || url.password) return false;
  if (Number(url.port || 80) !== policy.port) return false;
  return hostAccepted(url.host, policy);
}
