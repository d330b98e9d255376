import dns, { type LookupAddress, type LookupOptions } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import ipaddr from 'ipaddr.js';
import { AppError } from './errors.ts';

/** The response kept for the delivery log: status and the first bytes of the body. */
export interface OutboundResponse {
  statusCode: number;
  body: string;
}

const RESPONSE_BYTES_KEPT = 1024;

export const urlRefused = (reason: string) => new AppError('webhook_url_refused', 422, `This URL cannot receive webhooks: ${reason}`);

/** Only public unicast addresses; private, loopback, link-local, CGNAT, multicast and reserved ranges are refused. */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed.range() === 'unicast';
}

/**
 * Refuses URLs whose host resolves to a non-public address, unless private targets are allowed.
 * Checked when the URL is saved; `postJson` checks again on every connection (DNS may change).
 */
export async function assertDeliverableUrl(raw: string, allowPrivate: boolean): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw urlRefused('it is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw urlRefused('only http and https are allowed');
  if (url.username || url.password) throw urlRefused('credentials in the URL are not allowed');
  if (allowPrivate) return url;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = await dns.promises.lookup(host, { all: true }).catch(() => {
    throw urlRefused(`${host} does not resolve`);
  });
  if (addresses.length === 0 || addresses.some((a) => !isPublicAddress(a.address))) throw urlRefused(`${host} is a private or local address`);
  return url;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A DNS lookup that fails for non-public addresses, so the socket never connects to one. */
function guardedLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) {
      callback(err, []);
    } else if (addresses.length === 0 || addresses.some((a) => !isPublicAddress(a.address))) {
      callback(Object.assign(new Error(`${hostname} resolves to a private or local address`), { code: 'EADDRREFUSED' }), []);
    } else if (options.all) {
      callback(null, addresses);
    } else {
      callback(null, addresses[0]!.address, addresses[0]!.family);
    }
  });
}

/** POSTs a JSON body without following redirects; rejects on network errors and timeouts. */
export function postJson(
  url: URL,
  body: string,
  headers: Record<string, string>,
  options: { allowPrivate: boolean; timeoutMs: number },
): Promise<OutboundResponse> {
  const client = url.protocol === 'https:' ? https : http;
  // An address literal is connected to without a lookup, so it is checked here.
  const literal = url.hostname.replace(/^\[|\]$/g, '');
  if (!options.allowPrivate && ipaddr.isValid(literal) && !isPublicAddress(literal)) {
    return Promise.reject(new Error(`${literal} is a private or local address`));
  }
  return new Promise((resolve, reject) => {
    const request = client.request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body).toString(), ...headers },
        timeout: options.timeoutMs,
        ...(options.allowPrivate ? {} : { lookup: guardedLookup }),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        response.on('data', (chunk: Buffer) => {
          if (kept < RESPONSE_BYTES_KEPT) {
            chunks.push(chunk);
            kept += chunk.length;
          }
        });
        response.on('end', () => resolve({ statusCode: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8').slice(0, RESPONSE_BYTES_KEPT) }));
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    request.on('error', reject);
    request.end(body);
  });
}
