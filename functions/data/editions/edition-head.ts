import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TableAccess } from '../table/client.ts';
import { unlessConditionFails } from '../table/conditions.ts';
import { editionPk, HEAD_SK, seatCounterKey } from '../table/keys.ts';

/**
 * The edition's head: which release the public edition is, and the content version public
 * representations key on (published-editions.ts, ETags): the published edition's version, then
 * the live layer's (live-store.ts) once a delay was set.
 *
 * | entity | pk             | sk   |
 * |--------|----------------|------|
 * | head   | EDITION#<year> | HEAD |   release, version, liveVersion, completed,
 * |        |                |      |   agenda, agendaVersion, agendaFormat (stored-agenda.ts)
 *
 * | access pattern                 | operation                                                   |
 * |--------------------------------|-------------------------------------------------------------|
 * | the version now (public reads) | GetItem, consistent, ≤ once a second per process            |
 * | a release                      | Update (release, version, its stored agenda) in the         |
 * |                                | release's transaction, if its number is higher              |
 * |                                | (releases/release.ts)                                       |
 * | its follow-up steps finished   | Update completed, if higher                                 |
 * | a deploy publishing it again   | Update (release, version) if not lower                      |
 * | a live delay                   | Update liveVersion in the delay's transaction               |
 *
 * A table from before the head kept the version on the seat counter (`version`, `liveVersion`):
 * a head without a version is read from there, until the next release or deploy writes it.
 */

/** Bump when `agendaBody` renders differently: renderings stored before are then not served. */
export const AGENDA_FORMAT = 1;

/**
 * The largest stored rendering, compressed. The head is read once a second by every warm public
 * process (consistent: one read unit per 4 KB), so an agenda past this is rendered on first use
 * instead; far below DynamoDB's 400 KB item limit.
 */
export const MAX_STORED_AGENDA_BYTES = 12 * 1024;

/** What the release stores with the head: the rendering and the edition version it renders. */
export interface StoredAgenda {
  version: string;
  br: Uint8Array;
}

const LIVE_MARK = '.live';

/** The content version public representations key on: the edition's, then the live layer's. */
export const contentVersion = (editionVersion: string, liveVersion: number) =>
  liveVersion > 0 ? `${editionVersion}${LIVE_MARK}${liveVersion}` : editionVersion;

export function splitContentVersion(version: string): { edition: string; live: number } {
  const mark = version.lastIndexOf(LIVE_MARK);
  if (mark < 0) return { edition: version, live: 0 };
  return { edition: version.slice(0, mark), live: Number(version.slice(mark + LIVE_MARK.length)) };
}

export interface EditionHead {
  /** The content version (contentVersion); '' when nothing names one. */
  version: string;
  /** The release the public edition is; absent on a table from before the head. */
  release?: number;
  /** The last release whose follow-up steps all finished (releases/release.ts). */
  completed?: number;
  /** The agenda the release stored (stored-agenda.ts), in this code's format. */
  agenda?: StoredAgenda;
}

/** A release as its head names it: number, version, and the agenda it rendered, if stored. */
export interface HeadRelease {
  number: number;
  version: string;
  liveVersion: number;
  agenda?: StoredAgenda | undefined;
}

export const headKey = (year: number) => ({ pk: editionPk(year), sk: HEAD_SK });

/** What a release's transaction writes on the head: its number and version, if it is newer. */
function releaseHeadUpdate(
  tableName: string,
  year: number,
  release: HeadRelease,
  /** Also over a head naming this release (a deploy publishing it again). */
  orSame = false,
) {
  const { agenda } = release;
  // The version and its agenda in one write: no reader sees one without the other.
  const set =
    'SET entity = :entity, #release = :release, version = :version, ' +
    'liveVersion = if_not_exists(liveVersion, :live)';
  return {
    Update: {
      TableName: tableName,
      Key: headKey(year),
      UpdateExpression: agenda
        ? `${set}, agenda = :agenda, agendaVersion = :version, agendaFormat = :format`
        : `${set} REMOVE agenda, agendaVersion, agendaFormat`,
      ConditionExpression: `attribute_not_exists(#release) OR #release ${orSame ? '<=' : '<'} :release`,
      ExpressionAttributeNames: { '#release': 'release' },
      ExpressionAttributeValues: {
        ':entity': 'head',
        ':release': release.number,
        ':version': release.version,
        ':live': release.liveVersion,
        ...(agenda ? { ':agenda': agenda.br, ':format': AGENDA_FORMAT } : {}),
      },
    },
  };
}

/** The stored agenda, when it is in this code's format and renders the head's version. */
function storedAgendaOf(item: Record<string, unknown>): StoredAgenda | undefined {
  const { agenda, agendaVersion, agendaFormat } = item;
  if (!(agenda instanceof Uint8Array) || agendaFormat !== AGENDA_FORMAT) return undefined;
  if (agendaVersion !== item.version) return undefined;
  return { version: String(agendaVersion), br: agenda };
}

export type EditionHeads = ReturnType<typeof createEditionHeads>;

/** The head as the read-only functions read it: no write path in their bundles. */
export function createEditionHeadReader({ client, tableName }: TableAccess) {
  const get = (Key: Record<string, string>, consistent: boolean) =>
    client.send(new GetCommand({ TableName: tableName, Key, ConsistentRead: consistent }));

  async function getHead(year: number, consistent: boolean): Promise<EditionHead | undefined> {
    const { Item } = await get(headKey(year), consistent);
    if (Item?.version !== undefined) {
      const agenda = storedAgendaOf(Item);
      return {
        version: contentVersion(String(Item.version), Number(Item.liveVersion ?? 0)),
        release: Number(Item.release),
        ...(Item.completed === undefined ? {} : { completed: Number(Item.completed) }),
        ...(agenda ? { agenda } : {}),
      };
    }
    // Before the head: the version on the seat counter (a delay since wrote the live one here).
    const { Item: counter } = await get(seatCounterKey(year), consistent);
    if (!counter?.version) return undefined;
    const live = Number(Item?.liveVersion ?? counter.liveVersion ?? 0);
    return { version: contentVersion(String(counter.version), live) };
  }
  return { getHead: (year: number, consistent = false) => getHead(year, consistent) };
}

export function createEditionHeads(access: TableAccess) {
  const { client, tableName } = access;
  const { getHead } = createEditionHeadReader(access);

  /** Marks the follow-up steps of `release` finished (never moves back). */
  async function complete(year: number, release: number): Promise<void> {
    await unlessConditionFails(
      client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: headKey(year),
          UpdateExpression: 'SET completed = :release',
          ConditionExpression:
            '#release >= :release AND (attribute_not_exists(completed) OR completed < :release)',
          ExpressionAttributeNames: { '#release': 'release' },
          ExpressionAttributeValues: { ':release': release },
        }),
      ),
    );
  }

  /**
   * Names the latest release's version again, when a deploy publishes it again (its published
   * form may have changed with the code), and writes the head of a table from before it. A head
   * naming a later release is kept.
   */
  async function adopt(year: number, release: HeadRelease) {
    await unlessConditionFails(
      client.send(new UpdateCommand(releaseHeadUpdate(tableName, year, release, true).Update)),
    );
  }

  return {
    getHead,
    complete: (year: number, release: number) => complete(year, release),
    adopt: (year: number, release: HeadRelease) => adopt(year, release),
    /** The head's write in a release's transaction (releases/release.ts). */
    releaseCompanion: (year: number, release: HeadRelease) =>
      releaseHeadUpdate(tableName, year, release),
  };
}
