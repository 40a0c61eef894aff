import { App } from 'aws-cdk-lib';
import { addComplianceChecks } from './compliance-checks';
import { readServiceSettings } from './config';
import { LadoStack } from './lado-stack';

/** Builds the app. Environment-agnostic: account and region come from the deploying credentials. */
export function buildApp(app = new App()): { app: App; stack: LadoStack } {
  const stack = new LadoStack(app, 'LadoReferrals', readServiceSettings(app.node.tryGetContext('lado')));
  return { app, stack };
}

// `cdk synth` and `cdk deploy` fail on any unsuppressed finding of the compliance packs.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { app } = buildApp();
  addComplianceChecks(app);
  app.synth();
}
