/** The answer to a socket request: `ok: false` carries a stable code and a sentence, as HTTP errors do. */
export type SocketAck<T extends object = object> = ({ ok: true } & T) | { ok: false; error: { code: string; message: string } };
