import { beforeAll, describe, expect, it } from 'vitest';
import { createAgendaService } from '#functions/organizers/agenda-service.ts';
import { ConflictError } from '#shared/errors.ts';
import {
  asSpeaker,
  type ConfirmedSubmission,
  putSubmission,
  releaseTalk,
} from '../../support/cfp/speaker-fixtures.ts';
import { seedEdition } from '../../support/editions.ts';
import { registrationApi } from '../../support/registration-app.ts';

/**
 * An organizer's release prepared from a draft read just before a speaker's materials were
 * published must not drop them: its commit names the release it was made from, fails with a 409,
 * and the release made again has them (they went to the draft first). On DynamoDB Local.
 */

type Api = Awaited<ReturnType<typeof registrationApi>>;
let api: Api;
let confirmed: ConfirmedSubmission;

const SPEAKER = {
  personId: 'paulina-ostrowska',
  name: 'Paulina Ostrowska',
  affiliation: 'Vistula HPC',
};
const SLIDES = { kind: 'slides', title: 'Slides', url: 'https://slides.example/race.pdf' };

beforeAll(async () => {
  api = await registrationApi(seedEdition());
  const talkId = await releaseTalk(api, {
    sessionId: 'runtime',
    title: 'Racing Releases',
    speakers: [SPEAKER],
  });
  confirmed = await putSubmission(api, { talkId, speakers: [SPEAKER] });
});

const materialsOfTalk = async () => {
  const agenda = await api.organizer('GET', '/editions/2020/agenda');
  return agenda.body.slots.find((slot: { id: string }) => slot.id === confirmed.talkId).materials;
};

describe('an organizer’s release and a speaker’s materials at once', () => {
  it('refuses the release made from the older draft (409), and the next one keeps the materials', async () => {
    // The organizer's draft changes first, so that there is something to release.
    const other = await api.organizer(
      'GET',
      '/admin/editions/2020/draft/talks/runtime-container-runtimes-overview',
    );
    const renamed = await api.organizer(
      'PATCH',
      '/admin/editions/2020/draft/talks/runtime-container-runtimes-overview',
      { title: 'Container Runtimes: an Overview' },
      { 'if-match': String(other.etag) },
    );
    expect(renamed.status).toBe(200);
    // The speaker's materials are published right after the organizer's release read the draft.
    let published: Awaited<ReturnType<typeof asSpeaker>> | undefined;
    const organizers = createAgendaService(
      {
        ...api.stores,
        agenda: {
          ...api.stores.agenda,
          getDraft: async (year: number) => {
            const draft = await api.stores.agenda.getDraft(year);
            published ??= await asSpeaker(
              api,
              confirmed.token,
              'POST',
              `/editions/2020/submissions/${confirmed.id}/materials`,
              SLIDES,
            );
            return draft;
          },
        },
      },
      () => new Date(),
    );
    await expect(
      organizers.release(2020, 'organizer', {
        name: 'rename',
        comment: 'The overview renamed.',
        force: { reason: 'The lunch overlap is known and accepted by the chairs.' },
      }),
    ).rejects.toThrow(ConflictError);
    expect(published?.status).toBe(201);
    expect(await materialsOfTalk()).toEqual([{ id: 'slides', ...SLIDES }]);

    const again = await api.organizer('POST', '/admin/editions/2020/agenda/releases', {
      name: 'rename',
      comment: 'The overview renamed.',
      force: { reason: 'The lunch overlap is known and accepted by the chairs.' },
    });
    expect(again.status).toBe(201);
    expect(await materialsOfTalk()).toEqual([{ id: 'slides', ...SLIDES }]);
    const agenda = await api.organizer('GET', '/editions/2020/agenda');
    const overview = agenda.body.slots.find(
      (slot: { id: string }) => slot.id === 'runtime-container-runtimes-overview',
    );
    expect(overview.title).toBe('Container Runtimes: an Overview');
  });
});
