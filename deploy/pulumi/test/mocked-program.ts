import * as pulumi from '@pulumi/pulumi';
import * as rpc from '@pulumi/pulumi/runtime/rpc.js';

/** One resource the program registered, as the engine would see it. */
export interface Registered {
  type: string;
  name: string;
  urn: string;
  inputs: Record<string, unknown>;
  /** The parent's URN (components, and the stack for top-level resources). */
  parent: string;
  /** URNs it waits for: explicit dependsOn and every resource whose outputs its inputs use. */
  dependsOn: string[];
  /** The provider reference (`<urn>::<id>`) for custom resources, '' for the default one. */
  provider: string;
}

export interface MockedRun<Program> {
  program: Program;
  resources: Registered[];
  /** The one resource of that type (and name); fails the test when there is none or several. */
  one(type: string, name?: string): Registered;
  /** An output's value. */
  value<T>(output: pulumi.Output<T>): Promise<T>;
  /** Whether an input value was sent as a Pulumi secret (kept encrypted in the state). */
  isSecret(value: unknown): boolean;
}

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getDependenciesList(): string[];
  getProvider(): string;
}

/**
 * Runs the Pulumi program against Pulumi's mocks (no CLI, no AWS, no cluster) and records every
 * resource with its inputs, parent, dependencies and provider. The mocks return the inputs as the
 * state, plus what a real provider would add (a client secret, a kubeconfig, a password).
 */
export async function runMocked<Program>(
  config: Record<string, string>,
  load: () => Promise<Program>,
): Promise<MockedRun<Program>> {
  const resources: Registered[] = [];
  const inputs = new Map<string, Record<string, unknown>>();
  pulumi.runtime.setAllConfig(config);
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        inputs.set(`${args.type}::${args.name}`, args.inputs);
        const state: Record<string, unknown> = { ...args.inputs };
        if (args.type === 'aws:cognito/userPoolClient:UserPoolClient') state.clientSecret = `${args.name}-secret`;
        if (args.type === 'command:local:Command') state.stdout = 'apiVersion: v1\nkind: Config\n';
        if (args.type === 'random:index/randomPassword:RandomPassword') state.result = `${args.name}-Pa55word!`;
        // What AWS gives every resource, and a function its name when none is asked for.
        if (args.type.startsWith('aws:')) state.arn ??= `arn:aws:mock:${args.type}:${args.name}`;
        if (args.type === 'aws:lambda/function:Function') state.name ??= `${args.name}-fn`;
        return { id: `${args.name}-id`, state };
      },
      call: (args) =>
        args.token === 'aws:index/getRegion:getRegion'
          ? { name: config['aws:region'], region: config['aws:region'] }
          : {},
    },
    'sso',
    'test',
    false,
  );
  // The mock monitor answers the engine's calls; wrap it to see what the program declared.
  const monitor = pulumi.runtime.getMonitor() as unknown as {
    registerResource(
      request: RegisterRequest,
      callback: (error: unknown, response?: { getUrn(): string }) => void,
    ): void;
  };
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (request, callback) =>
    register(request, (error, response) => {
      if (response) {
        const key = `${request.getType()}::${request.getName()}`;
        resources.push({
          type: request.getType(),
          name: request.getName(),
          urn: response.getUrn(),
          inputs: inputs.get(key) ?? {},
          parent: request.getParent(),
          dependsOn: request.getDependenciesList(),
          provider: request.getProvider(),
        });
      }
      callback(error, response);
    });

  const program = await load();
  // Registration is asynchronous: wait until the program has stopped creating resources.
  for (let seen = -1; seen !== resources.length; ) {
    seen = resources.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    program,
    resources,
    one(type, name) {
      const found = resources.filter((r) => r.type === type && (name === undefined || r.name === name));
      if (found.length !== 1) throw new Error(`${found.length} resources of ${type} ${name ?? ''}, expected one`);
      return found[0]!;
    },
    value: (output) => new Promise((resolve) => output.apply(resolve)),
    isSecret: (value) =>
      typeof value === 'object' &&
      value !== null &&
      (value as Record<string, unknown>)[rpc.specialSigKey] === rpc.specialSecretSig,
  };
}
