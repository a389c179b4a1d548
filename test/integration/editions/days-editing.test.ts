import { Ajv2020 } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '#functions/docs/document.ts';
import { organizersDescription } from '#functions/organizers/openapi.ts';
import { onlineEdition } from '../../support/editions.ts';
import { registrationApi } from '../../support/registration-app.ts';

/**
 * Organizers edit the draft of the three-day edition over HTTP (own start times of a talk and of
 * a session on the last day) and release it; the public agenda follows. On DynamoDB Local.
 */

const document = openApiDocument('http://localhost', [organizersDescription]) as any;
const ajv = new Ajv2020({ strict: false, allErrors: true });
let api: Awaited<ReturnType<typeof registrationApi>>;

beforeAll(async () => {
  api = await registrationApi(onlineEdition());
});

const send = (method: string, path: string, body?: unknown, ifMatch?: string) =>
  api.organizer(method, path, body, ifMatch ? { 'if-match': ifMatch } : {});

async function patch(path: string, body: unknown, template: string) {
  const current = await send('GET', path);
  const answer = await send('PATCH', path, body, String(current.etag));
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  const schema = document.paths[template].patch.responses[200].content['application/json'].schema;
  ajv.validate(schema, answer.body);
  expect(ajv.errors ?? [], template).toEqual([]);
  return answer.body;
}

describe('editing a draft of three days', () => {
  it('sets a talk’s own start time and reports the overlap it makes, then drops it', async () => {
    const talks = '/admin/editions/{year}/draft/talks/{talkId}';
    const moved = await patch(
      '/admin/editions/2020/draft/talks/build-live-panel',
      { at: '19:40' },
      talks,
    );
    expect(moved.talk).toMatchObject({ id: 'build-live-panel', at: '19:40', sessionId: 'build' });
    expect(moved.findings.map((finding: { code: string }) => finding.code)).toContain(
      'ITEM_TIMES_OVERLAP',
    );
    const dropped = await patch(
      '/admin/editions/2020/draft/talks/build-live-panel',
      { at: null },
      talks,
    );
    expect(dropped.talk.at).toBeUndefined();
    expect(dropped.findings).toEqual([]);
  });

  it('moves a session on the last day by its own start time, and the release publishes it', async () => {
    const edited = await patch(
      '/admin/editions/2020/draft/sessions/use-cases',
      { at: '19:30' },
      '/admin/editions/{year}/draft/sessions/{sessionId}',
    );
    expect(edited.findings).toEqual([]);
    const released = await send('POST', '/admin/editions/2020/agenda/releases', {
      name: 'later',
      comment: 'The last segment starts at 19:30.',
    });
    expect(released.status).toBe(201);
    const agenda = await send('GET', '/editions/2020/agenda');
    const session = agenda.body.sessions.find((entry: { id: string }) => entry.id === 'use-cases');
    expect(session).toMatchObject({ day: '2020-06-18', start: '2020-06-18T19:30:00+02:00' });
    const details = await send('GET', '/editions/2020');
    expect(details.body.days.at(-1)).toEqual({
      date: '2020-06-18',
      startsAt: '2020-06-18T17:00:00+02:00',
      endsAt: '2020-06-18T21:00:00+02:00',
    });
  });
});
