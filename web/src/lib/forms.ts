import { ApiError } from './api.ts';

export interface FormErrors<F extends string> {
  fields: Partial<Record<F, string>>;
  /** A message that belongs to no single field, shown above the submit button. */
  form?: string;
}

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * Places a failed request's message under the field it concerns: by the validation path the
 * server reports, else by an explicit code mapping, else by a field name inside the error code
 * (`email_taken` goes under `email`), else above the form.
 */
export function formErrors<F extends string>(error: unknown, fields: readonly F[], codeToField: Partial<Record<string, F>> = {}): FormErrors<F> {
  if (!error) return { fields: {} };
  if (!(error instanceof ApiError)) {
    return { fields: {}, form: 'Could not reach the server. Check your connection and try again.' };
  }
  const result: FormErrors<F> = { fields: {} };
  const byPath = error.fieldMessages;
  for (const field of fields) {
    const message = byPath[field];
    if (message) result.fields[field] = humanise(message);
  }
  if (Object.keys(result.fields).length) return result;
  const mapped = codeToField[error.code] ?? fields.find((field) => error.code.includes(snake(field)));
  if (mapped) result.fields[mapped] = error.message;
  else result.form = error.message;
  return result;
}

function humanise(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}

/** The message of any error, for toasts and page-level alerts. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return 'Something went wrong';
}

/** The text value of a named form control ('' when absent). */
export function formText(form: HTMLFormElement, name: string): string {
  const value = new FormData(form).get(name);
  return typeof value === 'string' ? value : '';
}
