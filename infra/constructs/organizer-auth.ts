import { CfnOutput, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  UserPool,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { ORGANIZERS_GROUP } from '../../functions/contract.ts';

/**
 * How long an organizer stays signed in without signing in again: a working day at the door, not
 * Cognito's 30-day default. A stolen refresh token is worth at most this long.
 */
export const ORGANIZER_REFRESH_HOURS = 12;

/**
 * Who may use /admin: a Cognito user pool without self sign-up, MFA required, and the
 * "organizers" group whose members' tokens the API's JWT authorizer accepts.
 */
export class OrganizerAuth extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.userPool = new UserPool(this, 'Organizers', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireDigits: true,
        requireLowercase: true,
        requireUppercase: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.ESSENTIALS,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions::AwsSolutions-COG8',
      reason:
        'A handful of organizer accounts, without self sign-up and with MFA required; the Plus plan threat protection is not worth its price here.',
    });
    this.userPool.addGroup('OrganizersGroup', {
      groupName: ORGANIZERS_GROUP,
      description: 'May read registrations and run the edition through /admin.',
    });
    this.client = this.userPool.addClient('OrganizerClient', {
      authFlows: { userSrp: true },
      generateSecret: false,
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(ORGANIZER_REFRESH_HOURS),
      enableTokenRevocation: true,
    });
    new CfnOutput(scope, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(scope, 'UserPoolClientId', { value: this.client.userPoolClientId });
  }
}
