import { beforeAll, describe, expect, it } from 'vitest';
import { inProcessSignIn, organizerToken } from '../../support/auth/sign-in.ts';
import {
  IN_THE_2020_CALL,
  putSubmission,
  testSpeaker,
  testSubmission,
} from '../../support/cfp/submissions.ts';
import { seedEdition } from '../../support/editions.ts';
import { registrationApi } from '../../support/registration-app.ts';

/**
 * Who may use the submissions routes under /admin: organizers and reviewers; reviewers reach no
 * other /admin route. Through the whole API (one router, as the local server), on DynamoDB Local.
 */

type Api = Awaited<ReturnType<typeof registrationApi>>;
let api: Api;

const token = (groups: string[], subject = `someone-${groups.join('-')}`, email?: string) =>
  organizerToken(inProcessSignIn().signer, {
    subject,
    groups,
    ...(email ? { email } : {}),
  });

async function call(method: string, path: string, bearer?: string, body?: unknown) {
  const response = await api.app.request(path, {
    method,
    headers: {
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    cache: response.headers.get('cache-control'),
    type: response.headers.get('content-type'),
    text,
    body: response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : null,
  };
}

beforeAll(async () => {
  api = await registrationApi(seedEdition());
  api.setNow(IN_THE_2020_CALL);
  await putSubmission(api.table, testSubmission(2020));
});

describe('the submissions routes under /admin', () => {
  it('answer 401 without a token and 403 to other groups', async () => {
    const none = await call('GET', '/admin/editions/2020/submissions');
    expect(none.status).toBe(401);
    const stranger = await call('GET', '/admin/editions/2020/submissions', await token(['press']));
    expect(stranger.status).toBe(403);
    expect(stranger.body.detail).toContain('"organizers", "reviewers"');
    const one = await call(
      'GET',
      '/admin/editions/2020/submissions/01e1z8y6v3m9k2q4r5s6t7v8w9',
      await token(['press']),
    );
    expect(one.status).toBe(403);
  });

  it('let reviewers and organizers list, never cached', async () => {
    for (const groups of [['reviewers'], ['organizers']]) {
      const listed = await call('GET', '/admin/editions/2020/submissions', await token(groups));
      expect(listed.status).toBe(200);
      expect(listed.cache).toBe('no-store');
      expect(listed.body.items).toHaveLength(1);
    }
  });

  it('refuse reviewers every other /admin route: registrations, agenda, audit', async () => {
    const reviewer = await token(['reviewers']);
    for (const [method, path] of [
      ['GET', '/admin/editions/2020/registrations'],
      ['GET', '/admin/editions/2020/registrations.csv'],
      ['GET', '/admin/editions/2020/draft'],
      ['POST', '/admin/editions/2020/agenda/releases'],
      ['GET', '/admin/editions/2020/audit'],
      ['GET', '/admin/editions/2020/submissionsx'],
    ] as const) {
      const refused = await call(method, path, reviewer);
      expect(refused.status, `${method} ${path}`).toBe(403);
    }
    const organizer = await call('GET', '/admin/editions/2020/audit', await token(['organizers']));
    expect(organizer.status).toBe(200);
  });

  it('refuse reviewers the organizers’ actions: decisions and CSV', async () => {
    const reviewer = await token(['reviewers'], 'reviewer-a', 'reviewer-a@example.com');
    const { record } = await putSubmission(api.table, testSubmission(2020));
    const decided = await call(
      'POST',
      `/admin/editions/2020/submissions/${record.id}/decision`,
      reviewer,
      { decision: 'rejected' },
    );
    expect(decided.status).toBe(403);
    const bulk = await call('POST', '/admin/editions/2020/submissions/decisions', reviewer, {
      decisions: [{ id: record.id, decision: 'rejected' }],
    });
    expect(bulk.status).toBe(403);
    const csv = await call('GET', '/admin/editions/2020/submissions?format=csv', reviewer);
    expect(csv.status).toBe(403);
  });

  it('let a reviewer review only with an email claim, and never their own submission', async () => {
    const speaker = testSpeaker();
    const { record } = await putSubmission(
      api.table,
      testSubmission(2020, { speakers: [testSpeaker(), speaker] }),
    );
    const path = `/admin/editions/2020/submissions/${record.id}/review`;
    const review = { score: 4, comment: 'Solid.' };
    const noEmail = await call('PUT', path, await token(['reviewers'], 'reviewer-b'), review);
    expect(noEmail.status).toBe(403);
    expect(noEmail.body.detail).toContain('email claim');
    const own = await call(
      'PUT',
      path,
      await token(['reviewers'], 'reviewer-c', speaker.email.toUpperCase()),
      review,
    );
    expect(own.status).toBe(403);
    expect(own.body.detail).toContain('speaker of this submission');
    expect(own.text).not.toContain(speaker.email);
  });
});
