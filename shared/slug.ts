/** Lower-case, ASCII, hyphen-separated: "ORCHESTRATION / SCHEDULING #1" -> "orchestration-scheduling-1". */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * The longest id: ids are parts of DynamoDB keys (at most 1,024 bytes), URLs and calendar UIDs.
 * The 2020 edition's longest is 55 characters.
 */
export const MAX_SLUG_LENGTH = 100;

/** Whether a text is an id as the API and the edition file accept it. */
export const isSlugId = (text: string) => text.length <= MAX_SLUG_LENGTH && SLUG_PATTERN.test(text);
