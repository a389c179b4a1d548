import { beforeAll, describe, expect, it } from 'vitest';
import { seedEdition } from '../../support/editions.ts';
import { registrationApi } from '../../support/registration-app.ts';

/**
 * GET /admin/editions/{year}/draft/changes: what releasing the draft would change, the draft
 * against the latest release in the public changes feed's terms, before and after a release.
 * On DynamoDB Local, through the whole API.
 */

type Api = Awaited<ReturnType<typeof registrationApi>>;
let api: Api;

beforeAll(async () => {
  api = await registrationApi(seedEdition());
});

const TALK = 'runtime-container-runtimes-overview';
const NOTHING = {
  added: [],
  removed: [],
  moved: [],
  renamed: [],
  speakersChanged: [],
  materialsChanged: [],
  locationChanged: null,
  daysChanged: null,
};

describe('the changes since the latest release', () => {
  it('are none before any edit', async () => {
    const answer = await api.organizer('GET', '/admin/editions/2020/draft/changes');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ from: 1, revision: 0, ...NOTHING });
  });

  it('name a renamed and a removed talk of the draft, and none once it is released', async () => {
    const talk = await api.organizer('GET', `/admin/editions/2020/draft/talks/${TALK}`);
    const renamed = await api.organizer(
      'PATCH',
      `/admin/editions/2020/draft/talks/${TALK}`,
      { title: 'Container runtimes, the overview' },
      { 'if-match': String(talk.etag) },
    );
    expect(renamed.status).toBe(200);
    const removedId = 'runtime-the-state-of-container-runtimes';
    const other = await api.organizer('GET', `/admin/editions/2020/draft/talks/${removedId}`);
    const removed = await api.organizer(
      'DELETE',
      `/admin/editions/2020/draft/talks/${removedId}`,
      undefined,
      { 'if-match': String(other.etag) },
    );
    expect(removed.status).toBe(200);

    const changes = await api.organizer('GET', '/admin/editions/2020/draft/changes');
    expect(changes.status).toBe(200);
    expect(changes.body).toMatchObject({ from: 1, revision: 2 });
    expect(changes.body.renamed).toEqual([
      { id: TALK, from: 'Container Runtimes Overview', to: 'Container runtimes, the overview' },
    ]);
    expect(changes.body.removed).toEqual([
      { id: removedId, title: 'The state of container runtimes' },
    ]);
    expect(changes.body.added).toEqual([]);

    // Nothing in the public feed before the release.
    const feed = await api.organizer('GET', '/editions/2020/agenda/changes');
    expect(feed.body.renamed).toEqual([]);

    const released = await api.organizer('POST', '/admin/editions/2020/agenda/releases', {
      name: 'v2',
      comment: 'Renamed and shortened the runtime session.',
      force: { reason: 'The lunch overlap is known.' },
      notify: false,
    });
    expect(released.status).toBe(201);
    // The public feed now says what the draft changes said.
    const published = await api.organizer('GET', '/editions/2020/agenda/changes');
    expect(published.body.renamed).toEqual(changes.body.renamed);
    expect(published.body.removed).toEqual(changes.body.removed);

    const after = await api.organizer('GET', '/admin/editions/2020/draft/changes');
    expect(after.body).toMatchObject({ from: 2, ...NOTHING });
  });

  it('answer 404 for an edition that does not exist', async () => {
    const answer = await api.organizer('GET', '/admin/editions/1999/draft/changes');
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ status: 404, detail: 'There is no edition 1999.' });
  });
});
