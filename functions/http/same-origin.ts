import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ForbiddenError, PayloadTooLargeError } from '#shared/errors.ts';

/**
 * Forms that change something (registering, cancelling) are taken from the site's own pages
 * only, so that another site cannot make its visitors' browsers post them (CSRF; a page spreading
 * registrations over its visitors' addresses past the per-address limit). A browser says where a
 * post comes from in `Sec-Fetch-Site` (every current browser) or `Origin`:
 * - `Sec-Fetch-Site: same-origin`, or `none` (the person's own action: a reload, a bookmark), is
 *   taken; `same-site` and `cross-site` are refused;
 * - without it, an `Origin` must be the public URL's origin (configuration, never `Host`), or the
 *   request's own; `Origin: null` (a sandboxed or referrer-less page) is refused;
 * - with neither header: taken. Browsers have sent `Origin` with every cross-origin post since
 *   2020, and a page cannot remove it (it can only make it `null`); a post with neither comes
 *   from a program or a browser older than that, and a program can register through the JSON
 *   API just as well (SECURITY.md, "Forms").
 */
export function assertSameOrigin(context: Context, publicUrl: string): void {
  const site = context.req.header('sec-fetch-site')?.trim().toLowerCase();
  if (site !== undefined) {
    if (site === 'same-origin' || site === 'none') return;
    throw refused();
  }
  const origin = context.req.header('origin')?.trim();
  if (origin === undefined) return;
  const allowed = new Set([originOf(publicUrl), originOf(context.req.url)]);
  if (!allowed.has(origin.toLowerCase())) throw refused();
}

const originOf = (url: string) => {
  try {
    return new URL(url).origin.toLowerCase();
  } catch {
    return '';
  }
};

const refused = () =>
  new ForbiddenError(
    'This form is taken from this site’s own pages only. Open the page and send it from there.',
  );

const FORM_TYPE = /^application\/x-www-form-urlencoded\s*(;|$)/i;

/** A form a browser posted (form-encoded): answered with a page, not as a JSON call. */
export const isFormPost = (context: Context) =>
  FORM_TYPE.test(context.req.header('content-type') ?? '');

/**
 * A handler of forms posted from this site's pages (the registration form, the call's form):
 * another site's post is refused, a body past `maxBytes` is refused unread, and every failure is
 * answered by `problemPage` with a page.
 */
export function formPostHandler(
  options: {
    publicUrl: string;
    maxBytes: number;
    tooLarge: string;
    problemPage: (context: Context, error: unknown) => Response | Promise<Response>;
  },
  handle: (context: Context) => Promise<Response>,
) {
  return async (context: Context): Promise<Response> => {
    try {
      assertSameOrigin(context, options.publicUrl);
      let answer: Response | undefined;
      const refused = await bodyLimit({
        maxSize: options.maxBytes,
        onError: (inner) => options.problemPage(inner, new PayloadTooLargeError(options.tooLarge)),
      })(context, async () => {
        answer = await handle(context);
      });
      return answer ?? (refused as Response);
    } catch (error) {
      return options.problemPage(context, error);
    }
  };
}
