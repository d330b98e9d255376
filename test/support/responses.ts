import type { ErrorBody } from '../../server/platform/http/errors.ts';

/** The stable error code of an error response (`{ error: { code } }`). */
export const errorCode = (res: { json: <T>() => T }): string => res.json<ErrorBody>().error.code;
