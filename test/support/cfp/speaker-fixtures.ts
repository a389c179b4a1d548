import { createHash, randomBytes } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { submissionItem } from '#functions/data/submissions/submission-items.ts';
import type { StoredSpeaker, SubmissionRecord } from '#shared/cfp/submission.ts';
import { submissionToken } from '#shared/cfp/submission-link.ts';
import { monotonicUlid } from '#shared/ulid.ts';
import type { registrationApi } from '../registration-app.ts';

/**
 * A submission as the "review" part leaves it once its speakers confirmed: status confirmed, a
 * talk of the draft, its speakers with person ids; and that talk with its speakers released in
 * the 2020 edition through the organizers' API, as organizers do after a confirmation.
 */

type Api = Awaited<ReturnType<typeof registrationApi>>;

/** The email HMAC key registrationApi configures: tokens are derived from it. */
const TEST_EMAIL_KEY = 'test-email-key';

export interface SpeakerFixture {
  personId: string;
  name: string;
  affiliation: string;
  bio?: string;
}

export interface ConfirmedSubmission {
  id: string;
  token: string;
  talkId: string;
  record: SubmissionRecord;
}

/** Puts a submission record in the table as it is after confirmation; its token to open it. */
export async function putSubmission(
  api: Api,
  fields: Omit<Partial<SubmissionRecord>, 'speakers'> & { speakers: SpeakerFixture[] },
): Promise<ConfirmedSubmission> {
  const id = fields.id ?? monotonicUlid(new Date());
  const token = submissionToken(TEST_EMAIL_KEY, api.year, id);
  const speakers: StoredSpeaker[] = fields.speakers.map((speaker) => ({
    ...speaker,
    email: `${speaker.personId}-${randomBytes(3).toString('hex')}@speakers.example`,
    emailKey: createHash('sha256').update(speaker.personId).digest('hex'),
  }));
  const record: SubmissionRecord = {
    id,
    year: api.year,
    status: 'confirmed',
    title: 'A talk',
    abstract: 'What the talk is about.',
    kind: 'paper',
    segment: 'runtime',
    submittedAt: '2020-02-10T10:00:00.000Z',
    updatedAt: '2020-05-01T10:00:00.000Z',
    decision: {
      decision: 'accepted',
      session: 'runtime',
      decidedAt: '2020-04-20T10:00:00.000Z',
      decidedBy: 'organizer',
    },
    answeredAt: '2020-05-01T10:00:00.000Z',
    tokenHash: createHash('sha256').update(token).digest('hex'),
    version: 3,
    ...fields,
    speakers,
  };
  await api.table.client.send(
    new PutCommand({ TableName: api.table.tableName, Item: submissionItem(record) }),
  );
  return { id, token, talkId: record.talkId ?? '', record };
}

/** Adds the speakers and a talk of theirs to the draft's session, and releases the draft. */
export async function releaseTalk(
  api: Api,
  { sessionId, title, speakers }: { sessionId: string; title: string; speakers: SpeakerFixture[] },
): Promise<string> {
  for (const { personId, ...speaker } of speakers) {
    const added = await api.organizer('POST', `/admin/editions/${api.year}/draft/speakers`, {
      id: personId,
      ...speaker,
    });
    if (added.status !== 201) throw new Error(`speaker not added: ${added.text}`);
  }
  const talk = await api.organizer(
    'POST',
    `/admin/editions/${api.year}/draft/sessions/${sessionId}/talks`,
    { title, kind: 'paper', duration: 10, speakers: speakers.map((speaker) => speaker.personId) },
  );
  if (talk.status !== 201) throw new Error(`talk not added: ${talk.text}`);
  await releaseDraft(api, `Talk: ${title}`);
  return talk.body.talk.id;
}

/** Releases the draft as organizers do (the 2020 agenda's lint asks for force). */
export async function releaseDraft(api: Api, name: string) {
  const released = await api.organizer('POST', `/admin/editions/${api.year}/agenda/releases`, {
    name,
    comment: 'Released by the test.',
    force: { reason: 'The lunch overlap is known and accepted by the chairs.' },
  });
  if (released.status !== 201) throw new Error(`not released: ${released.text}`);
  return released.body.release.number as number;
}

/** A request with the submission's token: status, JSON body, text, Cache-Control. */
export async function asSpeaker(
  api: Api,
  token: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const response = await api.app.request(path, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    cache: response.headers.get('cache-control'),
    text,
    body: (response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : null) as any,
  };
}
