import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { reportError } from '#functions/http/problem.ts';
import { assertSameOrigin } from '#functions/http/same-origin.ts';
import { parseRequestPart } from '#functions/http/validate.ts';
import type { SpeakerPageErrors, SpeakerPageView } from '#shared/cfp/speaker-page.ts';
import { InvalidRequestError, NotFoundError, PayloadTooLargeError } from '#shared/errors.ts';
import { manageLinkParts } from '#shared/registration/form.ts';
import { ULID_PATTERN } from '#shared/ulid.ts';
import { materialBody, SPEAKER_BODY_BYTES, speakerEditBody } from './schemas.ts';
import { type SpeakerService, speakerView } from './service.ts';

/**
 * The speakers' page without JavaScript: `/{year}/submission` (the pages context) posts the
 * private link's id and token here, and every form of the page answered here posts them back in
 * hidden fields, with what to do (`intent`): show, change a speaker, add or remove a material.
 * The answers are pages, rendered by the pages context (handed in by the composition roots), and
 * go through the same service as the JSON routes. Only this site's own pages may post.
 */

export interface SpeakerPage {
  /** Renders the page (functions/pages/submission-pages.ts). */
  render: (view: SpeakerPageView) => string;
  /** Where the pages are served (configuration): the origin forms may come from. */
  publicUrl: string;
}

const FIELDS = { speaker: ['name', 'affiliation', 'bio'], material: ['kind', 'title', 'url'] };

export function mountSpeakerPage(
  app: Hono,
  service: SpeakerService,
  { render, publicUrl }: SpeakerPage,
) {
  const page = (c: Context, view: SpeakerPageView, status: ContentfulStatusCode) =>
    c.html(render(view), status, { 'cache-control': 'no-store' });

  const problemPage = (c: Context, error: unknown) => {
    const { problem, headers } = reportError(
      error instanceof Error ? error : new Error(String(error)),
      c,
    );
    const year = Number(c.req.param('year'));
    const view: SpeakerPageView = {
      kind: 'problem',
      ...(Number.isInteger(year) ? { year } : {}),
      title: problem.title,
      detail: problem.detail,
      status: problem.status,
    };
    return c.html(render(view), problem.status as ContentfulStatusCode, {
      ...headers,
      'cache-control': 'no-store',
    });
  };

  async function answer(c: Context): Promise<Response> {
    assertSameOrigin(c, publicUrl);
    const year = Number(c.req.param('year'));
    const params = new URLSearchParams(await c.req.text());
    const link = params.get('link')?.trim();
    const parts = link
      ? manageLinkParts(link)
      : { id: params.get('id') ?? '', token: params.get('token') ?? '' };
    if (!parts?.id || !parts.token) {
      throw new InvalidRequestError([
        {
          name: 'link',
          in: 'body',
          detail: 'expected the whole private link from your email, with its id= and token=',
        },
      ]);
    }
    const { id, token } = parts;
    if (!ULID_PATTERN.test(id)) {
      throw new NotFoundError('There is no submission with this id and token.');
    }
    const intent = params.get('intent') ?? 'show';
    const values = (form: keyof typeof FIELDS) =>
      Object.fromEntries(FIELDS[form].map((field) => [field, params.get(field) ?? '']));
    let notice: string | undefined;
    let errors: SpeakerPageErrors | undefined;
    if (intent === 'speaker') {
      const personId = params.get('personId') ?? '';
      try {
        const edit = parseRequestPart(speakerEditBody, values('speaker'), 'body');
        await service.editSpeaker(year, id, token, personId, edit);
        notice = 'Saved. The organizers publish it with the next release of the agenda.';
      } catch (error) {
        if (!(error instanceof InvalidRequestError)) throw error;
        errors = { form: 'speaker', personId, fields: fieldsOf(error), values: values('speaker') };
      }
    } else if (intent === 'material') {
      try {
        const material = parseRequestPart(materialBody, values('material'), 'body');
        const added = await service.addMaterial(year, id, token, material);
        notice = `Published: “${added.title}” is on your talk now.`;
      } catch (error) {
        if (!(error instanceof InvalidRequestError)) throw error;
        errors = { form: 'material', fields: fieldsOf(error), values: values('material') };
      }
    } else if (intent === 'remove-material') {
      const removed = await service.removeMaterial(year, id, token, params.get('materialId') ?? '');
      notice = `Removed: “${removed.title}” is no longer on your talk.`;
    } else if (intent !== 'show') {
      throw new InvalidRequestError([
        {
          name: 'intent',
          in: 'body',
          detail: 'expected show, speaker, material or remove-material',
        },
      ]);
    }
    const { record, talk, editionTitle } = await service.talk(year, id, token);
    const view: SpeakerPageView = {
      kind: 'submission',
      edition: { year, title: editionTitle },
      id,
      token,
      submission: {
        status: record.status,
        title: record.title,
        abstract: record.abstract,
        kind: record.kind,
        segment: record.segment,
        ...(record.decision
          ? {
              decision: {
                decision: record.decision.decision,
                ...(record.decision.message ? { message: record.decision.message } : {}),
              },
            }
          : {}),
        speakers: record.speakers.map(speakerView),
      },
      talk: talk && {
        id: talk.id,
        title: talk.title,
        day: talk.day,
        start: talk.start,
        end: talk.end,
        ...(talk.live ? { live: talk.live } : {}),
        materials: talk.materials,
      },
      ...(notice ? { notice } : {}),
      ...(errors ? { errors } : {}),
    };
    return page(c, view, errors ? 400 : 200);
  }

  app.post(
    '/:year{[0-9]{4}}/submission',
    bodyLimit({
      maxSize: SPEAKER_BODY_BYTES,
      onError: (c) =>
        problemPage(c, new PayloadTooLargeError(`A form is at most ${SPEAKER_BODY_BYTES} bytes.`)),
    }),
    async (c) => {
      try {
        return await answer(c);
      } catch (error) {
        return problemPage(c, error);
      }
    },
  );
}

const fieldsOf = (error: InvalidRequestError) =>
  error.errors.map(({ name, detail }) => ({ name, detail }));
