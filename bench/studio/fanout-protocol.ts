/** What a fan-out benchmark server tells the orchestrator once it accepts connections. */
export interface FanoutTarget {
  url: string;
  namespace: string;
  channelId: string;
  /** One credential per receiving connection (empty strings for the bare server). */
  receiverTokens: string[];
  senderToken: string;
}

export function announceTarget(target: FanoutTarget): void {
  if (!process.send) throw new Error('Start this file through bench/studio/fanout.ts; it reports to its parent over IPC');
  process.send(target);
}

export function stopOnSignal(close: () => Promise<unknown>): void {
  process.once('SIGTERM', () => {
    void close().finally(() => process.exit(0));
  });
}
