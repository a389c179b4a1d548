import { Stack, type StackProps } from 'aws-cdk-lib';
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';

/**
 * The series' web application firewall, for its CloudFront front door: one for every year. A web
 * ACL for CloudFront can only be made in us-east-1, so it has a stack of its own there; the series
 * stack, in any region, reads its ARN (a weak cross-region reference: `Fn::GetStackOutput`, no custom resource).
 * WAF itself refuses to delete a web ACL a distribution still uses.
 *
 * Rules, in order: registrations (`POST /editions/{year}/registrations`) are limited per client IP
 * address; then the AWS managed common rule set (OWASP-style exploits, bad inputs).
 */

/** At most this many registration attempts per IP address in the window, then 429 until it passes. */
const REGISTRATION_RATE_LIMIT = { requests: 100, windowSeconds: 300 } as const;

/**
 * The registration route, as WAF sees the URI path (no query string) after the transformations
 * below: a trailing slash is the same route to a lenient router.
 */
const REGISTRATION_PATH_REGEX = '^/editions/[0-9]+/registrations/?$';

/**
 * What WAF does to the path before matching, in order: percent-decoding (`/%65ditions` is
 * `/editions` to API Gateway and the local server), path normalisation (`//`, `/./`, `/../`) and
 * lower case, so that no spelling of the route escapes the limit.
 */
export const REGISTRATION_PATH_TRANSFORMATIONS = [
  'URL_DECODE',
  'NORMALIZE_PATH',
  'LOWERCASE',
] as const;

export const FIREWALL_REGION = 'us-east-1';

/** "HpcwSeries" -> "HpcwSeriesFirewall". */
export function firewallStackId(seriesStackId: string): string {
  return `${seriesStackId}Firewall`;
}

const visibility = (metricName: string): CfnWebACL.VisibilityConfigProperty => ({
  cloudWatchMetricsEnabled: true,
  sampledRequestsEnabled: true,
  metricName,
});

export class FirewallStack extends Stack {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(`${id}-web-acl`),
      rules: [
        {
          name: 'registration-rate',
          priority: 0,
          action: {
            block: {
              customResponse: {
                responseCode: 429,
                responseHeaders: [
                  { name: 'retry-after', value: String(REGISTRATION_RATE_LIMIT.windowSeconds) },
                ],
              },
            },
          },
          statement: {
            rateBasedStatement: {
              aggregateKeyType: 'IP',
              limit: REGISTRATION_RATE_LIMIT.requests,
              evaluationWindowSec: REGISTRATION_RATE_LIMIT.windowSeconds,
              scopeDownStatement: {
                andStatement: {
                  statements: [
                    {
                      byteMatchStatement: {
                        fieldToMatch: { method: {} },
                        positionalConstraint: 'EXACTLY',
                        searchString: 'POST',
                        // Methods are case-sensitive: `post` is not a registration.
                        textTransformations: [{ priority: 0, type: 'NONE' }],
                      },
                    },
                    {
                      regexMatchStatement: {
                        fieldToMatch: { uriPath: {} },
                        regexString: REGISTRATION_PATH_REGEX,
                        textTransformations: REGISTRATION_PATH_TRANSFORMATIONS.map(
                          (type, priority) => ({ priority, type }),
                        ),
                      },
                    },
                  ],
                },
              },
            },
          },
          visibilityConfig: visibility(`${id}-registration-rate`),
        },
        {
          name: 'aws-common-rule-set',
          priority: 1,
          overrideAction: { none: {} },
          statement: {
            managedRuleGroupStatement: {
              vendorName: 'AWS',
              name: 'AWSManagedRulesCommonRuleSet',
              // Bodies over 8 KB: organizers replace the draft with a whole edition file, which is
              // larger. The API sets its own limits (a registration: 16 KB, else 413), so this
              // rule only counts.
              ruleActionOverrides: [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }],
            },
          },
          visibilityConfig: visibility(`${id}-common-rule-set`),
        },
      ],
    });
  }
}
