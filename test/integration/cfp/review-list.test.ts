import { beforeAll, describe, expect, it } from 'vitest';
import { inProcessSignIn, organizerToken } from '../../support/auth/sign-in.ts';
import {
  IN_THE_2020_CALL,
  putSubmission,
  type TestSubmission,
  testSpeaker,
  testSubmission,
} from '../../support/cfp/submissions.ts';
import { seedEdition } from '../../support/editions.ts';
import { registrationApi } from '../../support/registration-app.ts';

/**
 * Reviewers list, read and score submissions; organizers see every score and comment, export
 * CSV. No answer holds an email; a blind call shows reviewers no speakers. DynamoDB Local.
 */

type Api = Awaited<ReturnType<typeof registrationApi>>;

const reviewerToken = (subject: string) =>
  organizerToken(inProcessSignIn().signer, {
    subject,
    groups: ['reviewers'],
    email: `${subject}@reviewers.example.com`,
  });
const organizer = () =>
  organizerToken(inProcessSignIn().signer, {
    subject: 'chair',
    groups: ['organizers'],
    email: 'chair@organizers.example.com',
  });

function caller(api: Api) {
  return async (method: string, path: string, bearer: string, body?: unknown) => {
    const response = await api.app.request(path, {
      method,
      headers: {
        authorization: `Bearer ${bearer}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined
        ? {}
        : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      text,
      body: response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : null,
    };
  };
}

describe('listing and reviewing (2020, not blind)', () => {
  let api: Api;
  let call: ReturnType<typeof caller>;
  const submissions: TestSubmission[] = [];

  beforeAll(async () => {
    api = await registrationApi(seedEdition());
    api.setNow(IN_THE_2020_CALL);
    call = caller(api);
    for (const [index, overrides] of [
      { kind: 'lightning', segment: 'runtime' },
      { kind: 'paper', segment: 'runtime', title: '=HYPERLINK("http://evil.example")' },
      { kind: 'lightning', segment: 'orchestration' },
      { kind: 'paper', segment: 'orchestration', speakers: [testSpeaker(), testSpeaker()] },
      { kind: 'lightning', segment: 'runtime' },
    ].entries()) {
      submissions.push(
        await putSubmission(
          api.table,
          testSubmission(2020, { ...overrides, notes: `Note ${index}` }),
        ),
      );
    }
  });

  const addresses = () => submissions.flatMap(({ record }) => record.speakers.map((s) => s.email));

  it('lists every submission in order with speakers, a summary and no email', async () => {
    const listed = await call('GET', '/admin/editions/2020/submissions', await reviewerToken('r1'));
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((item: { id: string }) => item.id)).toEqual(
      submissions.map(({ record }) => record.id),
    );
    expect(listed.body.items[3]).toMatchObject({
      speakerCount: 2,
      reviews: { count: 0, mean: null, spread: null },
      speakers: [
        { name: submissions[3]?.record.speakers[0]?.name },
        { name: submissions[3]?.record.speakers[1]?.name },
      ],
    });
    expect(listed.body.items[0].reviewDetails).toBeUndefined();
    for (const address of addresses()) expect(listed.text).not.toContain(address);
  });

  it('filters by kind and segment, pages with a signed cursor bound to the filter', async () => {
    const reviewer = await reviewerToken('r1');
    const first = await call(
      'GET',
      '/admin/editions/2020/submissions?kind=lightning&limit=2',
      reviewer,
    );
    expect(first.body.items.map((item: { id: string }) => item.id)).toEqual([
      submissions[0]?.record.id,
      submissions[2]?.record.id,
    ]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await call(
      'GET',
      `/admin/editions/2020/submissions?kind=lightning&limit=2&cursor=${first.body.nextCursor}`,
      reviewer,
    );
    expect(second.body.items.map((item: { id: string }) => item.id)).toEqual([
      submissions[4]?.record.id,
    ]);
    expect(second.body.nextCursor).toBeNull();
    const otherFilter = await call(
      'GET',
      `/admin/editions/2020/submissions?kind=paper&cursor=${first.body.nextCursor}`,
      reviewer,
    );
    expect(otherFilter.status).toBe(400);
    expect(otherFilter.body.errors[0].name).toBe('cursor');
    const segment = await call(
      'GET',
      '/admin/editions/2020/submissions?segment=orchestration&status=submitted',
      reviewer,
    );
    expect(segment.body.items).toHaveLength(2);
  });

  it('refuses hostile queries and ids with a 400 naming them', async () => {
    const reviewer = await reviewerToken('r1');
    const cases: [string, string][] = [
      ['/admin/editions/2020/submissions?cursor=not-a-cursor', 'cursor'],
      [`/admin/editions/2020/submissions?cursor=${'a'.repeat(2000)}`, 'cursor'],
      ['/admin/editions/2020/submissions?status=approved', 'status'],
      ['/admin/editions/2020/submissions?limit=1000', 'limit'],
      ['/admin/editions/2020/submissions?color=red', 'color'],
      [`/admin/editions/2020/submissions/${'x'.repeat(2000)}`, 'submissionId'],
    ];
    for (const [path, name] of cases) {
      const refused = await call('GET', path, reviewer);
      expect(refused.status, path).toBe(400);
      expect(refused.type).toContain('application/problem+json');
      expect(refused.body.errors.map((error: { name: string }) => error.name)).toContain(name);
    }
    const unknown = await call(
      'GET',
      '/admin/editions/2020/submissions/01e1z8y6v3m9k2q4r5s6t7v8w9',
      reviewer,
    );
    expect(unknown.status).toBe(404);
    const noEdition = await call('GET', '/admin/editions/2031/submissions', reviewer);
    expect(noEdition.status).toBe(404);
  });

  it('keeps one review per reviewer, a second PUT replaces it; summaries count them', async () => {
    const id = submissions[1]?.record.id as string;
    const path = `/admin/editions/2020/submissions/${id}/review`;
    const first = await call('PUT', path, await reviewerToken('r1'), { score: 2, comment: 'Meh' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ submissionId: id, reviewer: 'r1', score: 2 });
    await call('PUT', path, await reviewerToken('r1'), { score: 5, comment: 'Changed my mind' });
    await call('PUT', path, await reviewerToken('r2'), { score: 3, comment: 'Fine' });
    const mine = await call(
      'GET',
      `/admin/editions/2020/submissions/${id}`,
      await reviewerToken('r1'),
    );
    expect(mine.body.reviews).toEqual({ count: 2, mean: 4, spread: 2 });
    expect(mine.body.myReview).toMatchObject({ score: 5, comment: 'Changed my mind' });
    expect(mine.body.reviewDetails).toBeUndefined();
    const chair = await call('GET', `/admin/editions/2020/submissions/${id}`, await organizer());
    expect(
      chair.body.reviewDetails.map((review: { reviewer: string; score: number }) => [
        review.reviewer,
        review.score,
      ]),
    ).toEqual(
      expect.arrayContaining([
        ['r1', 5],
        ['r2', 3],
      ]),
    );
    expect(chair.body.myReview).toBeUndefined();
  });

  it('refuses bad reviews with a 400 naming the field, and the wrong content type', async () => {
    const path = `/admin/editions/2020/submissions/${submissions[0]?.record.id}/review`;
    const reviewer = await reviewerToken('r3');
    for (const [body, name] of [
      [{ score: 6, comment: '' }, 'score'],
      [{ score: 2.5, comment: '' }, 'score'],
      [{ score: 3, comment: 'x'.repeat(5001) }, 'comment'],
      [{ score: 3, comment: 'ok', extra: 1 }, 'extra'],
    ] as const) {
      const refused = await call('PUT', path, reviewer, body);
      expect(refused.status).toBe(400);
      expect(refused.body.errors.map((error: { name: string }) => error.name)).toContain(name);
    }
    const text = await api.app.request(path, {
      method: 'PUT',
      headers: { authorization: `Bearer ${reviewer}`, 'content-type': 'text/plain' },
      body: 'score=3',
    });
    expect(text.status).toBe(415);
    const huge = await call('PUT', path, reviewer, { score: 3, comment: 'x'.repeat(300_000) });
    expect(huge.status).toBe(413);
  });

  it('gives organizers a formula-safe CSV without an email', async () => {
    const csv = await call('GET', '/admin/editions/2020/submissions?format=csv', await organizer());
    expect(csv.status).toBe(200);
    expect(csv.type).toContain('text/csv');
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'id,status,kind,segment,title,speakers,affiliations,reviews,mean,spread,decision,session,submittedAt',
    );
    expect(lines).toHaveLength(submissions.length + 1);
    expect(csv.text).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
    for (const address of addresses()) expect(csv.text).not.toContain(address);
  });
});

describe('a blind call', () => {
  it('shows reviewers no speakers, organizers all of them', async () => {
    const edition = seedEdition();
    const api = await registrationApi({
      ...edition,
      cfp: { ...(edition.cfp as NonNullable<typeof edition.cfp>), blind: true },
    });
    api.setNow(IN_THE_2020_CALL);
    const call = caller(api);
    const { record } = await putSubmission(api.table, testSubmission(2020));
    const speaker = record.speakers[0];
    const asReviewer = await call(
      'GET',
      '/admin/editions/2020/submissions',
      await reviewerToken('r9'),
    );
    expect(asReviewer.body.items[0].speakers).toBeUndefined();
    expect(asReviewer.body.items[0].speakerCount).toBe(1);
    for (const secret of [speaker?.name, speaker?.affiliation, speaker?.email]) {
      expect(asReviewer.text).not.toContain(secret);
    }
    const one = await call(
      'GET',
      `/admin/editions/2020/submissions/${record.id}`,
      await reviewerToken('r9'),
    );
    expect(one.text).not.toContain(speaker?.name);
    const asOrganizer = await call('GET', '/admin/editions/2020/submissions', await organizer());
    expect(asOrganizer.body.items[0].speakers).toEqual([
      { name: speaker?.name, affiliation: speaker?.affiliation, bio: speaker?.bio },
    ]);
    expect(asOrganizer.text).not.toContain(speaker?.email);
  });
});
