import { runSimulation } from '@cloud-copilot/iam-simulate';

/** An IAM policy document, its Refs and GetAtts already resolved to ARNs. */
export interface PolicyDocument {
  Version?: string;
  Statement: unknown[];
}

/** The role an access key signs for: a function's, with its identity policies. */
export interface Principal {
  name: string;
  roleArn: string;
  policies: PolicyDocument[];
}

/**
 * One authorization AWS makes for a request: an IAM action on a resource ARN, with the request's
 * condition keys. A request may need several (a transaction, one per item); all must be allowed.
 */
export interface Check {
  action: string;
  resource: string;
  context?: Record<string, string | string[]>;
  /** The resource's own policy (an SQS queue's), evaluated with the identity policies. */
  resourcePolicy?: unknown;
}

/** A check the principal's identity policies do not allow, and why (the wording AWS uses). */
export interface Refusal extends Check {
  /** "explicit": a Deny statement matched; "implicit": no Allow did; "invalid": not simulable. */
  reason: 'explicit' | 'implicit' | 'invalid';
}

export interface Account {
  account: string;
  region: string;
}

/** The session ARN AWS names in its errors: the Lambda's role, assumed, the function as session. */
export function sessionArn(principal: Principal, account: string): string {
  const roleName = principal.roleArn.split('/').pop() ?? principal.roleArn;
  return `arn:aws:sts::${account}:assumed-role/${roleName}/${principal.name}`;
}

/** "because no identity-based policy allows the X action", as IAM ends its denials. */
export function denialCause(refusal: Refusal): string {
  if (refusal.reason === 'explicit') {
    return refusal.resourcePolicy
      ? 'with an explicit deny in an identity-based or resource-based policy'
      : 'with an explicit deny in an identity-based policy';
  }
  return refusal.resourcePolicy
    ? `because no identity-based or resource-based policy allows the ${refusal.action} action`
    : `because no identity-based policy allows the ${refusal.action} action`;
}

/** The global condition keys AWS sets on every signed request of a role session. */
function globalContext(principal: Principal, where: Account, now: Date) {
  return {
    'aws:PrincipalArn': principal.roleArn,
    'aws:PrincipalAccount': where.account,
    'aws:PrincipalType': 'AssumedRole',
    'aws:RequestedRegion': where.region,
    // The SDK talks HTTPS to AWS; the local endpoint is plain HTTP on loopback.
    'aws:SecureTransport': 'true',
    'aws:CurrentTime': now.toISOString(),
    'aws:EpochTime': String(Math.floor(now.getTime() / 1000)),
  };
}

/**
 * Runs every check through the IAM simulator (@cloud-copilot/iam-simulate) against the
 * principal's identity policies, in order; the first one not allowed is returned (AWS names one
 * action in its error), undefined when all are allowed.
 */
export async function firstRefusal(
  principal: Principal,
  checks: readonly Check[],
  where: Account,
  onInvalid: (check: Check, message: string) => void = () => undefined,
): Promise<Refusal | undefined> {
  const identityPolicies = principal.policies.map((policy, index) => ({
    name: `policy-${index}`,
    policy,
  }));
  const now = new Date();
  for (const check of checks) {
    const response = await runSimulation(
      {
        identityPolicies,
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        ...(check.resourcePolicy ? { resourcePolicy: check.resourcePolicy } : {}),
        request: {
          action: check.action,
          principal: sessionArn(principal, where.account),
          resource: { resource: check.resource, accountId: where.account },
          contextVariables: { ...globalContext(principal, where, now), ...check.context },
        },
      },
      {},
    );
    if (response.resultType === 'error') {
      onInvalid(check, response.errors.message);
      return { ...check, reason: 'invalid' };
    }
    if (response.overallResult === 'ExplicitlyDenied') return { ...check, reason: 'explicit' };
    // Anything else short of Allowed (implicitly denied, or allowed only under conditions
    // the simulator could not settle) is refused, as AWS refuses what no statement allows.
    if (response.overallResult !== 'Allowed') return { ...check, reason: 'implicit' };
  }
  return undefined;
}
