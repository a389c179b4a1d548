import { beforeAll, describe, expect, it } from 'vitest';
import {
  createSubmissionStore,
  type SubmissionStore,
} from '#functions/data/submissions/submission-store.ts';
import { eventsPk, mailPk, submissionsPk } from '#functions/data/table/keys.ts';
import type { SubmissionRecord } from '#shared/cfp/submission.ts';
import { ConflictError } from '#shared/errors.ts';
import { monotonicUlid } from '#shared/ulid.ts';
import { freshTable, partitionItems } from '../../support/dynamodb.ts';

const YEAR = 2020;
const NOW = new Date('2020-03-01T10:00:00Z');

let table: Awaited<ReturnType<typeof freshTable>>;
let store: SubmissionStore;
const told = { events: [] as string[], mails: [] as string[] };

beforeAll(async () => {
  table = await freshTable();
  store = createSubmissionStore({
    client: table.client,
    tableName: table.tableName,
    events: { committed: (events) => told.events.push(...events.map((event) => event.id)) },
    mails: { committed: (mails) => told.mails.push(...mails.map((mail) => mail.id)) },
  });
});

function record(overrides: Partial<SubmissionRecord> = {}): SubmissionRecord {
  const id = monotonicUlid(NOW);
  return {
    id,
    year: YEAR,
    status: 'submitted',
    title: `A title ${id}`,
    abstract: 'An abstract long enough to say something.',
    kind: 'lightning',
    segment: 'runtime',
    speakers: [
      { name: 'Speaker Store A', email: 'a@example.org', affiliation: 'Lab A', emailKey: 'ka' },
      { name: 'Speaker Store B', email: 'b@example.org', affiliation: 'Lab B', emailKey: 'kb' },
    ],
    submittedAt: NOW.toISOString(),
    updatedAt: NOW.toISOString(),
    tokenHash: 'f'.repeat(64),
    version: 1,
    ...overrides,
  };
}

const items = (pk: string) => partitionItems(table, pk);

describe('the submission store', () => {
  it('creates the submission, its claim, its event and one receipt per speaker in one go', async () => {
    const made = record();
    const before = told.mails.length;
    const outcome = await store.create({ record: made, claimKey: `claim-${made.id}`, now: NOW });
    expect(outcome).toEqual({ kind: 'submitted', submissionId: made.id });
    expect(await store.get(YEAR, made.id, true)).toEqual(made);

    const partition = await items(submissionsPk(YEAR));
    expect(partition.find((item) => item.sk === `SUBCLAIM#claim-${made.id}`)).toMatchObject({
      entity: 'submission-claim',
      submissionId: made.id,
    });
    const receipts = (await items(mailPk(YEAR))).filter((item) => item.submissionId === made.id);
    expect(receipts.map((item) => [item.kind, item.speakerIndex, item.state])).toEqual([
      ['submission-received', 0, 'pending'],
      ['submission-received', 1, 'pending'],
    ]);
    // The address is read from the submission when sent: no message carries one.
    expect(receipts.every((item) => item.to === undefined)).toBe(true);
    expect(told.mails.slice(before)).toEqual(receipts.map((item) => item.id));
    const event = (await items(eventsPk(YEAR))).find(
      (item) => (item.data as { submissionId?: string } | undefined)?.submissionId === made.id,
    );
    expect(event).toMatchObject({
      type: 'submission.created',
      data: { submissionId: made.id, kind: 'lightning', segment: 'runtime' },
    });
    expect(told.events).toContain(event?.id);
    expect(JSON.stringify(event)).not.toContain('@');
  });

  it('refuses the same claim again with a 409 naming the title, and writes nothing', async () => {
    const first = record();
    await store.create({ record: first, claimKey: 'same-claim', now: NOW });
    const second = record();
    const mailsBefore = (await items(mailPk(YEAR))).length;
    const refused = await store
      .create({ record: second, claimKey: 'same-claim', now: NOW })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ConflictError);
    expect((refused as ConflictError).field).toBe('title');
    expect(await store.get(YEAR, second.id, true)).toBeUndefined();
    expect((await items(mailPk(YEAR))).length).toBe(mailsBefore);
  });

  it('lets one of two writes of the same version win, and refuses the other naming version', async () => {
    const made = record();
    await store.create({ record: made, claimKey: `claim-${made.id}`, now: NOW });
    const written = await store.replace(made, { ...made, title: 'First edit' });
    expect(written.version).toBe(2);
    const stale = await store
      .replace(made, { ...made, title: 'Second edit' })
      .catch((error: unknown) => error);
    expect(stale).toBeInstanceOf(ConflictError);
    expect((stale as ConflictError).field).toBe('version');
    expect((await store.get(YEAR, made.id, true))?.title).toBe('First edit');
  });

  it('counts every one of 20 concurrent edits that succeeded, and loses none', async () => {
    const made = record();
    await store.create({ record: made, claimKey: `claim-${made.id}`, now: NOW });
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, async (_, index) => {
        const read = (await store.get(YEAR, made.id, true)) as SubmissionRecord;
        return store.replace(read, { ...read, abstract: `${read.abstract} +${index}` });
      }),
    );
    const won = results.filter((result) => result.status === 'fulfilled');
    const refused = results.filter((result) => result.status === 'rejected');
    expect(won.length).toBeGreaterThanOrEqual(1);
    for (const result of refused) expect(result.reason).toBeInstanceOf(ConflictError);
    const final = (await store.get(YEAR, made.id, true)) as SubmissionRecord;
    expect(final.version).toBe(1 + won.length);
    // Each edit that won appended its mark to what it read: every winner's mark is there.
    const marks = final.abstract.match(/\+\d+/g) ?? [];
    expect(marks.length).toBe(won.length);
  });

  it('moves the claim with a change of title, and frees it on withdrawal', async () => {
    const made = record();
    await store.create({ record: made, claimKey: 'claim-old', now: NOW });
    const moved = await store.replace(
      made,
      { ...made, title: 'New' },
      {
        free: 'claim-old',
        take: 'claim-new',
      },
    );
    const claims = async () =>
      (await items(submissionsPk(YEAR)))
        .filter((item) => item.submissionId === made.id && item.entity === 'submission-claim')
        .map((item) => item.sk);
    expect(await claims()).toEqual(['SUBCLAIM#claim-new']);
    // Another submission may not take the new claim.
    const other = record();
    await expect(
      store.create({ record: other, claimKey: 'claim-new', now: NOW }),
    ).rejects.toBeInstanceOf(ConflictError);
    const withdrawn = await store.replace(
      moved,
      { ...moved, status: 'withdrawn', speakers: [], expiresAt: 1_700_000_000 },
      { free: 'claim-new' },
    );
    expect(withdrawn).toMatchObject({ status: 'withdrawn', speakers: [], version: 3 });
    expect(await claims()).toEqual([]);
    expect(JSON.stringify(await store.get(YEAR, made.id, true))).not.toContain('@example.org');
    // Freed: the same title from the same speaker may be submitted again.
    await store.create({ record: other, claimKey: 'claim-new', now: NOW });
    expect((await store.get(YEAR, other.id, true))?.status).toBe('submitted');
  });

  it('refuses a write after the status changed, naming status', async () => {
    const made = record();
    await store.create({ record: made, claimKey: `claim-${made.id}`, now: NOW });
    await store.replace(made, { ...made, status: 'withdrawn', speakers: [] });
    const late = await store
      .replace(made, { ...made, title: 'Too late' })
      .catch((error: unknown) => error);
    expect((late as ConflictError).field).toBe('status');
  });
});
