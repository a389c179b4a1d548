import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventsPk } from '#functions/data/table/keys.ts';
import type { SubmissionRecord } from '#shared/cfp/submission.ts';
import { partitionItems } from '../../support/dynamodb.ts';
import { json, person, registrationApi } from '../../support/registration-app.ts';
import {
  AFTER_CALL,
  BEFORE_CALL,
  INSIDE_CALL,
  speaker,
  submission,
  submissionApi,
} from '../../support/submission-app.ts';

type Api = Awaited<ReturnType<typeof submissionApi>>;
let api: Api;

beforeAll(async () => {
  api = await submissionApi();
});
beforeEach(() => api.setNow(INSIDE_CALL));

const created = async (body: unknown = submission(), headers: Record<string, string> = {}) => {
  const answer = await json(await api.submit(body, headers));
  expect(answer.status).toBe(201);
  return answer.body as { id: string; manageToken: string; manageUrl: string };
};
const stored = (id: string) =>
  api.stores.submissions.get(2020, id, true) as Promise<SubmissionRecord>;

describe('GET /editions/{year}/cfp', () => {
  it('tells the 2020 call: open inside its window, its kinds, tracks and limits', async () => {
    const answer = await json(await api.app.request('/editions/2020/cfp'));
    expect(answer.status).toBe(200);
    expect(answer.cache).toBe('no-store');
    expect(answer.body).toMatchObject({
      edition: 2020,
      state: 'open',
      open: true,
      opensAt: '2020-02-01T00:00:00+01:00',
      closesAt: '2020-04-16T00:00:00+02:00',
      limits: { title: 150, abstract: 3000, speakers: 4 },
      blind: false,
    });
    expect(answer.body.kinds.map((kind: { id: string; duration: number }) => kind)).toEqual([
      expect.objectContaining({ id: 'lightning', duration: 10, talkKind: 'talk' }),
      expect.objectContaining({ id: 'paper', duration: 20, talkKind: 'paper' }),
    ]);
    expect(answer.body.tracks).toContainEqual({ id: 'runtime', name: expect.any(String) });
  });

  it('says not yet open before and closed after, and 404 without an edition or a call', async () => {
    api.setNow(BEFORE_CALL);
    expect((await json(await api.app.request('/editions/2020/cfp'))).body).toMatchObject({
      state: 'not-yet-open',
      open: false,
    });
    api.setNow(AFTER_CALL);
    expect((await json(await api.app.request('/editions/2020/cfp'))).body.state).toBe('closed');
    expect((await api.app.request('/editions/1999/cfp')).status).toBe(404);
    const withoutCall = await registrationApi();
    const answer = await json(await withoutCall.app.request('/editions/2030/cfp'));
    expect(answer.status).toBe(404);
    expect(answer.body.detail).toContain('no call for papers');
  });
});

describe('POST /editions/{year}/submissions', () => {
  it('answers 201 with the private link, keeps only the token’s hash, and shows it to its token', async () => {
    const body = submission({ notes: 'Prefer the morning.' });
    const response = await api.submit(body);
    const answer = await json(response);
    expect(answer.status).toBe(201);
    expect(answer.cache).toBe('no-store');
    const { id, manageToken } = answer.body;
    expect(answer.body).toEqual({
      id: expect.stringMatching(/^[0-9a-z]{26}$/),
      status: 'submitted',
      manageToken: expect.stringMatching(/^[\w-]{43}$/),
      manageUrl: `http://localhost/2020/submission#id=${id}&token=${manageToken}`,
    });
    expect(response.headers.get('location')).toBe(`/editions/2020/submissions/${id}`);
    const record = await stored(id);
    expect(record.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(record)).not.toContain(manageToken);
    expect(record.speakers[0]?.emailKey).toMatch(/^[0-9a-f]{64}$/);
    // The webhook event: ids and the call's own words, never a name or an address.
    const events = await partitionItems(api.table, eventsPk(2020));
    const event = events.find((item) => item.type === 'submission.created');
    expect(event?.data).toEqual({ submissionId: id, kind: 'lightning', segment: 'runtime' });

    const own = await json(await api.own('GET', id, manageToken));
    expect(own.status).toBe(200);
    expect(own.cache).toBe('no-store');
    expect(own.body).toEqual({
      id,
      edition: 2020,
      status: 'submitted',
      title: body.title,
      abstract: body.abstract,
      kind: 'lightning',
      segment: 'runtime',
      notes: 'Prefer the morning.',
      speakers: body.speakers,
      submittedAt: INSIDE_CALL.toISOString(),
      updatedAt: INSIDE_CALL.toISOString(),
    });
  });

  it('answers the same 404 for a wrong, missing or foreign token as for an unknown id', async () => {
    const mine = await created();
    const other = await created();
    const unknown = await json(
      await api.own('GET', '01arz3ndektsv4rrffq69g5fav', mine.manageToken),
    );
    expect(unknown.status).toBe(404);
    for (const token of [other.manageToken, 'x'.repeat(43), 'not a token']) {
      const answer = await json(await api.own('GET', mine.id, token));
      expect(answer.status).toBe(404);
      expect(answer.body.detail).toBe(unknown.body.detail);
    }
    const missing = await api.app.request(`/editions/2020/submissions/${mine.id}`);
    expect(missing.status).toBe(404);
    for (const method of ['PATCH', 'DELETE']) {
      const answer = await api.own(
        method,
        mine.id,
        other.manageToken,
        method === 'PATCH' ? {} : undefined,
      );
      expect(answer.status).toBe(404);
    }
    expect((await stored(mine.id)).status).toBe('submitted');
  });

  it('refuses the same title from the same first speaker with a 409 naming title', async () => {
    const first = speaker();
    const body = submission({ speakers: [first] });
    await created(body);
    const again = await json(
      await api.submit({ ...body, title: `  ${body.title.toUpperCase()} `, kind: 'paper' }),
    );
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ type: '/problems/conflict', field: 'title' });
    expect(JSON.stringify(again.body)).not.toContain(first.email);
    // Another first speaker with the same title is another submission.
    await created({ ...body, speakers: [speaker()] });
  });

  it('replays an Idempotency-Key with the same body, refuses it with another, never a registration’s', async () => {
    const body = submission();
    const first = await created(body, { 'idempotency-key': 'cfp-key-1' });
    const replay = await created(body, { 'idempotency-key': 'cfp-key-1' });
    expect(replay).toEqual(first);
    const reused = await json(await api.submit(submission(), { 'idempotency-key': 'cfp-key-1' }));
    expect(reused.status).toBe(422);
    expect(reused.body.type).toBe('/problems/idempotency-key-reused');

    // A key a registration used first does not replay the registration's outcome.
    // (Registration opens on 2020-03-02: its refusal is what the key keeps.)
    const registering = await api.register(person({ audience: 'other' }), {
      'idempotency-key': 'shared-key',
    });
    expect(registering.status).toBe(403);
    const fresh = await created(submission(), { 'idempotency-key': 'shared-key' });
    expect((await stored(fresh.id)).status).toBe('submitted');
    // A refusal frees the key: after the window, the same key and body are refused again.
    api.setNow(AFTER_CALL);
    const late = submission();
    const refused = await json(await api.submit(late, { 'idempotency-key': 'late-key' }));
    expect(refused.status).toBe(409);
    api.setNow(INSIDE_CALL);
    await created(late, { 'idempotency-key': 'late-key' });
  });

  it('answers 409 naming the window before it opens and after it closes', async () => {
    api.setNow(BEFORE_CALL);
    const early = await json(await api.submit(submission()));
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ field: 'window' });
    expect(early.body.detail).toContain('opens at 2020-02-01T00:00:00+01:00');
    api.setNow(AFTER_CALL);
    const late = await json(await api.submit(submission()));
    expect(late.status).toBe(409);
    expect(late.body.field).toBe('window');
    expect(late.body.detail).toContain('closed at 2020-04-16T00:00:00+02:00');
  });

  it('names each field that breaks the call’s own rules', async () => {
    const twice = speaker();
    const answer = await json(
      await api.submit(
        submission({
          kind: 'keynote',
          segment: 'nowhere',
          title: 't'.repeat(151),
          speakers: [twice, { ...twice, name: 'Speaker Twice' }, speaker(), speaker(), speaker()],
        }),
      ),
    );
    expect(answer.status).toBe(400);
    expect(answer.body.errors.map((error: { name: string }) => error.name).sort()).toEqual([
      'kind',
      'segment',
      'speakers',
      'speakers.1.email',
      'title',
    ]);
    expect(JSON.stringify(answer.body)).not.toContain(twice.email);
  });

  it('answers hostile input with a 4xx naming what is wrong, and writes nothing', async () => {
    const before = (await api.stores.submissions.get(2020, '01arz3ndektsv4rrffq69g5fav')) ?? null;
    const longId = await json(await api.own('GET', 'a'.repeat(2000), 'x'.repeat(43)));
    expect(longId.status).toBe(400);
    expect(longId.body.errors[0]).toMatchObject({ name: 'id', in: 'path' });

    const wrongType = await api.app.request('/editions/2020/submissions', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify(submission()),
    });
    expect(wrongType.status).toBe(415);

    const huge = await json(await api.submit(submission({ abstract: 'a'.repeat(33 * 1024) })));
    expect(huge.status).toBe(413);
    expect(huge.body.type).toBe('/problems/payload-too-large');

    const unknownField = await json(await api.submit({ ...submission(), admin: true }));
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.errors).toContainEqual(
      expect.objectContaining({ name: 'admin', in: 'body' }),
    );

    const eleven = await json(
      await api.submit(submission({ speakers: Array.from({ length: 11 }, () => speaker()) })),
    );
    expect(eleven.status).toBe(400);
    expect(eleven.body.errors).toContainEqual(expect.objectContaining({ name: 'speakers' }));

    const noConsent = await json(await api.submit(submission({ consent: false })));
    expect(noConsent.status).toBe(400);
    expect(noConsent.body.errors[0].name).toBe('consent');

    const badYear = await api.app.request('/editions/20x0/submissions', { method: 'POST' });
    expect(badYear.status).toBe(400);
    const badKey = await json(await api.submit(submission(), { 'idempotency-key': 'é' }));
    expect(badKey.status).toBe(400);
    expect(badKey.body.errors[0].name).toBe('idempotency-key');
    expect(before).toBeNull();
  });
});

describe('PATCH and DELETE /editions/{year}/submissions/{id}', () => {
  it('edits a submitted one while the call is open, with the call’s rules', async () => {
    const mine = await created();
    const edited = await json(
      await api.own('PATCH', mine.id, mine.manageToken, { title: 'A better title', kind: 'paper' }),
    );
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ title: 'A better title', kind: 'paper' });
    expect((await stored(mine.id)).version).toBe(2);
    const invalid = await json(await api.own('PATCH', mine.id, mine.manageToken, { segment: 'x' }));
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors[0].name).toBe('segment');
    const consent = await json(
      await api.own('PATCH', mine.id, mine.manageToken, { consent: false }),
    );
    expect(consent.status).toBe(400);
    api.setNow(AFTER_CALL);
    const late = await json(await api.own('PATCH', mine.id, mine.manageToken, { title: 'Late' }));
    expect(late.status).toBe(409);
    expect(late.body.field).toBe('window');
    expect((await stored(mine.id)).title).toBe('A better title');
  });

  it('takes 20 concurrent edits: each 200 or 409, the version counts those that won', async () => {
    const mine = await created();
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        api.own('PATCH', mine.id, mine.manageToken, { notes: `edit ${index}` }),
      ),
    );
    const statuses = answers.map((answer) => answer.status);
    for (const status of statuses) expect([200, 409]).toContain(status);
    const won = statuses.filter((status) => status === 200).length;
    expect(won).toBeGreaterThanOrEqual(1);
    const final = await stored(mine.id);
    expect(final.version).toBe(1 + won);
    expect(final.notes).toMatch(/^edit \d+$/);
  });

  it('withdraws: the speakers’ data gone at once, the item set to expire, the title free again', async () => {
    const body = submission({ notes: 'private notes' });
    const mine = await created(body);
    const answer = await json(await api.own('DELETE', mine.id, mine.manageToken));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ status: 'withdrawn', speakers: [] });
    expect(answer.body.notes).toBeUndefined();
    const record = await stored(mine.id);
    expect(JSON.stringify(record)).not.toContain(body.speakers[0]?.email as string);
    expect(JSON.stringify(record)).not.toContain(body.speakers[0]?.name as string);
    // 90 days (the call's retentionDays) after the edition's end.
    const endsAt = (await api.stores.editions.getEdition(2020))?.endsAt as string;
    expect(record.expiresAt).toBe(Math.floor(Date.parse(endsAt) / 1000) + 90 * 24 * 60 * 60);
    // Asking again (erasure) answers the same; editing it is a 409 naming status.
    expect((await api.own('DELETE', mine.id, mine.manageToken)).status).toBe(200);
    const edit = await json(await api.own('PATCH', mine.id, mine.manageToken, { title: 'Again' }));
    expect(edit.status).toBe(409);
    expect(edit.body.field).toBe('status');
    // The same title from the same speaker may be submitted anew.
    await created(body);
  });

  it('erases a rejected one on request, and refuses accepted ones naming status', async () => {
    const rejected = await created();
    const read = await stored(rejected.id);
    const decision = { decidedAt: INSIDE_CALL.toISOString(), decidedBy: 'test' };
    await api.stores.submissions.replace(read, {
      ...read,
      status: 'rejected',
      decision: { decision: 'rejected', ...decision },
    });
    api.setNow(AFTER_CALL);
    const erased = await json(await api.own('DELETE', rejected.id, rejected.manageToken));
    expect(erased.status).toBe(200);
    expect(erased.body).toMatchObject({ status: 'rejected', speakers: [] });
    expect((await stored(rejected.id)).expiresAt).toBeGreaterThan(0);

    api.setNow(INSIDE_CALL);
    const accepted = await created();
    const readAccepted = await stored(accepted.id);
    await api.stores.submissions.replace(readAccepted, {
      ...readAccepted,
      status: 'accepted',
      decision: { decision: 'accepted', session: 'runtime', ...decision },
    });
    const refused = await json(await api.own('DELETE', accepted.id, accepted.manageToken));
    expect(refused.status).toBe(409);
    expect(refused.body.field).toBe('status');
    expect((await stored(accepted.id)).speakers).toHaveLength(1);
  });
});
