/**
 * Ingress access rule (HA-CONVENTIONS §4.2): only the Supervisor's ingress gateway
 * (172.30.32.2) and loopback (our own HEALTHCHECK, the demo) may connect.
 */
const ALLOWED = new Set(["172.30.32.2", "127.0.0.1", "::1"]);

export function isAllowedSource(remoteAddress: string | undefined): boolean {
  if (remoteAddress === undefined) return false;
  const v4 = remoteAddress.startsWith("::ffff:") ? remoteAddress.slice("::ffff:".length) : remoteAddress;
  return ALLOWED.has(v4) || v4.startsWith("127.");
}
