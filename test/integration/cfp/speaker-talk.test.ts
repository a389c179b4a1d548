import { beforeAll, describe, expect, it } from 'vitest';
import {
  asSpeaker,
  type ConfirmedSubmission,
  putSubmission,
  releaseTalk,
} from '../../support/cfp/speaker-fixtures.ts';
import { seedEdition } from '../../support/editions.ts';
import { registrationApi } from '../../support/registration-app.ts';

/**
 * A confirmed speaker sees their talk's slot with the private link: as released, with live times
 * once a delay moves it; nothing before the release; a wrong token is the 404 of no submission.
 * On DynamoDB Local, through the whole API.
 */

type Api = Awaited<ReturnType<typeof registrationApi>>;
let api: Api;
let confirmed: ConfirmedSubmission;
let unreleased: ConfirmedSubmission;

const SPEAKER = { personId: 'ilse-vandermeer', name: 'Ilse Vandermeer', affiliation: 'Podlab' };
const TITLE = 'Rootless Runtimes in Practice';

beforeAll(async () => {
  api = await registrationApi(seedEdition());
  const talkId = await releaseTalk(api, {
    sessionId: 'runtime',
    title: TITLE,
    speakers: [SPEAKER],
  });
  confirmed = await putSubmission(api, { title: TITLE, talkId, speakers: [SPEAKER] });
  unreleased = await putSubmission(api, {
    title: 'Not released yet',
    talkId: 'runtime-not-released-yet',
    speakers: [{ ...SPEAKER, personId: 'someone-else', name: 'Tomasz Oberg' }],
  });
});

const talkPath = (id: string) => `/editions/2020/submissions/${id}/talk`;

describe('the talk of a confirmed submission', () => {
  it('is the released slot: id, title, session, day, times, materials; personal (no-store)', async () => {
    const answer = await asSpeaker(api, confirmed.token, 'GET', talkPath(confirmed.id));
    expect(answer.status).toBe(200);
    expect(answer.cache).toBe('no-store');
    const agenda = await api.organizer('GET', '/editions/2020/agenda');
    const slot = agenda.body.slots.find(
      (candidate: { id: string }) => candidate.id === confirmed.talkId,
    );
    expect(answer.body).toEqual({
      talk: {
        id: confirmed.talkId,
        title: TITLE,
        sessionId: 'runtime',
        day: '2020-06-25',
        start: slot.start,
        end: slot.end,
        materials: [],
      },
    });
    expect(answer.body.talk.start).toMatch(/^2020-06-25T\d\d:\d\d:00\+02:00$/);
  });

  it('shows live times once a delay moves the slot', async () => {
    const delayed = await api.organizer('POST', '/admin/editions/2020/live/delays', {
      from: 'runtime-introduction-and-scope',
      minutes: 10,
    });
    expect(delayed.status).toBe(201);
    const answer = await asSpeaker(api, confirmed.token, 'GET', talkPath(confirmed.id));
    const { talk } = answer.body;
    expect(talk.live.delayMinutes).toBe(10);
    expect(Date.parse(talk.live.start) - Date.parse(talk.start)).toBe(10 * 60_000);
    const cleared = await api.organizer('POST', '/admin/editions/2020/live/delays', {
      from: 'runtime-introduction-and-scope',
      minutes: 0,
    });
    expect(cleared.status).toBe(201);
    const after = await asSpeaker(api, confirmed.token, 'GET', talkPath(confirmed.id));
    expect(after.body.talk).not.toHaveProperty('live');
  });

  it('is null while the talk is not in the published agenda, or the submission not confirmed', async () => {
    const notReleased = await asSpeaker(api, unreleased.token, 'GET', talkPath(unreleased.id));
    expect(notReleased.status).toBe(200);
    expect(notReleased.body).toEqual({ talk: null });
    const accepted = await putSubmission(api, { status: 'accepted', speakers: [SPEAKER] });
    const answer = await asSpeaker(api, accepted.token, 'GET', talkPath(accepted.id));
    expect(answer.body).toEqual({ talk: null });
  });

  it('answers the same 404 to a wrong, missing or other submission’s token and to an unknown id', async () => {
    const other = await asSpeaker(api, unreleased.token, 'GET', talkPath(confirmed.id));
    const wrong = await asSpeaker(api, 'x'.repeat(43), 'GET', talkPath(confirmed.id));
    const missing = await api.app.request(talkPath(confirmed.id));
    const unknown = await asSpeaker(
      api,
      confirmed.token,
      'GET',
      talkPath('01h00000000000000000000000'),
    );
    for (const answer of [other, wrong, unknown]) {
      expect(answer.status).toBe(404);
      expect(answer.body.detail).toBe('There is no submission with this id and token.');
    }
    expect(missing.status).toBe(404);
  });

  it('refuses a 2,000-character id with a 400 naming it', async () => {
    const answer = await asSpeaker(api, confirmed.token, 'GET', talkPath('a'.repeat(2000)));
    expect(answer.status).toBe(400);
    expect(answer.body.errors.map((error: { name: string }) => error.name)).toEqual(['id']);
  });
});
