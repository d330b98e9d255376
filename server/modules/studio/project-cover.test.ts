import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { Page } from '../../../common/organizations.ts';
import type { Project, ProjectDetail } from '../../../common/studio.ts';
import { errorCode } from '../../../test/support/responses.ts';
import { listeningFilesTestKit } from './files/test-support.ts';

const kit = listeningFilesTestKit();

describe('project covers', () => {
  it('takes an image of the project as cover and shows its thumbnail in the list', async () => {
    const { owner, org, projectId } = await kit.projectWithTeam();
    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#ff6633' } }).png().toBuffer();
    const image = await kit.upload(owner.token, projectId, 'Cover.png', 'image/png', png);
    const notes = await kit.upload(owner.token, projectId, 'notes.txt', 'text/plain', Buffer.from('brief notes'));
    await kit.waitForPreview(owner.token, image.file.id);

    const refused = await kit.api('PATCH', `/projects/${projectId}`, owner.token, { coverFileId: notes.file.id });
    expect(refused.statusCode).toBe(422);
    expect(errorCode(refused)).toBe('cover_not_image');
    const elsewhere = await kit.api('PATCH', `/projects/${projectId}`, owner.token, { coverFileId: '00000000-0000-4000-8000-000000000000' });
    expect(errorCode(elsewhere)).toBe('attachment_not_found');

    const set = await kit.api('PATCH', `/projects/${projectId}`, owner.token, { coverFileId: image.file.id });
    expect(set.statusCode).toBe(200);
    expect(set.json<ProjectDetail>().project.coverFileId).toBe(image.file.id);

    const [listed] = (await kit.api('GET', `/orgs/${org.id}/projects`, owner.token)).json<Page<Project>>().items;
    expect(listed?.coverUrl).toBeTruthy();
    const thumbnail = await fetch(listed!.coverUrl!);
    expect(thumbnail.status).toBe(200);
    expect(thumbnail.headers.get('content-type')).toBe('image/webp');
    // Read to the end, so the keep-alive connection is idle and the app closes without waiting for it.
    expect((await thumbnail.arrayBuffer()).byteLength).toBeGreaterThan(0);
  });
});
