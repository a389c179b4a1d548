import { describe, expect, it } from 'vitest';
import { firewallTemplate } from './synthesized.ts';

/** The firewall stack (us-east-1) that the series' front door sits behind. */
export function firewallChecks(): void {
  describe('the firewall stack', () => {
    const rules = () => {
      const [acl] = Object.values(firewallTemplate.findResources('AWS::WAFv2::WebACL'));
      return acl?.Properties.Rules;
    };

    it('is a CloudFront web ACL that lets through what no rule stops', () => {
      firewallTemplate.hasResourceProperties('AWS::WAFv2::WebACL', {
        Scope: 'CLOUDFRONT',
        DefaultAction: { Allow: {} },
      });
    });

    it('limits registrations per IP address: POST on the registrations path only, 429 with Retry-After', () => {
      expect(rules()[0]).toMatchObject({
        Name: 'registration-rate',
        Priority: 0,
        Action: {
          Block: {
            CustomResponse: {
              ResponseCode: 429,
              ResponseHeaders: [{ Name: 'retry-after', Value: '300' }],
            },
          },
        },
        Statement: {
          RateBasedStatement: {
            AggregateKeyType: 'IP',
            Limit: 100,
            EvaluationWindowSec: 300,
            ScopeDownStatement: {
              AndStatement: {
                Statements: [
                  {
                    ByteMatchStatement: {
                      FieldToMatch: { Method: {} },
                      PositionalConstraint: 'EXACTLY',
                      SearchString: 'POST',
                    },
                  },
                  {
                    RegexMatchStatement: {
                      FieldToMatch: { UriPath: {} },
                      RegexString: '^/editions/[0-9]+/registrations/?$',
                    },
                  },
                ],
              },
            },
          },
        },
      });
      const regex = new RegExp(
        rules()[0].Statement.RateBasedStatement.ScopeDownStatement.AndStatement.Statements[1]
          .RegexMatchStatement.RegexString,
      );
      expect(regex.test('/editions/2020/registrations')).toBe(true);
      expect(regex.test('/editions/2020/registrations/abc')).toBe(false);
      expect(regex.test('/admin/editions/2020/registrations')).toBe(false);
    });

    it('applies the AWS managed common rule set, counting only its 8 KB body limit', () => {
      expect(rules()[1]).toMatchObject({
        Name: 'aws-common-rule-set',
        OverrideAction: { None: {} },
        Statement: {
          ManagedRuleGroupStatement: {
            VendorName: 'AWS',
            Name: 'AWSManagedRulesCommonRuleSet',
            RuleActionOverrides: [{ Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } }],
          },
        },
      });
      expect(rules()).toHaveLength(2);
    });
  });
}
