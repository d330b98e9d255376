import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { HocuspocusProvider } from '@hocuspocus/provider';
import * as Y from 'yjs';
import { TEXT_FIELD } from '../../common/studio-documents.ts';
import { startServer, stopServer } from '../lib/server-parent.ts';
import type { CoeditMeasure, CoeditTarget } from './coedit-protocol.ts';

/**
 * Co-editing: two Hocuspocus clients each make `edits` single-character inserts at random places
 * of one shared paragraph, as fast as the event loop lets them, at the same time. Measured: time
 * until both hold the same 2 × `edits` characters and the server acknowledged every edit, and the
 * bytes the server keeps for the document. The same run goes against the real app (platform JWT,
 * project policy, every update stored in the database) and against a bare Hocuspocus server (no
 * auth, nothing stored), each in its own process; the clients run here. `--cpu-prof` writes
 * a CPU profile of each server process.
 */
const { values: flags } = parseArgs({ options: { edits: { type: 'string', default: '5000' }, 'cpu-prof': { type: 'boolean', default: false } } });
const edits = Number(flags.edits);
const here = path.dirname(fileURLToPath(import.meta.url));

interface Result {
  name: string;
  typingMs: number;
  convergeMs: number;
  measure: CoeditMeasure;
}

interface Client {
  provider: HocuspocusProvider;
  doc: Y.Doc;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const nextTick = () => new Promise((resolve) => setImmediate(resolve));

async function until(check: () => boolean, what: string, timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

function connect(target: CoeditTarget, token: string | null): Client {
  const doc = new Y.Doc();
  const provider = new HocuspocusProvider({ url: target.url, name: target.documentName, document: doc, token });
  return { provider, doc };
}

const paragraphText = (doc: Y.Doc): Y.XmlText | undefined => {
  const paragraph = doc.getXmlFragment(TEXT_FIELD).get(0);
  const text = paragraph instanceof Y.XmlElement ? paragraph.get(0) : undefined;
  return text instanceof Y.XmlText ? text : undefined;
};

/** `count` inserts of one character at a random position, each sent on its own. */
async function type(client: Client, letter: string, count: number): Promise<void> {
  const text = paragraphText(client.doc)!;
  for (let i = 0; i < count; i++) {
    text.insert(Math.floor(Math.random() * (text.length + 1)), letter);
    await nextTick();
  }
}

async function measure(child: ChildProcess): Promise<CoeditMeasure> {
  const reply = once(child, 'message') as Promise<[CoeditMeasure]>;
  child.send({ type: 'measure' });
  return (await reply)[0];
}

async function run(name: string, file: string, measureBeforeLeaving: boolean): Promise<Result> {
  const { child, target } = await startServer<CoeditTarget>(path.join(here, file), { cpuProfile: flags['cpu-prof'] });
  const clients = target.tokens.map((token) => connect(target, token));
  try {
    await until(() => clients.every((client) => client.provider.isSynced), 'both clients to sync');
    const [first, second] = clients as [Client, Client];
    first.doc.transact(() => {
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText('')]);
      first.doc.getXmlFragment(TEXT_FIELD).insert(0, [paragraph]);
    });
    await until(() => paragraphText(second.doc) !== undefined, 'the shared paragraph on the second client');

    const started = performance.now();
    await Promise.all([type(first, 'a', edits), type(second, 'b', edits)]);
    const typingMs = performance.now() - started;
    const texts = (): string[] => clients.map((client) => (paragraphText(client.doc)?.toString() as string | undefined) ?? '');
    await until(() => {
      const [a, b] = texts();
      return a!.length === 2 * edits && a === b && clients.every((client) => client.provider.unsyncedChanges === 0);
    }, 'both clients to converge');
    const convergeMs = performance.now() - started;

    let result: CoeditMeasure | undefined;
    // A bare server keeps the document only while someone has it open; ours stores it as the last one leaves.
    if (measureBeforeLeaving) result = await measure(child);
    for (const client of clients) client.provider.destroy();
    result ??= await measure(child);
    return { name, typingMs, convergeMs, measure: result };
  } finally {
    for (const client of clients) client.provider.destroy();
    await stopServer(child);
  }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const results = [
  await run('Fluxworks /collab (JWT, policy, PostgreSQL/PGlite storage)', 'coedit-fluxworks-server.ts', false),
  await run('bare Hocuspocus (no auth, no storage)', 'coedit-bare-server.ts', true),
];

console.log(`\nCo-editing: 2 clients × ${String(edits)} single-character inserts into one paragraph, concurrently\n`);
console.log('| server | all edits sent | converged after | edits/s to convergence | bytes kept | written over the run |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const { name, typingMs, convergeMs, measure: m } of results) {
  const rate = Math.round((2 * edits) / (convergeMs / 1000));
  console.log(
    `| ${name} | ${typingMs.toFixed(0)} ms | ${convergeMs.toFixed(0)} ms | ${String(rate)} | ${kb(m.bytes)} (${m.where}) | ${m.appendedBytes === null ? '—' : kb(m.appendedBytes)} |`,
  );
}
const [ours, bare] = results as [Result, Result];
console.log(`\nConvergence time relative to the bare server: ${(ours.convergeMs / bare.convergeMs).toFixed(2)}×`);
