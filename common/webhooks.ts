/** Every signed Fluxworks webhook carries `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` in this header. */
export const SIGNATURE_HEADER = 'X-Fluxworks-Signature';
