import type { Hono } from 'hono';
import { createHttpApp } from '#functions/http/app.ts';
import { registerAnswerRoutes } from './decisions/routes.ts';
import type { CfpDependencies } from './dependencies.ts';
import { mountSubmissionForms } from './forms/submission-forms.ts';
import { registerReviewRoutes } from './reviews/routes.ts';
import { registerSpeakerRoutes } from './speakers/routes.ts';
import { registerSubmissionRoutes } from './submissions/routes.ts';
import { createSubmissionService } from './submissions/service.ts';

/**
 * The call for papers and talks, one bounded context: speakers submit and keep their submission
 * with a private link (submissions/), reviewers score and organizers decide (reviews/), accepted
 * speakers confirm and keep their own talk (speakers/). One Lambda function in AWS.
 */

export function createCfpApp(dependencies: CfpDependencies): Hono {
  const app = createHttpApp();
  const submissions = createSubmissionService(dependencies);
  // Before the submissions routes: form posts are answered with pages, JSON goes on to them.
  if (dependencies.forms) {
    mountSubmissionForms(app, dependencies.forms.port ?? submissions, dependencies.forms);
  }
  registerSubmissionRoutes(app, submissions);
  registerReviewRoutes(app, dependencies);
  registerAnswerRoutes(app, dependencies);
  registerSpeakerRoutes(app, dependencies);
  return app;
}
