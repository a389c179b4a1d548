import { CfnOutput, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnManagedLoginBranding,
  FeaturePlan,
  ManagedLoginVersion,
  Mfa,
  OAuthScope,
  UserPool,
  type UserPoolClient,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { ORGANIZERS_GROUP } from '../../functions/contract.ts';

/**
 * How long an organizer stays signed in without signing in again: a working day at the door, not
 * Cognito's 30-day default. A stolen refresh token is worth at most this long.
 */
export const ORGANIZER_REFRESH_HOURS = 12;

/** Members may read what is submitted for review (issue 24's console); no /admin write. */
const REVIEWERS_GROUP = 'reviewers';

/**
 * Where a command-line tool receives the authorization code: Cognito takes plain HTTP only for
 * `localhost` (not 127.0.0.1), and matches the port exactly, so the tool listens on this one.
 */
const CLI_CALLBACK_URL = 'http://localhost:8765/callback';

/** What the console and the CLI ask for (`GET /auth/config` says so). */
const SCOPES = [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE];

export interface OrganizerAuthProps {
  /** The prefix of the managed login domain: `<prefix>.auth.<region>.amazoncognito.com`. */
  domainPrefix: string;
  /** Where the series is served (`https://…`): the console's callback and sign-out pages live there. */
  publicUrl: string;
}

/**
 * Who may use /admin, for every year of the series: a Cognito user pool without self sign-up, MFA
 * required, the "organizers" group whose members' tokens the API's JWT authorizer accepts and the
 * "reviewers" group. Sign-in is Cognito's managed login on the pool's domain: the app client is
 * public (no secret) and uses the authorization-code flow, with PKCE from the console (issue 24)
 * and from a command-line tool on a loopback redirect; SRP stays for the existing tools.
 */
export class OrganizerAuth extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly domain: UserPoolDomain;
  /** The OpenID Connect issuer: `https://cognito-idp.<region>.amazonaws.com/<pool id>`. */
  readonly issuer: string;
  /** Where the console's sign-in fetches and posts: the issuer's and managed login's origins. */
  readonly signInOrigins: string[];
  /** The client's scopes, space-separated ("openid email profile"). */
  readonly scopes: string;

  constructor(scope: Construct, id: string, props: OrganizerAuthProps) {
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
      description: 'May read registrations and run every edition of the series through /admin.',
    });
    this.userPool.addGroup('ReviewersGroup', {
      groupName: REVIEWERS_GROUP,
      description: 'May review submissions; the /admin routes accept only organizers.',
    });
    this.domain = this.userPool.addDomain('SignIn', {
      cognitoDomain: { domainPrefix: props.domainPrefix },
      managedLoginVersion: ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
    const consoleUrl = `${props.publicUrl}/console`;
    this.client = this.userPool.addClient('OrganizerClient', {
      authFlows: { userSrp: true },
      // A public client: the console runs in a browser, the CLI on a laptop; PKCE (S256) stands
      // in for the secret neither could keep.
      generateSecret: false,
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: SCOPES,
        callbackUrls: [`${consoleUrl}/callback`, CLI_CALLBACK_URL],
        // Where Cognito's /logout may send the browser back: the console's sign-out, the CLI's.
        logoutUrls: [`${consoleUrl}/`, CLI_CALLBACK_URL.replace(/callback$/, '')],
      },
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(ORGANIZER_REFRESH_HOURS),
      enableTokenRevocation: true,
    });
    // As API Gateway's JWT authorizer names it (HttpUserPoolAuthorizer).
    const region = Stack.of(this).region;
    this.issuer = `https://cognito-idp.${region}.amazonaws.com/${this.userPool.userPoolId}`;
    this.signInOrigins = [`https://cognito-idp.${region}.amazonaws.com`, this.domain.baseUrl()];
    this.scopes = SCOPES.map((scope) => scope.scopeName).join(' ');
    // The newer managed login shows nothing without a style: Cognito's own.
    const branding = new CfnManagedLoginBranding(this, 'Branding', {
      userPoolId: this.userPool.userPoolId,
      clientId: this.client.userPoolClientId,
      useCognitoProvidedValues: true,
    });
    branding.node.addDependency(this.domain);
    new CfnOutput(scope, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(scope, 'UserPoolClientId', { value: this.client.userPoolClientId });
    new CfnOutput(scope, 'SignInUrl', { value: this.domain.baseUrl() });
  }
}
