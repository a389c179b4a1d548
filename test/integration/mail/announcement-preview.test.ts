import { beforeAll, describe, expect, it } from 'vitest';
import { seedEdition } from '../../support/editions.ts';
import { PUBLIC_URL, registrationApi } from '../../support/registration-app.ts';

/**
 * POST /admin/editions/{year}/announcements/preview: the announcement as the mail renderer
 * writes it for a recipient, before it is sent; nothing sent, nothing stored. On DynamoDB Local,
 * through the whole API.
 */

type Api = Awaited<ReturnType<typeof registrationApi>>;
let api: Api;

beforeAll(async () => {
  api = await registrationApi(seedEdition());
});

describe('an announcement preview', () => {
  it('is the message a recipient gets: greeting, the organizers’ words, their manage link', async () => {
    const preview = await api.organizer('POST', '/admin/editions/2020/announcements/preview', {
      subject: 'Room change',
      text: 'We have moved to Hall 3, next door.\nSee you there!',
    });
    expect(preview.status).toBe(200);
    expect(preview.body.subject).toBe(
      'Room change: 6th Annual High Performance Containers Workshop, 25 June 2020',
    );
    expect(preview.body.text).toContain('Hello Ada Lovelace,');
    expect(preview.body.text).toContain(
      'A message from the organizers of 6th Annual High Performance Containers Workshop:',
    );
    expect(preview.body.text).toContain('We have moved to Hall 3, next door.');
    expect(preview.body.text).toContain(`${PUBLIC_URL}/2020/manage#id=`);
    expect(preview.body.html).toContain('We have moved to Hall 3, next door.');

    // Nothing was sent or kept.
    const list = await api.organizer('GET', '/admin/editions/2020/announcements');
    expect(list.body.items).toEqual([]);
  });

  it('refuses an empty subject, naming the field, and an unknown edition with 404', async () => {
    const empty = await api.organizer('POST', '/admin/editions/2020/announcements/preview', {
      subject: ' ',
      text: 'Hello',
    });
    expect(empty.status).toBe(400);
    expect(empty.body.errors).toEqual([expect.objectContaining({ name: 'subject', in: 'body' })]);
    const missing = await api.organizer('POST', '/admin/editions/1999/announcements/preview', {
      subject: 'Room change',
      text: 'Hello',
    });
    expect(missing.status).toBe(404);
  });
});
