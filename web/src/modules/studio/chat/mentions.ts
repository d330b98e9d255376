export interface MentionCandidate {
  id: string;
  displayName: string;
  email: string;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Turns the `@Name` of each picked person back into the `@[Name](id)` the server reads. */
export function encodeMentions(text: string, picked: MentionCandidate[]): string {
  let body = text;
  for (const person of picked) {
    body = body.replace(new RegExp(`@${escapeRegExp(person.displayName)}(?![\\w])`, 'g'), `@[${person.displayName}](${person.id})`);
  }
  return body;
}
