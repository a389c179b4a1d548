import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { submissionSk, submissionsPk } from '#functions/data/table/keys.ts';
import {
  asSpeaker,
  type ConfirmedSubmission,
  putSubmission,
  releaseDraft,
  releaseTalk,
} from '../../support/cfp/speaker-fixtures.ts';
import { seedEdition } from '../../support/editions.ts';
import { registrationApi } from '../../support/registration-app.ts';

/**
 * A confirmed speaker edits their name as shown, affiliation and bio with the private link: the
 * draft's speaker entry changes (audited as by "speaker"), and the submission with it; the public
 * speakers list follows the organizers' next release. On DynamoDB Local, through the whole API.
 */

type Api = Awaited<ReturnType<typeof registrationApi>>;
let api: Api;
let confirmed: ConfirmedSubmission;
let other: ConfirmedSubmission;

const FIRST = { personId: 'henrike-solberg', name: 'Henrike Solberg', affiliation: 'Fjordlab' };
const SECOND = { personId: 'oskar-vantanen', name: 'Oskar Vantanen', affiliation: 'Northgrid' };
const STRANGER = { personId: 'liv-amundsen', name: 'Liv Amundsen', affiliation: 'Elsewhere' };

beforeAll(async () => {
  api = await registrationApi(seedEdition());
  const talkId = await releaseTalk(api, {
    sessionId: 'runtime',
    title: 'Checkpointing Containers',
    speakers: [FIRST, SECOND],
  });
  confirmed = await putSubmission(api, { talkId, speakers: [FIRST, SECOND] });
  const otherTalk = await releaseTalk(api, {
    sessionId: 'runtime',
    title: 'Another Talk',
    speakers: [STRANGER],
  });
  other = await putSubmission(api, { talkId: otherTalk, speakers: [STRANGER] });
});

const speakerPath = (id: string, personId: string) =>
  `/editions/2020/submissions/${id}/speakers/${personId}`;

const stored = async (id: string) => {
  const { Item } = await api.table.client.send(
    new GetCommand({
      TableName: api.table.tableName,
      Key: { pk: submissionsPk(2020), sk: submissionSk(id) },
    }),
  );
  return Item as Record<string, any>;
};

describe('a speaker edits their entry', () => {
  it('changes the draft’s speaker and the submission, not the public list before a release', async () => {
    const edited = await asSpeaker(
      api,
      confirmed.token,
      'PATCH',
      speakerPath(confirmed.id, FIRST.personId),
      { name: 'Henrike M. Solberg', affiliation: 'Fjordlab AS', bio: 'Works on CRIU.' },
    );
    expect(edited.status).toBe(200);
    expect(edited.cache).toBe('no-store');
    expect(edited.body).toEqual({
      speaker: {
        personId: FIRST.personId,
        name: 'Henrike M. Solberg',
        affiliation: 'Fjordlab AS',
        bio: 'Works on CRIU.',
      },
    });
    expect(edited.text).not.toContain('@');

    const draft = await api.organizer(
      'GET',
      `/admin/editions/2020/draft/speakers/${FIRST.personId}`,
    );
    expect(draft.body.speaker).toEqual({
      id: FIRST.personId,
      name: 'Henrike M. Solberg',
      affiliation: 'Fjordlab AS',
      bio: 'Works on CRIU.',
    });
    const record = await stored(confirmed.id);
    expect(record.version).toBe(confirmed.record.version + 1);
    expect(record.speakers[0]).toMatchObject({ name: 'Henrike M. Solberg', bio: 'Works on CRIU.' });
    expect(record.speakers[0].email).toBe(confirmed.record.speakers[0]?.email);
    expect(record.speakers[1]).toEqual(confirmed.record.speakers[1]);

    const before = await api.organizer('GET', `/editions/2020/speakers/${FIRST.personId}`);
    expect(before.body.name).toBe(FIRST.name);
    await releaseDraft(api, 'Speakers’ own edits');
    const after = await api.organizer('GET', `/editions/2020/speakers/${FIRST.personId}`);
    expect(after.body).toMatchObject({ name: 'Henrike M. Solberg', affiliation: 'Fjordlab AS' });
    expect(after.text).not.toContain('@');
  });

  it('is audited as an edit of "speaker <personId>" by "speaker", never an address', async () => {
    const audit = await api.organizer('GET', '/admin/editions/2020/audit');
    const entry = audit.body.items.find(
      (candidate: { target: string }) => candidate.target === `speaker ${FIRST.personId}`,
    );
    expect(entry).toMatchObject({ who: 'speaker', action: 'speaker.update' });
    expect(entry.summary).toContain('name, affiliation, bio');
    expect(JSON.stringify(audit.body)).not.toContain('@speakers.example');
  });

  it('lets a co-speaker of the same submission edit, and an empty bio removes it', async () => {
    const withBio = await asSpeaker(
      api,
      confirmed.token,
      'PATCH',
      speakerPath(confirmed.id, SECOND.personId),
      {
        bio: 'Grid engineer.',
      },
    );
    expect(withBio.body.speaker.bio).toBe('Grid engineer.');
    const removed = await asSpeaker(
      api,
      confirmed.token,
      'PATCH',
      speakerPath(confirmed.id, SECOND.personId),
      {
        bio: '',
      },
    );
    expect(removed.status).toBe(200);
    expect(removed.body.speaker).toEqual(SECOND);
    const draft = await api.organizer(
      'GET',
      `/admin/editions/2020/draft/speakers/${SECOND.personId}`,
    );
    expect(draft.body.speaker).not.toHaveProperty('bio');
  });

  it('answers 404 for a person of another submission, or another submission’s token', async () => {
    const stranger = await asSpeaker(
      api,
      confirmed.token,
      'PATCH',
      speakerPath(confirmed.id, STRANGER.personId),
      {
        name: 'Someone Else',
      },
    );
    expect(stranger.status).toBe(404);
    const otherToken = await asSpeaker(
      api,
      other.token,
      'PATCH',
      speakerPath(confirmed.id, FIRST.personId),
      {
        name: 'Someone Else',
      },
    );
    expect(otherToken.status).toBe(404);
    expect(otherToken.body.detail).toBe('There is no submission with this id and token.');
    const draft = await api.organizer(
      'GET',
      `/admin/editions/2020/draft/speakers/${STRANGER.personId}`,
    );
    expect(draft.body.speaker.name).toBe(STRANGER.name);
  });

  it('answers 409 naming status while the submission is not confirmed', async () => {
    const accepted = await putSubmission(api, { status: 'accepted', speakers: [FIRST] });
    const answer = await asSpeaker(
      api,
      accepted.token,
      'PATCH',
      speakerPath(accepted.id, FIRST.personId),
      {
        name: 'Nobody',
      },
    );
    expect(answer.status).toBe(409);
    expect(answer.body.detail).toContain('accepted');
  });

  it('refuses bad bodies with 4xx naming the field, changing nothing', async () => {
    const path = speakerPath(confirmed.id, FIRST.personId);
    const before = await stored(confirmed.id);
    const cases: [unknown, string][] = [
      [{}, 'body'],
      [{ name: 'x'.repeat(201) }, 'name'],
      [{ name: '   ' }, 'name'],
      [{ name: 'Henrike Solberg', email: 'new@speakers.example' }, 'email'],
      [{ bio: 'b'.repeat(2001) }, 'bio'],
      [{ affiliation: 'a\u202Eb' }, 'affiliation'],
    ];
    for (const [body, field] of cases) {
      const answer = await asSpeaker(api, confirmed.token, 'PATCH', path, body);
      expect(answer.status, JSON.stringify(body).slice(0, 40)).toBe(400);
      const names = answer.body.errors.map((error: { name: string }) => error.name);
      expect([...new Set(names)]).toEqual([field]);
      expect(answer.text).not.toContain('new@speakers.example');
    }
    const form = await asSpeaker(api, confirmed.token, 'PATCH', path, 'name=x', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(form.status).toBe(415);
    const huge = await asSpeaker(api, confirmed.token, 'PATCH', path, { bio: 'b'.repeat(20_000) });
    expect(huge.status).toBe(413);
    const badPerson = await asSpeaker(
      api,
      confirmed.token,
      'PATCH',
      speakerPath(confirmed.id, 'x'.repeat(2000)),
      {
        name: 'Nobody',
      },
    );
    expect(badPerson.status).toBe(400);
    expect(badPerson.body.errors[0].name).toBe('personId');
    expect(await stored(confirmed.id)).toEqual(before);
  });
});
