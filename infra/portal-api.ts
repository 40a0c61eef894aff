import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import { Construct } from 'constructs';
import { API_ROUTES } from './api-routes';
import type { LambdaFunctions } from './lambda-functions';

/** The REST API for the portal and officers, built route by route from API_ROUTES. */
export class PortalApi extends Construct {
  readonly api: apigateway.RestApi;

  constructor(scope: Construct, id: string, functions: LambdaFunctions) {
    super(scope, id);
    this.api = new apigateway.RestApi(this, 'Api', {
      description: 'LADO referrals: portal intake, resubmissions, case status and officer decisions',
      deployOptions: {
        stageName: 'v1',
        throttlingRateLimit: 50,
        throttlingBurstLimit: 100,
        // Access and execution logs would hold request details: metrics only.
        metricsEnabled: true,
        dataTraceEnabled: false,
      },
    });
    for (const route of API_ROUTES) {
      const resource = route.path
        .split('/')
        .filter(Boolean)
        .reduce<apigateway.IResource>((parent, part) => parent.getResource(part) ?? parent.addResource(part), this.api.root);
      resource.addMethod(route.method, new apigateway.LambdaIntegration(functions.get(route.function)));
    }
  }
}
