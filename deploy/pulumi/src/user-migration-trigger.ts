import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { buildSync } from 'esbuild';

export interface UserMigrationTriggerArgs {
  /** The handler's code: one bundled module whose `handler` export takes Cognito's event. */
  code: pulumi.Input<pulumi.asset.Archive>;
  /** `<file without extension>.<export>` inside `code`, e.g. `user-migration.handler`. */
  handler: pulumi.Input<string>;
  /** The handler's settings, e.g. the URL of the database it checks legacy passwords against (kept secret). */
  environment: Record<string, pulumi.Input<string>>;
  /** Subnets and security groups that reach that database; without them the function has no VPC. */
  vpc?: {
    subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    securityGroupIds: pulumi.Input<pulumi.Input<string>[]>;
  };
}

/**
 * Cognito's user-migration trigger as an AWS Lambda function: the same handler module the local login
 * server runs (Cognito's event in, Cognito's event out), its execution role, and nothing else. The
 * user pool names its ARN in `lambdaConfig.userMigration` and grants Cognito the right to invoke it
 * (CognitoUserPool), so the function can exist before the pool does.
 */
export class UserMigrationTrigger extends pulumi.ComponentResource {
  readonly function: aws.lambda.Function;

  constructor(name: string, args: UserMigrationTriggerArgs, opts?: pulumi.ComponentResourceOptions) {
    super('sso:cognito:UserMigrationTrigger', name, {}, opts);
    const role = new aws.iam.Role(
      name,
      {
        assumeRolePolicy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        }),
      },
      { parent: this },
    );
    // Logs always; network interfaces only when the function runs inside the database's VPC.
    const policies = [
      aws.iam.ManagedPolicy.AWSLambdaBasicExecutionRole,
      ...(args.vpc ? [aws.iam.ManagedPolicy.AWSLambdaVPCAccessExecutionRole] : []),
    ];
    const attachments = policies.map(
      (policyArn, i) =>
        new aws.iam.RolePolicyAttachment(`${name}-${i}`, { role: role.name, policyArn }, { parent: this }),
    );
    this.function = new aws.lambda.Function(
      name,
      {
        role: role.arn,
        runtime: aws.lambda.Runtime.NodeJS24dX,
        handler: args.handler,
        code: args.code,
        // Cognito waits 5 s for a trigger, then fails the sign-in; a slower function is of no use.
        timeout: 5,
        memorySize: 256,
        environment: { variables: pulumi.secret(args.environment) },
        vpcConfig: args.vpc,
      },
      { parent: this, dependsOn: attachments },
    );
    this.registerOutputs({ arn: this.function.arn });
  }
}

/**
 * The handler module and everything it imports as one ES module `index.mjs`, for a Lambda function
 * whose handler is `index.handler`: bundled from the source at every `pulumi up`, so AWS runs the
 * same code as the local login server.
 */
export function bundledHandler(entry: string): pulumi.asset.AssetArchive {
  const result = buildSync({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    write: false,
    // pg's optional native binding, which it loads only when asked to.
    external: ['pg-native'],
    // Bundled CommonJS packages (pg) still call require for Node's own modules.
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  });
  return new pulumi.asset.AssetArchive({ 'index.mjs': new pulumi.asset.StringAsset(result.outputFiles[0]!.text) });
}
