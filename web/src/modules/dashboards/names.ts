/** Field names or tag keys typed as one list: separated by commas, spaces or new lines, each once. */
export function parseNames(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter(Boolean))];
}
