import type { EditionStore } from '#functions/data/editions/edition-store.ts';
import type { OnlineAccessStore } from '#functions/data/editions/online-access.ts';
import type {
  IdempotencyClaim,
  RegistrationStore,
} from '#functions/data/registrations/registration-store.ts';
import { log } from '#functions/log.ts';
import type { EditionDetails } from '#shared/edition/published.ts';
import {
  IdempotencyInFlightError,
  IdempotencyKeyReusedError,
  InvalidRequestError,
  NotFoundError,
  RegistrationClosedError,
  RegistrationNotOfferedError,
  RegistrationNotOpenError,
} from '#shared/errors.ts';
import type { FormEdition } from '#shared/registration/form.ts';
import { manageToken, manageUrl } from '#shared/registration/manage-link.ts';
import {
  type Refused,
  type Registered,
  type RegistrationOutcome,
  refusalOf,
} from '#shared/registration/outcome.ts';
import type { RegistrationRequest } from '#shared/registration/request.ts';
import { retentionExpiry, windowState } from '#shared/registration/rules.ts';
import { createRegistrantReader, type RegistrantView } from './registrant.ts';
import {
  emailKey,
  formIdempotencyKey,
  hashToken,
  idempotencyKeyHash,
  newRegistrationId,
  requestFingerprint,
} from './secrets.ts';
import { outcomeOfStoredReply } from './stored-replies.ts';

/** Self-service registration: register, look at one's own registration, cancel it. */

export interface RegistrationServiceDependencies {
  editions: EditionStore;
  registrations: RegistrationStore;
  /** The private join URLs (online-access.ts), read for confirmed registrants only. */
  onlineAccess: Pick<OnlineAccessStore, 'get'>;
  clock: () => Date;
  /** Secret for the email HMAC; stable for the life of an edition. */
  emailHashKey: string;
  /** Where the pages are served (configuration, never the request's Host): the manage link. */
  publicUrl: string;
}

/**
 * A registration an organizer adds by hand: outside the window too, only with the status
 * `require` names (else a 409 naming `status`), and without a message to the person when quiet.
 */
export interface ByOrganizer {
  require?: 'confirmed' | 'waitlisted';
  quiet: boolean;
}

/** The manage link of a registration, told once (and again on a replay). */
interface ManageLink {
  token: string;
  url: string;
}

/**
 * What a registration request ended as, with the manage link of a registration made; the routes
 * alone make an answer of it (replies.ts).
 */
export type RegisterOutcome = ((Registered & { manage: ManageLink }) | Refused) & {
  /** The outcome kept for an earlier request with the same Idempotency-Key, not a new one. */
  replayed: boolean;
};

/**
 * How long a function keeps an edition's registration settings (window, audiences, limits)
 * before reading them again. Seats are never cached: the counter's conditions decide those.
 */
const CONFIG_CACHE_MS = 5_000;

export function createRegistrationService(dependencies: RegistrationServiceDependencies) {
  const { editions, registrations, onlineAccess, clock, emailHashKey, publicUrl } = dependencies;
  const registrant = createRegistrantReader({ registrations, onlineAccess, emailHashKey });
  const configCache = new Map<
    number,
    { readAt: number; details: Promise<EditionDetails | undefined> }
  >();

  function editionDetails(year: number) {
    const cached = configCache.get(year);
    if (cached && performance.now() - cached.readAt < CONFIG_CACHE_MS) return cached.details;
    const details = editions.getEdition(year);
    configCache.set(year, { readAt: performance.now(), details });
    details.catch(() => configCache.delete(year));
    return details;
  }

  async function registrationConfig(year: number) {
    const details = await editionDetails(year);
    if (!details) throw new NotFoundError(`There is no edition ${year}.`);
    if (!details.registration) {
      throw new RegistrationNotOfferedError(`Edition ${year} takes no registrations.`);
    }
    return { details, config: details.registration };
  }

  /**
   * Registers, or refuses with the reason a replay repeats (shared/registration/outcome.ts). With
   * an Idempotency-Key, the outcome is kept and a retry gets it again; anything else (an invalid
   * request, no edition, the database unavailable) is thrown, and the key freed.
   */
  async function register(
    year: number,
    request: RegistrationRequest,
    options: { idempotencyKey?: string; byOrganizer?: ByOrganizer } = {},
  ): Promise<RegisterOutcome> {
    const now = clock();
    const { details, config } = await registrationConfig(year);
    if (!config.audiences.some((audience) => audience.id === request.audience)) {
      throw new InvalidRequestError([
        {
          name: 'audience',
          in: 'body',
          detail: `expected one of: ${config.audiences.map((audience) => audience.id).join(', ')}`,
        },
      ]);
    }

    const { idempotencyKey, byOrganizer } = options;
    const claim: IdempotencyClaim | undefined = idempotencyKey
      ? {
          year,
          keyHash: idempotencyKeyHash(idempotencyKey),
          // An organizer's status and notify choice are part of what the key stands for.
          requestHash: requestFingerprint(
            idempotencyKey,
            byOrganizer ? { request, byOrganizer } : request,
          ),
        }
      : undefined;
    if (idempotencyKey && claim) {
      const existing = await registrations.claimIdempotencyKey(claim, now);
      if (!existing.claimed) {
        const { record } = existing;
        if (record.requestHash !== claim.requestHash) {
          throw new IdempotencyKeyReusedError(
            'This Idempotency-Key was used with a different request body.',
          );
        }
        const kept =
          record.outcome ??
          (record.storedReply && outcomeOfStoredReply(idempotencyKey, record.storedReply));
        if (record.state === 'in_flight' || !kept) {
          throw new IdempotencyInFlightError(
            'A request with this Idempotency-Key is still being processed.',
            Math.max(1, Math.ceil((record.lockedUntil - now.getTime()) / 1000)),
          );
        }
        log.info('registration replayed', { year });
        return told(year, kept, true);
      }
    }

    try {
      // Organizers add people by hand outside the window too.
      const state = byOrganizer ? 'open' : windowState(config, now);
      if (state === 'not-yet-open') {
        throw new RegistrationNotOpenError(`Registration for ${year} opens at ${config.opensAt}.`);
      }
      if (state === 'closed') {
        throw new RegistrationClosedError(`Registration for ${year} closed at ${config.closesAt}.`);
      }
      const id = newRegistrationId(now);
      // The transaction keeps this same outcome, position included, for replays.
      const outcome = await registrations.register(
        {
          year,
          id,
          name: request.name,
          email: request.email,
          ...(request.affiliation ? { affiliation: request.affiliation } : {}),
          audience: request.audience,
          tokenHash: hashToken(manageToken(emailHashKey, year, id)),
          emailKey: emailKey(emailHashKey, request.email),
          expiresAt: retentionExpiry(details.endsAt, config.retentionDays),
          now,
          ...(config.waitlistLimit === undefined ? {} : { waitlistLimit: config.waitlistLimit }),
          ...(byOrganizer?.require ? { require: byOrganizer.require } : {}),
          ...(byOrganizer?.quiet ? { quiet: true } : {}),
        },
        claim,
      );
      log.info('registration created', {
        year,
        id,
        status: outcome.kind,
        waitlistPosition: outcome.kind === 'waitlisted' ? outcome.waitlistPosition : undefined,
        ...(byOrganizer ? { by: 'organizer' } : {}),
      });
      return told(year, outcome, false);
    } catch (error) {
      const refused = refusalOf(error);
      if (!refused) {
        if (claim) await registrations.releaseIdempotencyKey(claim);
        throw error;
      }
      if (claim) await registrations.completeIdempotencyKey(claim, refused);
      return { ...refused, replayed: false };
    }
  }

  /** An outcome as the registrant is told it: a registration made comes with its manage link. */
  function told(year: number, outcome: RegistrationOutcome, replayed: boolean): RegisterOutcome {
    if (outcome.kind === 'refused') return { ...outcome, replayed };
    const token = manageToken(emailHashKey, year, outcome.registrationId);
    const url = manageUrl(publicUrl, year, outcome.registrationId, token);
    return { ...outcome, manage: { token, url }, replayed };
  }

  return {
    register,

    /** The edition as the registration form shows it (title, audiences); 404 without one. */
    async formEdition(year: number): Promise<FormEdition> {
      const { details, config } = await registrationConfig(year);
      return {
        year,
        title: `${details.shortTitle}: ${details.title}`,
        audiences: config.audiences,
      };
    },

    /**
     * The Idempotency-Key of a form post: its page's form key and its fields under a key only
     * this service holds, so that no JSON client can name it and replay the outcome it keeps.
     */
    formIdempotencyKey: (formKey: string, request: RegistrationRequest) =>
      formIdempotencyKey(emailHashKey, formKey, request),

    get: registrant.get,

    async cancel(year: number, id: string, token: string | undefined): Promise<RegistrantView> {
      const record = await registrant.own(year, id, token);
      const cancelled = await registrations.cancel(year, id, clock(), record);
      if (!cancelled)
        throw new NotFoundError('There is no registration with this id and manage token.');
      if (record.status !== 'cancelled')
        log.info('registration cancelled', { year, id, was: record.status });
      return registrant.view(cancelled);
    },
  };
}

export type RegistrationService = ReturnType<typeof createRegistrationService>;
