import { beforeAll, describe, expect, it } from 'vitest';
import { reviewSummary } from '#shared/cfp/review.ts';
import { inProcessSignIn, organizerToken } from '../../support/auth/sign-in.ts';
import {
  IN_THE_2020_CALL,
  putSubmission,
  type TestSubmission,
  testSubmission,
} from '../../support/cfp/submissions.ts';
import { partitionItems } from '../../support/dynamodb.ts';
import { seedEdition } from '../../support/editions.ts';
import { registrationApi } from '../../support/registration-app.ts';

/**
 * Reviews racing a decision, and confirmations racing each other into one draft session: every
 * review is stored before the decision that counts it or refused (409), and the summaries match
 * the reviews stored; every confirmed talk is in the draft once. On DynamoDB Local.
 */

type Api = Awaited<ReturnType<typeof registrationApi>>;
let api: Api;
let chair: string;

async function call(method: string, path: string, bearer: string | undefined, body?: unknown) {
  const response = await api.app.request(path, {
    method,
    headers: {
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** A client that does as told: a 503 is tried again after its Retry-After. */
async function decide(submission: TestSubmission, body: unknown) {
  for (;;) {
    const answer = await call(
      'POST',
      `/admin/editions/2020/submissions/${submission.record.id}/decision`,
      chair,
      body,
    );
    if (answer.status !== 503) return answer;
  }
}

beforeAll(async () => {
  api = await registrationApi(seedEdition());
  api.setNow(IN_THE_2020_CALL);
  chair = await organizerToken(inProcessSignIn().signer, {
    subject: 'chair',
    groups: ['organizers'],
  });
});

describe('a storm', () => {
  it('of 20 reviews racing a decision: each stored before it or refused, summaries true', async () => {
    const submission = await putSubmission(api.table, testSubmission(2020));
    const path = `/admin/editions/2020/submissions/${submission.record.id}/review`;
    const tokens = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        organizerToken(inProcessSignIn().signer, {
          subject: `storm-reviewer-${index}`,
          groups: ['reviewers'],
          email: `storm-${index}@reviewers.example.com`,
        }),
      ),
    );
    const reviews = tokens.map((token, index) =>
      call('PUT', path, token, { score: (index % 5) + 1, comment: `Review ${index}` }),
    );
    const decision = decide(submission, { decision: 'rejected' });
    const answers = await Promise.all(reviews);
    const decided = await decision;
    expect(decided.status).toBe(200);
    expect(answers.every((answer) => answer.status === 200 || answer.status === 409)).toBe(true);

    const accepted = answers.flatMap((answer) => (answer.status === 200 ? [answer.body] : []));
    const items = await partitionItems(api.table, 'SUBMISSIONS#2020');
    const stored = items.filter((item) => item.entity === 'review');
    expect(stored.map((item) => item.reviewer).sort()).toEqual(
      accepted.map((review) => review.reviewer).sort(),
    );
    const expected = reviewSummary(accepted);
    const one = await call(
      'GET',
      `/admin/editions/2020/submissions/${submission.record.id}`,
      chair,
    );
    expect(one.body.reviews).toEqual(expected);
    expect(one.body.decision.reviews).toEqual(expected);
    const record = items.find((item) => item.sk === `SUB#${submission.record.id}`);
    expect(record?.status).toBe('rejected');
    expect(record?.reviewWrites ?? 0).toBe(accepted.length);
  });

  it('of 5 confirmations into one session: each talk in the draft once', async () => {
    const submissions: TestSubmission[] = [];
    for (let index = 0; index < 5; index += 1) {
      const submission = await putSubmission(
        api.table,
        testSubmission(2020, { title: `Concurrent runtime talk ${index}` }),
      );
      expect((await decide(submission, { decision: 'accepted', session: 'runtime' })).status).toBe(
        200,
      );
      submissions.push(submission);
    }
    const answers = await Promise.all(
      submissions.map((submission) =>
        call(
          'POST',
          `/editions/2020/submissions/${submission.record.id}/confirm`,
          submission.token,
        ),
      ),
    );
    const draft = (await call('GET', '/admin/editions/2020/draft', chair)).body.source;
    const runtime = draft.agenda.find((entry: { id?: string }) => entry.id === 'runtime');
    const titles: string[] = runtime.items.map((item: { title: string }) => item.title);
    const items = await partitionItems(api.table, 'SUBMISSIONS#2020');
    answers.forEach((answer, index) => {
      const title = `Concurrent runtime talk ${index}`;
      const record = items.find((item) => item.sk === `SUB#${submissions[index]?.record.id}`);
      // Confirmed and in the draft once, or (the draft too busy) still accepted and absent.
      if (answer.status === 200) {
        expect(titles.filter((candidate) => candidate === title)).toHaveLength(1);
        expect(record?.status).toBe('confirmed');
      } else {
        expect(answer.status).toBe(503);
        expect(titles).not.toContain(title);
        expect(record?.status).toBe('accepted');
      }
    });
    expect(answers.filter((answer) => answer.status === 200).length).toBeGreaterThan(0);
  });
});
