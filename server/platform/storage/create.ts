import path from 'node:path';
import type { Config } from '../../config.ts';
import type { Storage } from './index.ts';
import { createLocalStorage } from './local.ts';
import { createS3Storage } from './s3.ts';

/** S3 when a bucket is configured, otherwise the local folder `${dataDir}/storage`. */
export async function createStorage(config: Config): Promise<Storage> {
  if (config.s3) return createS3Storage(config.s3);
  return createLocalStorage({
    root: path.join(config.dataDir, 'storage'),
    publicUrl: config.publicUrl,
    signingSecret: config.secrets.storageSigning,
  });
}
