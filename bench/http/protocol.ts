/** What an HTTP benchmark server tells bench/http/run.ts once it accepts connections. */
export interface ReadyMessage {
  url: string;
  headers?: Record<string, string>;
}
