import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
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
 * throttling from the edition file, access logs without IP addresses or query strings.
 */

export interface EditionApiProps {
  name: string;
  settings: EditionSource['api'];
  publicReads: IFunction;
  registrations: IFunction;
  organizers: IFunction;
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
      // Any other route: the public function answers with a problem+json 404.
      defaultIntegration: publicReads,
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
    const docs = new HttpLambdaIntegration('Docs', props.docs);
    const authorizer = new HttpUserPoolAuthorizer('Organizers', props.userPool, {
      userPoolClients: [props.userPoolClient],
    });

    const publicRoutes = [
      ...this.api.addRoutes({
        path: '/editions',
        methods: [HttpMethod.GET],
        integration: publicReads,
      }),
      ...this.api.addRoutes({
        path: '/editions/{proxy+}',
        methods: [HttpMethod.GET],
        integration: publicReads,
      }),
      ...this.api.addRoutes({
        path: '/speakers/{personId}',
        methods: [HttpMethod.GET],
        integration: publicReads,
      }),
      ...this.api.addRoutes({
        path: '/editions/{year}/registrations',
        methods: [HttpMethod.POST],
        integration: registrations,
      }),
      ...this.api.addRoutes({
        path: '/editions/{year}/registrations/{id}',
        methods: [HttpMethod.GET, HttpMethod.DELETE],
        integration: registrations,
      }),
      ...this.api.addRoutes({
        path: '/editions/{year}/registrations/{id}/check-in.svg',
        methods: [HttpMethod.GET],
        integration: registrations,
      }),
      ...this.api.addRoutes({ path: '/docs', methods: [HttpMethod.GET], integration: docs }),
      ...this.api.addRoutes({
        path: '/openapi.json',
        methods: [HttpMethod.GET],
        integration: docs,
      }),
    ];
    const defaultRoute = this.api.node.tryFindChild('DefaultRoute');
    if (defaultRoute) publicRoutes.push(defaultRoute as (typeof publicRoutes)[number]);
    for (const route of publicRoutes) {
      Validations.of(route).acknowledge({
        id: 'AwsSolutions::AwsSolutions-APIG4',
        reason: PUBLIC_ROUTE_REASON,
      });
    }
    this.api.addRoutes({
      path: '/admin/{proxy+}',
      methods: [HttpMethod.ANY],
      integration: organizers,
      authorizer,
    });
  }
}
