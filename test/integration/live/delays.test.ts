import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import ical, { type VEvent } from 'node-ical';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLiveReader } from '#functions/data/editions/live-reader.ts';
import {
  createPublishedEditions,
  VERSION_CHECK_MS,
} from '#functions/data/editions/published-editions.ts';
import { eventsPk } from '#functions/data/table/keys.ts';
import { AnswerMemory } from '#functions/http/answer-memory.ts';
import { createRootApp } from '#functions/http/app.ts';
import { RenderedCache } from '#functions/http/rendered.ts';
import { createPublicFront } from '#functions/public/front.ts';
import { seedEdition } from '../../support/editions.ts';
import { publicAppOver, registrationApi } from '../../support/registration-app.ts';

/**
 * Live delays on DynamoDB Local, on the 2020 agenda: the organizer sets one, gets the live
 * version and the findings, and the delay leaves an audit entry and an `agenda.delayed` event.
 */

type Api = Awaited<ReturnType<typeof registrationApi>>;
let api: Api;
/** What the front door's cache was told: in AWS, CloudFront invalidations of the edition. */
const invalidated: [number, number][] = [];
const FIRST_TALK_AFTER_COFFEE = 'distribution-container-image-formats-oci-sif';

beforeAll(async () => {
  api = await registrationApi(
    seedEdition(),
    {},
    {
      publicCache: {
        invalidateEdition: async (year, version) => {
          invalidated.push([year, version]);
        },
      },
    },
  );
});

const delay = (body: unknown) => api.organizer('POST', '/admin/editions/2020/live/delays', body);

describe('live delays', () => {
  it('sets a delay, answering the live version, the shifted slots and the findings', async () => {
    const answer = await delay({ from: FIRST_TALK_AFTER_COFFEE, minutes: 15 });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      version: 1,
      delay: { from: FIRST_TALK_AFTER_COFFEE, minutes: 15 },
      slots: expect.arrayContaining([
        {
          id: FIRST_TALK_AFTER_COFFEE,
          liveStart: '2020-06-25T11:53:00+02:00',
          liveEnd: '2020-06-25T12:01:00+02:00',
          delayMinutes: 15,
        },
      ]),
      findings: [
        expect.objectContaining({ code: 'DELAY_OVERLAPS_FIXED_TIME', minutes: 30 }),
        expect.objectContaining({ code: 'DELAY_SHORTENS_BREAK', minutes: 15 }),
      ],
    });
    // The front door drops the edition's cached answers, as after a release.
    expect(invalidated).toEqual([[2020, 1]]);
  });

  it('writes the agenda.delayed event and an audit entry', async () => {
    const { Items } = await api.table.client.send(
      new QueryCommand({
        TableName: api.table.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': eventsPk(2020) },
      }),
    );
    expect(Items?.filter((item) => item.type === 'agenda.delayed')).toEqual([
      expect.objectContaining({
        data: { from: FIRST_TALK_AFTER_COFFEE, minutes: 15, until: null, version: 1 },
      }),
    ]);
    const audit = await api.organizer('GET', '/admin/editions/2020/audit');
    expect(audit.body).toMatchObject({
      items: [
        expect.objectContaining({ action: 'delay', target: `slot ${FIRST_TALK_AFTER_COFFEE}` }),
      ],
    });
  });

  it('shows in the agenda JSON at once, planned times kept', async () => {
    const agenda = (await (await api.app.request('/editions/2020/agenda')).json()) as {
      slots: Record<string, unknown>[];
    };
    const slot = (id: string) => agenda.slots.find((candidate) => candidate.id === id);
    expect(slot(FIRST_TALK_AFTER_COFFEE)).toMatchObject({
      start: '2020-06-25T11:38:00+02:00',
      end: '2020-06-25T11:46:00+02:00',
      liveStart: '2020-06-25T11:53:00+02:00',
      liveEnd: '2020-06-25T12:01:00+02:00',
      delayMinutes: 15,
    });
    expect(slot('lunch-break-1300')).toMatchObject({ liveStart: '2020-06-25T13:15:00+02:00' });
    expect(slot('orchestration-2-other-schedulers-and-intersections')).not.toHaveProperty(
      'liveStart',
    );
  });

  it('moves the event in agenda.ics with a higher SEQUENCE, and in schedule.json', async () => {
    const calendar = await (await api.app.request('/editions/2020/agenda.ics')).text();
    const event = Object.values(ical.sync.parseICS(calendar))
      .filter((component): component is VEvent => component?.type === 'VEVENT')
      .find((entry) => entry.summary === 'Container Image Formats (OCI/SIF)');
    expect(event?.start.toISOString()).toBe('2020-06-25T09:53:00.000Z');
    expect(event?.end?.toISOString()).toBe('2020-06-25T10:01:00.000Z');
    expect(Number(event?.sequence)).toBeGreaterThan(0);
    const schedule = await (await api.app.request('/editions/2020/schedule.json')).text();
    expect(schedule).toMatch(/"date": "2020-06-25T11:53:00\+02:00",\s+"start": "11:53"/);
  });

  it('clears the delay with 0 minutes, as a new version', async () => {
    const answer = await delay({ from: FIRST_TALK_AFTER_COFFEE, minutes: 0 });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ version: 2, slots: [], findings: [] });
  });

  it.each([
    [{ from: 'no-such-slot', minutes: 5 }, 'from'],
    [{ from: FIRST_TALK_AFTER_COFFEE, minutes: 5, until: 'no-such-slot' }, 'until'],
    [{ from: FIRST_TALK_AFTER_COFFEE, minutes: 2.5 }, 'minutes'],
  ])('rejects %j naming the field %s', async (body, field) => {
    const answer = await delay(body);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ errors: [expect.objectContaining({ name: field })] });
  });

  it('answers 404 for an edition that is not published', async () => {
    const answer = await api.organizer('POST', '/admin/editions/2031/live/delays', {
      from: FIRST_TALK_AFTER_COFFEE,
      minutes: 5,
    });
    expect(answer.status).toBe(404);
  });
});

describe('now and next', () => {
  const now = async (query: string) => {
    const response = await api.app.request(`/editions/2020/now${query}`);
    return {
      status: response.status,
      cacheControl: response.headers.get('cache-control'),
      body: (await response.json()) as Record<string, { title?: string } | null>,
    };
  };

  it('names the talk running at an instant, the raw + of the URL included, and the next one', async () => {
    const answer = await now('?at=2020-06-25T09:20:00+02:00');
    expect(answer.status).toBe(200);
    expect(answer.cacheControl).toBe('no-cache');
    expect(answer.body.now).toMatchObject({ title: 'Container Runtimes Overview' });
    expect(answer.body.next).toMatchObject({ title: 'The state of container runtimes' });
    const encoded = await now(`?at=${encodeURIComponent('2020-06-25T09:20:00+02:00')}`);
    expect(encoded.body.now).toMatchObject({ title: 'Container Runtimes Overview' });
  });

  it('follows a delay', async () => {
    await delay({ from: 'runtime-introduction-and-scope', minutes: 10 });
    const answer = await now('?at=2020-06-25T09:20:00+02:00');
    expect(answer.body.now).toMatchObject({ title: 'Introduction and Scope', delayMinutes: 10 });
    expect(answer.body.next).toMatchObject({
      title: 'Container Runtimes Overview',
      liveStart: '2020-06-25T09:25:00+02:00',
      delayMinutes: 10,
    });
  });

  it('shows on the room screen, with the running-late banner, reloading itself', async () => {
    api.setNow(new Date('2020-06-25T09:20:00+02:00'));
    const page = await api.app.request('/2020/now');
    const text = await page.text();
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(text).toContain('<meta http-equiv="refresh" content="30">');
    expect(text).toContain('Running 10 min late');
    expect(text).toMatch(
      /id="now"[\s\S]*<s>09:00<\/s> 09:10&ndash;09:25[\s\S]*Introduction and Scope/,
    );
    expect(text).toMatch(
      /id="next"[\s\S]*<s>09:15<\/s> 09:25&ndash;09:40[\s\S]*Container Runtimes Overview/,
    );
  });

  it('shows on the edition page: live times after the planned ones struck through, and the banner', async () => {
    api.setNow(new Date('2020-06-25T09:20:00+02:00'));
    const text = await (await api.app.request('/2020')).text();
    expect(text).toContain('Running 10 min late');
    expect(text).toMatch(
      /id="runtime-introduction-and-scope">\s*<span class="when"><s class="planned"><time datetime="2020-06-25T09:00:00\+02:00"[\s\S]*?<span class="live"><time datetime="2020-06-25T09:10:00\+02:00"/,
    );
  });

  it('rejects an instant without an offset, naming `at`', async () => {
    const answer = await now('?at=2020-06-25T09:20:00');
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ errors: [expect.objectContaining({ name: 'at' })] });
  });
});

/** The public function of the stack, as functions/public/handler.ts builds it; `now` in ms. */
function publicFunction(now: () => number) {
  const { editions, agenda } = api.stores;
  const published = createPublishedEditions({
    store: editions,
    heads: api.stores.heads,
    releases: agenda,
    live: createLiveReader(api.table),
    now,
  });
  const rendered = new RenderedCache();
  const answerMemory = new AnswerMemory(rendered, published.isCurrent);
  const app = publicAppOver(api, { published, rendered, answerMemory });
  const front = createPublicFront({ published, rendered, answerMemory, app: async () => app });
  return createRootApp([front], { answerMemory });
}

describe('a delay, served by a separate public function', () => {
  it(`is served from its memory no later than ${VERSION_CHECK_MS} ms after it is set`, async () => {
    let ticks = 0;
    const other = publicFunction(() => ticks);
    const liveStartOf = async (id: string) => {
      const agenda = (await (await other.request('/editions/2020/agenda')).json()) as {
        slots: { id: string; liveStart?: string }[];
      };
      return agenda.slots.find((slot) => slot.id === id)?.liveStart;
    };
    const before = await liveStartOf('security-security-at-scale');
    // Twice: the second answer comes from the answerMemory, the memory that must not hide the delay.
    expect(await liveStartOf('security-security-at-scale')).toBe(before);
    expect((await delay({ from: 'security-security-at-scale', minutes: 20 })).status).toBe(201);
    ticks += VERSION_CHECK_MS;
    expect(await liveStartOf('security-security-at-scale')).toBe('2020-06-25T12:26:00+02:00');
  });
});
