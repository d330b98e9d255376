/** What a fan-out benchmark server tells the orchestrator (bench/studio/fanout.ts) once it accepts connections. */
export interface FanoutTarget {
  url: string;
  namespace: string;
  channelId: string;
  /** One credential per receiving connection (empty strings for the bare server). */
  receiverTokens: string[];
  senderToken: string;
}
