import { Ajv2020 } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '#functions/docs/document.ts';
import { publicDescription } from '#functions/public/openapi.ts';
import { onlineEdition } from '../../support/editions.ts';
import { registrationApi } from '../../support/registration-app.ts';

/** The public API on DynamoDB Local, serving the three-day online edition. */

const document = openApiDocument('http://localhost', [publicDescription]) as any;
const ajv = new Ajv2020({ strict: false, allErrors: true });
const DAYS = ['2020-06-16', '2020-06-17', '2020-06-18'];
let api: Awaited<ReturnType<typeof registrationApi>>;

beforeAll(async () => {
  api = await registrationApi(onlineEdition());
});

async function conformingJson(template: string, path: string) {
  const response = await api.app.request(path);
  expect(response.status).toBe(200);
  const body = (await response.json()) as any;
  const schema = document.paths[template].get.responses[200].content['application/json'].schema;
  ajv.validate(schema, body);
  expect(ajv.errors ?? [], template).toEqual([]);
  return body;
}

describe('an edition of three days on the public API', () => {
  it('lists the days with their start and end in the details', async () => {
    const details = await conformingJson('/editions/{year}', '/editions/2020');
    expect(details.days).toEqual(
      DAYS.map((date) => ({
        date,
        startsAt: `${date}T17:00:00+02:00`,
        endsAt: `${date}T20:30:00+02:00`,
      })),
    );
    expect(details).toMatchObject({
      date: '2020-06-16',
      startsAt: '2020-06-16T17:00:00+02:00',
      endsAt: '2020-06-18T20:30:00+02:00',
    });
  });

  it('serves the agenda with every slot on its day, in order across the days', async () => {
    const agenda = await conformingJson('/editions/{year}/agenda', '/editions/2020/agenda');
    expect(agenda.sessions.map((session: { day: string }) => session.day)).toEqual(
      DAYS.flatMap((date) => [date, date]),
    );
    expect(agenda.slots).toHaveLength(36);
    agenda.slots.forEach(
      (slot: { position: number; day: string; start: string }, index: number) => {
        expect(slot.position).toBe(index);
        expect(slot.start.slice(0, 10)).toBe(slot.day);
      },
    );
    const days = agenda.slots.map((slot: { day: string }) => slot.day);
    expect(days).toEqual([...days].sort());
    expect(new Set(days)).toEqual(new Set(DAYS));
  });

  it('exports schedule.json with one day per edition day', async () => {
    const response = await api.app.request('/editions/2020/schedule.json');
    expect(response.status).toBe(200);
    const { conference } = ((await response.json()) as any).schedule;
    expect(conference.daysCount).toBe(3);
    expect(conference.days.map((day: { date: string }) => day.date)).toEqual(DAYS);
  });

  it('shows a heading per day on the edition page', async () => {
    const response = await api.app.request('/2020');
    expect(response.status).toBe(200);
    const page = await response.text();
    for (const date of DAYS) expect(page).toContain(`<h3 class="day" id="day-${date}">`);
  });
});
