import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  type CfnStage,
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { UserPool, UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { CORS_SETTINGS } from '../../functions/contract.ts';
import type { EditionSource } from '../../shared/edition/schema.ts';

/**
 * The edition's HTTP API: public reads and self-service registration without authorization,
 * every /admin route behind Cognito's JWT authorizer. CORS for the edition's own origins only,
 * a throttle per group of routes (ROUTE_THROTTLES; the edition file's for any other route),
 * access logs without IP addresses or query strings.
 */

export interface RouteThrottle {
  rateLimit: number;
  burstLimit: number;
}

/**
 * Each group of routes has a throttle of its own (API Gateway route settings), so that a flood on
 * one cannot starve another: registrations on opening day leave check-ins at the door and the
 * organizers' /admin alone. Sized from the benchmarks (bench/results.json, README):
 * - registration (POST registrations): 250 req/s sustained with 0 5xx and p99 471 ms, and a
 *   burst of 1000 at once absorbed in 2.6 s with 0 5xx, on one process: 100/s and 200 at once
 *   leave headroom for the seat counter, the one hot item every registration writes.
 * - manage (a registrant's own GET, DELETE, badge, the manage page's form): a click each, a few
 *   per registrant.
 * - check-in: the app lets each organizer scan 20 codes/s (burst 120); a handful of doors.
 * - admin (every other /admin route): a handful of organizers; exports read every registration.
 * - public reads: CloudFront answers the cached ones; misses cost 0.003 GetItem each (warm, at
 *   12941 req/s per process), so the limit is what Lambda concurrency should carry.
 * - docs: the API description, rebuilt by nobody; a few readers.
 * - submission (POST submissions): a call takes tens to hundreds of submissions over weeks; a
 *   burst of 20 covers a deadline's last minute, and a flood cannot reach registrations.
 */
export const ROUTE_THROTTLES = {
  registration: { rateLimit: 100, burstLimit: 200 },
  manage: { rateLimit: 20, burstLimit: 40 },
  checkIn: { rateLimit: 20, burstLimit: 60 },
  admin: { rateLimit: 10, burstLimit: 20 },
  publicReads: { rateLimit: 200, burstLimit: 400 },
  docs: { rateLimit: 10, burstLimit: 20 },
  submission: { rateLimit: 10, burstLimit: 20 },
} as const satisfies Record<string, RouteThrottle>;

type RouteGroup = keyof typeof ROUTE_THROTTLES;

export interface EditionApiProps {
  name: string;
  settings: EditionSource['api'];
  publicReads: IFunction;
  /** The public pages: the default route (any path no route names). */
  pages: IFunction;
  registrations: IFunction;
  organizers: IFunction;
  /** The draft and its releases (the organizers' routes that edit the edition). */
  editor: IFunction;
  /** The call for papers: submissions, their reviews, and speakers' own talks. */
  cfp: IFunction;
  docs: IFunction;
  userPool: UserPool;
  userPoolClient: UserPoolClient;
}

const PUBLIC_ROUTE_REASON =
  'Deliberately public: anyone may read the agenda and its API description, and register; registrations are guarded by manage tokens.';

export class EditionApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;

  constructor(scope: Construct, id: string, props: EditionApiProps) {
    super(scope, id);
    const { allowedOrigins, throttle } = props.settings;
    const publicReads = new HttpLambdaIntegration('PublicReads', props.publicReads);
    this.api = new HttpApi(this, 'Api', {
      apiName: props.name,
      createDefaultStage: false,
      // Any other route: the pages, /problems/* included; a problem+json 404 for the rest.
      defaultIntegration: new HttpLambdaIntegration('Pages', props.pages),
      ...(allowedOrigins.length === 0
        ? {}
        : {
            corsPreflight: {
              allowOrigins: allowedOrigins,
              allowMethods: CORS_SETTINGS.allowMethods.map((method) => CorsHttpMethod[method]),
              allowHeaders: [...CORS_SETTINGS.allowHeaders],
              exposeHeaders: [...CORS_SETTINGS.exposeHeaders],
              maxAge: Duration.seconds(CORS_SETTINGS.maxAge),
            },
          }),
    });

    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: throttle.rateLimit, burstLimit: throttle.burstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            route: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });

    const registrations = new HttpLambdaIntegration('Registrations', props.registrations);
    const organizers = new HttpLambdaIntegration('Organizers', props.organizers);
    const editor = new HttpLambdaIntegration('Editor', props.editor);
    const docs = new HttpLambdaIntegration('Docs', props.docs);
    const cfp = new HttpLambdaIntegration('Cfp', props.cfp);
    const authorizer = new HttpUserPoolAuthorizer('Organizers', props.userPool, {
      userPoolClients: [props.userPoolClient],
    });

    // Every route, with the group whose throttle it takes; the route keys name them in the stage.
    const throttled: [string, RouteGroup][] = [];
    const routes: Construct[] = [];
    const route = (
      path: string,
      methods: HttpMethod[],
      integration: HttpLambdaIntegration,
      group: RouteGroup,
      organizersOnly = false,
    ) => {
      const added = this.api.addRoutes({
        path,
        methods,
        integration,
        ...(organizersOnly ? { authorizer } : {}),
      });
      for (const method of methods) throttled.push([`${method} ${path}`, group]);
      routes.push(...added);
      if (!organizersOnly) {
        for (const publicRoute of added) {
          Validations.of(publicRoute).acknowledge({
            id: 'AwsSolutions::AwsSolutions-APIG4',
            reason: PUBLIC_ROUTE_REASON,
          });
        }
      }
    };
    route('/editions', [HttpMethod.GET], publicReads, 'publicReads');
    route('/editions/{proxy+}', [HttpMethod.GET], publicReads, 'publicReads');
    route('/speakers/{personId}', [HttpMethod.GET], publicReads, 'publicReads');
    route('/editions/{year}/registrations', [HttpMethod.POST], registrations, 'registration');
    route(
      '/editions/{year}/registrations/{id}',
      [HttpMethod.GET, HttpMethod.DELETE],
      registrations,
      'manage',
    );
    route(
      '/editions/{year}/registrations/{id}/check-in.svg',
      [HttpMethod.GET],
      registrations,
      'manage',
    );
    // The manage page posted without JavaScript (the token in the body): the registrations'.
    route('/{year}/manage', [HttpMethod.POST], registrations, 'manage');
    // The call for papers: the call, submitting, a submission kept with its token (the speakers'
    // page posts without JavaScript to /{year}/submission), reviewers and organizers under /admin.
    route('/editions/{year}/cfp', [HttpMethod.GET], cfp, 'publicReads');
    route('/editions/{year}/submissions', [HttpMethod.POST], cfp, 'submission');
    route('/editions/{year}/submissions/{proxy+}', [HttpMethod.ANY], cfp, 'manage');
    route('/{year}/submission', [HttpMethod.POST], cfp, 'manage');
    route('/admin/editions/{year}/submissions', [HttpMethod.ANY], cfp, 'admin', true);
    route('/admin/editions/{year}/submissions/{proxy+}', [HttpMethod.ANY], cfp, 'admin', true);
    route('/docs', [HttpMethod.GET], docs, 'docs');
    route('/openapi.json', [HttpMethod.GET], docs, 'docs');
    route('/auth/config', [HttpMethod.GET], docs, 'docs');
    route('/admin/{proxy+}', [HttpMethod.ANY], organizers, 'admin', true);
    // The draft and its releases: the editor function (more specific than /admin/{proxy+}).
    route('/admin/editions/{year}/draft', [HttpMethod.ANY], editor, 'admin', true);
    route('/admin/editions/{year}/draft/{proxy+}', [HttpMethod.ANY], editor, 'admin', true);
    route('/admin/editions/{year}/agenda/releases', [HttpMethod.ANY], editor, 'admin', true);
    // Its own route, so that the door has its own throttle: /admin exports cannot starve it.
    route('/admin/editions/{year}/check-ins', [HttpMethod.POST], organizers, 'checkIn', true);
    const defaultRoute = this.api.node.tryFindChild('DefaultRoute');
    if (defaultRoute) {
      Validations.of(defaultRoute).acknowledge({
        id: 'AwsSolutions::AwsSolutions-APIG4',
        reason: PUBLIC_ROUTE_REASON,
      });
      throttled.push(['$default', 'publicReads']);
      routes.push(defaultRoute);
    }
    // Route settings name routes by key: the stage is deployed after them.
    (this.stage.node.defaultChild as CfnStage).routeSettings = Object.fromEntries(
      throttled.map(([routeKey, group]) => [
        routeKey,
        {
          ThrottlingRateLimit: ROUTE_THROTTLES[group].rateLimit,
          ThrottlingBurstLimit: ROUTE_THROTTLES[group].burstLimit,
        },
      ]),
    );
    for (const added of routes) this.stage.node.addDependency(added);
  }
}
