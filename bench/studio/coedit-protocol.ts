/** What a co-editing benchmark server tells the driver (bench/studio/coedit.ts) over IPC. */
export interface CoeditTarget {
  /** WebSocket URL of the collaboration endpoint. */
  url: string;
  documentName: string;
  /** Credential for each of the two clients; the bare server takes none. */
  tokens: [string | null, string | null];
}

export interface CoeditRequest {
  type: 'measure';
}

export interface CoeditMeasure {
  type: 'measure';
  /** Bytes the server keeps for the document: in the database, or in memory when nothing is stored. */
  bytes: number;
  where: 'database' | 'memory';
  /** Bytes of updates written to the database over the run, before compaction. */
  appendedBytes: number | null;
}

export function onRequest(handle: (request: CoeditRequest) => Promise<void>): void {
  process.on('message', (request: CoeditRequest) => void handle(request));
}
