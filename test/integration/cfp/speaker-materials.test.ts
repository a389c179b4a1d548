import { beforeAll, describe, expect, it } from 'vitest';
import { publishEditionFile } from '#functions/releases/publish.ts';
import {
  asSpeaker,
  type ConfirmedSubmission,
  putSubmission,
  releaseDraft,
  releaseTalk,
} from '../../support/cfp/speaker-fixtures.ts';
import { seedEdition } from '../../support/editions.ts';
import { registrationApi } from '../../support/registration-app.ts';

/**
 * A confirmed speaker adds slides to their talk after the day: published at once as a release of
 * its own (origin "speaker", audited, in the changes feed), kept in the draft so the next full
 * release keeps it, without releasing the rest of the draft or losing an organizer's concurrent
 * edit. On DynamoDB Local, through the whole API.
 */

type Api = Awaited<ReturnType<typeof registrationApi>>;
let api: Api;
let confirmed: ConfirmedSubmission;
let second: ConfirmedSubmission;

const SPEAKER = { personId: 'runa-castellanos', name: 'Runa Castellanos', affiliation: 'Hpclab' };
const CO = { personId: 'emeka-durand', name: 'Emeka Durand', affiliation: 'Gridworks' };
const TITLE = 'Reproducible Container Builds';
const SLIDES = { kind: 'slides', title: 'Slides (PDF)', url: 'https://slides.example/builds.pdf' };
const OTHER_TALK = 'runtime-container-runtimes-overview';

beforeAll(async () => {
  api = await registrationApi(seedEdition());
  const talkId = await releaseTalk(api, {
    sessionId: 'runtime',
    title: TITLE,
    speakers: [SPEAKER],
  });
  confirmed = await putSubmission(api, { title: TITLE, talkId, speakers: [SPEAKER] });
  const secondTalk = await releaseTalk(api, {
    sessionId: 'runtime',
    title: 'Image Signing at Scale',
    speakers: [CO],
  });
  second = await putSubmission(api, { talkId: secondTalk, speakers: [CO] });
  // After the workshop day.
  api.setNow(new Date('2020-06-26T10:00:00+02:00'));
});

const materials = (submission: ConfirmedSubmission) =>
  `/editions/2020/submissions/${submission.id}/materials`;
const slotOf = async (talkId: string) => {
  const agenda = await api.organizer('GET', '/editions/2020/agenda');
  return agenda.body.slots.find((slot: { id: string }) => slot.id === talkId);
};
const draftTalk = async (talkId: string) =>
  (await api.organizer('GET', `/admin/editions/2020/draft/talks/${talkId}`)).body.talk;

describe('a speaker adds materials to their talk', () => {
  it('publishes them at once: 201, in the public agenda, the releases, the changes feed and the draft', async () => {
    const before = await api.organizer('GET', '/editions/2020/agenda/releases');
    const added = await asSpeaker(api, confirmed.token, 'POST', materials(confirmed), SLIDES);
    expect(added.status).toBe(201);
    expect(added.cache).toBe('no-store');
    expect(added.body).toEqual({ id: 'slides-pdf', ...SLIDES });

    expect((await slotOf(confirmed.talkId)).materials).toEqual([{ id: 'slides-pdf', ...SLIDES }]);
    // The materials' release stored its agenda with the head, as every release does.
    const head = await api.stores.heads.getHead(2020, true);
    expect(head?.agenda?.version).toBe(head?.version);
    const talk = await api.organizer('GET', `/editions/2020/talks/${confirmed.talkId}`);
    expect(talk.body.materials).toEqual([{ id: 'slides-pdf', ...SLIDES }]);

    const releases = await api.organizer('GET', '/editions/2020/agenda/releases');
    expect(releases.body.items).toHaveLength(before.body.items.length + 1);
    expect(releases.body.items[0]).toMatchObject({
      name: `Materials: ${TITLE}`,
      origin: 'speaker',
      forced: false,
    });
    const changes = await api.organizer('GET', '/editions/2020/agenda/changes');
    expect(changes.body).toMatchObject({ added: [], removed: [], moved: [], renamed: [] });
    expect(changes.body.materialsChanged).toEqual([
      { id: confirmed.talkId, title: TITLE, from: [], to: [{ id: 'slides-pdf', ...SLIDES }] },
    ]);
    expect((await draftTalk(confirmed.talkId)).materials).toEqual([
      { id: 'slides-pdf', ...SLIDES },
    ]);
  });

  it('leaves the draft as released: the next full release has nothing new', async () => {
    const release = await api.organizer('POST', '/admin/editions/2020/agenda/releases', {
      name: 'nothing',
      comment: 'Nothing changed.',
      force: { reason: 'The lunch overlap is known and accepted by the chairs.' },
    });
    expect(release.status).toBe(409);
    expect(release.body.detail).toContain('no changes');
  });

  it('is the API’s release: a deploy of the edition file leaves it alone', async () => {
    const outcome = await publishEditionFile(api.stores, seedEdition(), new Date());
    expect(outcome.release).toBeNull();
    expect((await slotOf(confirmed.talkId)).materials).toEqual([{ id: 'slides-pdf', ...SLIDES }]);
  });

  it('is audited by "speaker": the draft edit and the release', async () => {
    const audit = await api.organizer('GET', '/admin/editions/2020/audit');
    const bySpeaker = audit.body.items.filter((entry: { who: string }) => entry.who === 'speaker');
    expect(bySpeaker.map((entry: { action: string }) => entry.action).sort()).toEqual([
      'release.materials',
      'talk.materials',
    ]);
    expect(
      bySpeaker.find((entry: { action: string }) => entry.action === 'release.materials').summary,
    ).toBe(
      `Released "Materials: ${TITLE}": slides "Slides (PDF)" added to talk ${confirmed.talkId}`,
    );
  });

  it('takes the same kind and URL again as the same material (a retry), not a second one', async () => {
    const releases = await api.organizer('GET', '/editions/2020/agenda/releases');
    const again = await asSpeaker(api, confirmed.token, 'POST', materials(confirmed), SLIDES);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe('slides-pdf');
    expect((await slotOf(confirmed.talkId)).materials).toHaveLength(1);
    const after = await api.organizer('GET', '/editions/2020/agenda/releases');
    expect(after.body.items).toHaveLength(releases.body.items.length);
  });

  it('keeps an organizer’s draft edit: not published with the material, released later with it', async () => {
    const other = await api.organizer('GET', `/admin/editions/2020/draft/talks/${OTHER_TALK}`);
    const renamed = await api.organizer(
      'PATCH',
      `/admin/editions/2020/draft/talks/${OTHER_TALK}`,
      { title: 'Container Runtimes, an Overview' },
      { 'if-match': String(other.etag) },
    );
    expect(renamed.status).toBe(200);
    const code = { kind: 'code', title: 'Code', url: 'https://git.example/builds' };
    const added = await asSpeaker(api, confirmed.token, 'POST', materials(confirmed), code);
    expect(added.status).toBe(201);
    expect((await slotOf(OTHER_TALK)).title).toBe('Container Runtimes Overview');
    expect((await slotOf(confirmed.talkId)).materials.map((m: { id: string }) => m.id)).toEqual([
      'slides-pdf',
      'code',
    ]);
    expect((await draftTalk(OTHER_TALK)).title).toBe('Container Runtimes, an Overview');
    await releaseDraft(api, 'The rename');
    expect((await slotOf(OTHER_TALK)).title).toBe('Container Runtimes, an Overview');
    expect((await slotOf(confirmed.talkId)).materials.map((m: { id: string }) => m.id)).toEqual([
      'slides-pdf',
      'code',
    ]);
  });

  it('loses nothing in a storm: speakers of two talks and an organizer editing at once', async () => {
    // Clients retry a 503 (the draft or the releases busy), as its Retry-After says.
    const retrying = async (send: () => Promise<{ status: number }>) => {
      let answer = await send();
      for (let retry = 0; retry < 10 && answer.status === 503; retry += 1) answer = await send();
      return answer;
    };
    const storm = await Promise.all([
      ...[1, 2, 3].map((n) =>
        retrying(() =>
          asSpeaker(api, confirmed.token, 'POST', materials(confirmed), {
            kind: 'video',
            title: `Part ${n}`,
            url: `https://video.example/builds-${n}`,
          }),
        ),
      ),
      ...[1, 2, 3].map((n) =>
        retrying(() =>
          asSpeaker(api, second.token, 'POST', materials(second), {
            kind: 'recording',
            title: `Recording ${n}`,
            url: `https://video.example/signing-${n}`,
          }),
        ),
      ),
      // An organizer's client retries a 503 too, reading the talk's ETag again.
      retrying(async () => {
        const talk = await api.organizer('GET', `/admin/editions/2020/draft/talks/${OTHER_TALK}`);
        return api.organizer(
          'PATCH',
          `/admin/editions/2020/draft/talks/${OTHER_TALK}`,
          { abstract: 'An overview of container runtimes.' },
          { 'if-match': String(talk.etag) },
        );
      }),
    ]);
    expect(storm.map((answer) => answer.status)).toEqual([201, 201, 201, 201, 201, 201, 200]);
    const first = (await slotOf(confirmed.talkId)).materials.map((m: { title: string }) => m.title);
    expect(first.sort()).toEqual(['Code', 'Part 1', 'Part 2', 'Part 3', 'Slides (PDF)']);
    const other = (await slotOf(second.talkId)).materials.map((m: { title: string }) => m.title);
    expect(other.sort()).toEqual(['Recording 1', 'Recording 2', 'Recording 3']);
    expect((await draftTalk(second.talkId)).materials).toHaveLength(3);
    expect((await draftTalk(confirmed.talkId)).materials).toHaveLength(5);
    expect((await draftTalk(OTHER_TALK)).abstract).toBe('An overview of container runtimes.');
    expect((await slotOf(OTHER_TALK)).abstract).not.toBe('An overview of container runtimes.');
  });

  it('removes a material at once, from the agenda and the draft; an unknown one is a 404', async () => {
    const removed = await asSpeaker(api, confirmed.token, 'DELETE', `${materials(confirmed)}/code`);
    expect(removed.status).toBe(200);
    expect(removed.body).toEqual({ deleted: 'code' });
    expect(
      (await slotOf(confirmed.talkId)).materials.map((m: { id: string }) => m.id),
    ).not.toContain('code');
    expect(
      (await draftTalk(confirmed.talkId)).materials.map((m: { id: string }) => m.id),
    ).not.toContain('code');
    const again = await asSpeaker(api, confirmed.token, 'DELETE', `${materials(confirmed)}/code`);
    expect(again.status).toBe(404);
    const notTheirs = await asSpeaker(
      api,
      second.token,
      'DELETE',
      `${materials(confirmed)}/slides-pdf`,
    );
    expect(notTheirs.status).toBe(404);
    expect((await slotOf(confirmed.talkId)).materials.map((m: { id: string }) => m.id)).toContain(
      'slides-pdf',
    );
  });

  it('refuses bad kinds and URLs with a 400 naming the field, publishing nothing', async () => {
    const releases = await api.organizer('GET', '/editions/2020/agenda/releases');
    const cases: [unknown, string][] = [
      [{ ...SLIDES, url: 'javascript:alert(1)' }, 'url'],
      [{ ...SLIDES, url: `https://slides.example/${'a'.repeat(3000)}` }, 'url'],
      [{ ...SLIDES, url: 'ftp://files.example/builds.pdf' }, 'url'],
      [{ ...SLIDES, kind: 'poster' }, 'kind'],
      [{ ...SLIDES, title: '' }, 'title'],
      [{ ...SLIDES, id: 'chosen' }, 'id'],
    ];
    for (const [body, field] of cases) {
      const answer = await asSpeaker(api, confirmed.token, 'POST', materials(confirmed), body);
      expect(answer.status).toBe(400);
      const names = answer.body.errors.map((error: { name: string }) => error.name);
      expect([...new Set(names)]).toEqual([field]);
      expect(answer.text).not.toContain('a'.repeat(100));
    }
    const after = await api.organizer('GET', '/editions/2020/agenda/releases');
    expect(after.body.items).toHaveLength(releases.body.items.length);
  });

  it('answers 404 to another submission’s token, 409 before the talk is released or confirmed', async () => {
    const otherToken = await asSpeaker(api, second.token, 'POST', materials(confirmed), SLIDES);
    expect(otherToken.status).toBe(404);
    const unreleased = await putSubmission(api, {
      talkId: 'runtime-never-released',
      speakers: [{ ...SPEAKER, personId: 'unreleased-speaker' }],
    });
    const early = await asSpeaker(api, unreleased.token, 'POST', materials(unreleased), SLIDES);
    expect(early.status).toBe(409);
    expect(early.body.detail).toContain('not in the published agenda');
    const accepted = await putSubmission(api, { status: 'accepted', speakers: [SPEAKER] });
    const notConfirmed = await asSpeaker(api, accepted.token, 'POST', materials(accepted), SLIDES);
    expect(notConfirmed.status).toBe(409);
  });
});
