import { onSessionChange, refreshSession } from '../../../lib/api.ts';
import { apiQueryString } from './explorer-query.ts';
import type { RangeAnswer } from './useRangeQuery.ts';

let accessToken: string | null = null;
onSessionChange((session) => {
  accessToken = session?.accessToken ?? null;
});

async function fetchCsv(path: string, retried = false): Promise<Response> {
  const token = accessToken ?? (await refreshSession())?.accessToken ?? '';
  const response = await fetch(`/api/v1${path}`, { headers: { Authorization: `Bearer ${token}`, Accept: 'text/csv' } });
  if (response.status === 401 && !retried) {
    accessToken = null;
    return fetchCsv(path, true);
  }
  if (!response.ok) throw new Error(`The export failed: the server answered ${response.status}`);
  return response;
}

/**
 * Saves the CSV of the range the chart shows (query.csv with the same parameters). The API wants
 * the bearer token, which a plain link cannot send, so the file is fetched and handed over as a blob.
 */
export async function downloadCsv(streamId: string, answer: RangeAnswer, fileName: string): Promise<void> {
  const response = await fetchCsv(`/streams/${streamId}/query.csv${apiQueryString(answer.explorer, answer.from, answer.to, answer.points)}`);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
