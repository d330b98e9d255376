import { describe, expect, it } from 'vitest';
import { s3BrowserOrigin } from './s3-origin.ts';

const base = { region: 'eu-west-1', bucket: 'assets', accessKeyId: 'k', secretAccessKey: 's' };

describe('the bucket origin allowed by the Content-Security-Policy', () => {
  it('follows the presigned URL style of each configuration', () => {
    expect(s3BrowserOrigin({ ...base, forcePathStyle: false })).toBe('https://assets.s3.eu-west-1.amazonaws.com');
    expect(s3BrowserOrigin({ ...base, endpoint: 'http://127.0.0.1:9000/', forcePathStyle: true })).toBe('http://127.0.0.1:9000');
    expect(s3BrowserOrigin({ ...base, endpoint: 'https://fra1.digitaloceanspaces.com', forcePathStyle: false })).toBe('https://assets.fra1.digitaloceanspaces.com');
  });
});
