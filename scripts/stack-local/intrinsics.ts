import type { AssemblyStack } from './assembly.ts';
import { type Physical, physicalOf } from './physical.ts';

/**
 * CloudFormation's intrinsic functions, evaluated against local physical values: Ref, Fn::GetAtt,
 * Fn::Join, Fn::Sub, Fn::Select, Fn::Split, Fn::If and the condition functions, Fn::FindInMap,
 * Fn::Base64, Fn::GetStackOutput and Fn::ImportValue (across the assembly's stacks), and
 * `{{resolve:secretsmanager:…}}` dynamic references. What the runner learns while it creates
 * resources (a queue's URL, a stream's ARN, a custom resource's data) overrides the made-up value.
 */

/** AWS::NoValue: the property (or list item) is left out. */
const NO_VALUE = Symbol('AWS::NoValue');

class UnresolvableError extends Error {
  override readonly name = 'UnresolvableError';
}

export class Resolver {
  private readonly physical = new Map<string, Physical>();
  private readonly overrides = new Map<string, string>();
  private readonly data = new Map<string, Record<string, unknown>>();

  private readonly stacks: AssemblyStack[];
  private readonly account: string;
  /** A secret's value by ARN (or name), for dynamic references. */
  private readonly secretValue: (secretId: string) => string | undefined;

  constructor(
    stacks: AssemblyStack[],
    account: string,
    secretValue: (secretId: string) => string | undefined = () => undefined,
  ) {
    this.stacks = stacks;
    this.account = account;
    this.secretValue = secretValue;
  }

  stack(name: string): AssemblyStack {
    const found = this.stacks.find((stack) => stack.name === name);
    if (!found) throw new UnresolvableError(`No stack ${name} in the assembly.`);
    return found;
  }

  setRef(stack: AssemblyStack, logicalId: string, value: string): void {
    this.overrides.set(`${stack.name}/${logicalId}`, value);
  }

  setAttribute(stack: AssemblyStack, logicalId: string, attribute: string, value: string): void {
    this.overrides.set(`${stack.name}/${logicalId}.${attribute}`, value);
  }

  /** A custom resource's response data: its attributes. */
  setData(stack: AssemblyStack, logicalId: string, data: Record<string, unknown>): void {
    this.data.set(`${stack.name}/${logicalId}`, data);
  }

  private physicalOf(stack: AssemblyStack, logicalId: string): Physical {
    const key = `${stack.name}/${logicalId}`;
    let found = this.physical.get(key);
    if (!found) {
      const resource = stack.template.Resources[logicalId];
      if (!resource) throw new UnresolvableError(`${stack.name} has no resource ${logicalId}.`);
      // Names are literals or parameters: what else the properties hold is not needed here.
      const properties: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(resource.Properties ?? {})) {
        if (typeof value === 'string') properties[name] = value;
        else if (/Name$/.test(name) && isRefToParameter(stack, value)) {
          properties[name] = this.resolve(stack, value);
        }
      }
      found = physicalOf(
        { stackName: stack.name, region: stack.region, account: this.account },
        logicalId,
        resource,
        properties,
      );
      this.physical.set(key, found);
    }
    return found;
  }

  ref(stack: AssemblyStack, name: string): string | typeof NO_VALUE {
    const pseudo: Record<string, string | typeof NO_VALUE> = {
      'AWS::AccountId': this.account,
      'AWS::Region': stack.region,
      'AWS::Partition': 'aws',
      'AWS::URLSuffix': 'amazonaws.com',
      'AWS::StackName': stack.name,
      'AWS::StackId': `arn:aws:cloudformation:${stack.region}:${this.account}:stack/${stack.name}/local`,
      'AWS::NoValue': NO_VALUE,
    };
    if (name in pseudo) return pseudo[name] as string | typeof NO_VALUE;
    const parameter = stack.template.Parameters?.[name];
    if (parameter) return String(parameter.Default ?? '');
    return this.overrides.get(`${stack.name}/${name}`) ?? this.physicalOf(stack, name).ref;
  }

  attribute(stack: AssemblyStack, logicalId: string, attribute: string): unknown {
    const override = this.overrides.get(`${stack.name}/${logicalId}.${attribute}`);
    if (override !== undefined) return override;
    const data = this.data.get(`${stack.name}/${logicalId}`);
    if (data && attribute in data) return data[attribute];
    const made = this.physicalOf(stack, logicalId).attributes[attribute];
    if (made !== undefined) return made;
    const type = stack.template.Resources[logicalId]?.Type;
    throw new UnresolvableError(
      `${stack.name}: no local value for Fn::GetAtt ${logicalId}.${attribute} (${type}).`,
    );
  }

  output(stackName: string, outputName: string): unknown {
    const stack = this.stack(stackName);
    const output = stack.template.Outputs?.[outputName];
    if (!output) throw new UnresolvableError(`${stackName} has no output ${outputName}.`);
    return this.resolve(stack, output.Value);
  }

  private imported(exportName: string): unknown {
    for (const stack of this.stacks) {
      for (const output of Object.values(stack.template.Outputs ?? {})) {
        if (output.Export && this.resolve(stack, output.Export.Name) === exportName) {
          return this.resolve(stack, output.Value);
        }
      }
    }
    throw new UnresolvableError(`No stack exports ${exportName}.`);
  }

  condition(stack: AssemblyStack, name: string): boolean {
    const conditions = (stack.template as { Conditions?: Record<string, unknown> }).Conditions;
    if (!conditions || !(name in conditions)) {
      throw new UnresolvableError(`${stack.name} has no condition ${name}.`);
    }
    return Boolean(this.resolve(stack, conditions[name]));
  }

  /** Resolves every intrinsic in `value`, deeply. */
  resolve(stack: AssemblyStack, value: unknown): unknown {
    const resolved = this.evaluate(stack, value);
    return resolved === NO_VALUE ? undefined : resolved;
  }

  /** Resolves `value` and insists on a string (an environment variable, a name). */
  string(stack: AssemblyStack, value: unknown): string {
    const resolved = this.resolve(stack, value);
    if (typeof resolved === 'string') return resolved;
    if (typeof resolved === 'number' || typeof resolved === 'boolean') return String(resolved);
    throw new UnresolvableError(
      `${stack.name}: expected a string, got ${JSON.stringify(resolved)}.`,
    );
  }

  private evaluate(stack: AssemblyStack, value: unknown): unknown {
    if (typeof value === 'string') return this.dynamicReferences(value);
    if (Array.isArray(value)) {
      return value.map((item) => this.evaluate(stack, item)).filter((item) => item !== NO_VALUE);
    }
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value);
    const [only] = entries;
    if (
      entries.length === 1 &&
      only &&
      (only[0] === 'Ref' || only[0].startsWith('Fn::') || only[0] === 'Condition')
    ) {
      return this.intrinsic(stack, only[0], only[1]);
    }
    const result: Record<string, unknown> = {};
    for (const [key, item] of entries) {
      const resolved = this.evaluate(stack, item);
      if (resolved !== NO_VALUE) result[key] = resolved;
    }
    return result;
  }

  private intrinsic(stack: AssemblyStack, name: string, argument: unknown): unknown {
    const list = (): unknown[] => {
      const resolved = this.evaluate(stack, argument);
      if (!Array.isArray(resolved)) throw new UnresolvableError(`${name} takes a list.`);
      return resolved;
    };
    switch (name) {
      case 'Ref':
        return this.ref(stack, String(argument));
      case 'Condition':
        return this.condition(stack, String(argument));
      case 'Fn::GetAtt': {
        const [logicalId, ...attribute] = Array.isArray(argument)
          ? (argument as unknown[]).map((part) => String(this.evaluate(stack, part)))
          : String(argument).split('.');
        return this.attribute(stack, String(logicalId), attribute.join('.'));
      }
      case 'Fn::Join': {
        const [separator, items] = list() as [string, unknown[]];
        return this.dynamicReferences(items.map(String).join(separator));
      }
      case 'Fn::Split': {
        const [separator, text] = list() as [string, string];
        return String(text).split(separator);
      }
      case 'Fn::Select': {
        const [index, items] = list() as [unknown, unknown[]];
        const item = items[Number(index)];
        if (item === undefined) throw new UnresolvableError(`Fn::Select: no item ${index}.`);
        return item;
      }
      case 'Fn::Sub':
        return this.sub(stack, argument);
      case 'Fn::If': {
        const [condition, whenTrue, whenFalse] = argument as [string, unknown, unknown];
        return this.evaluate(stack, this.condition(stack, condition) ? whenTrue : whenFalse);
      }
      case 'Fn::Equals': {
        const [left, right] = list();
        return JSON.stringify(left) === JSON.stringify(right);
      }
      case 'Fn::Not':
        return !list()[0];
      case 'Fn::And':
        return list().every(Boolean);
      case 'Fn::Or':
        return list().some(Boolean);
      case 'Fn::Base64':
        return Buffer.from(String(this.evaluate(stack, argument))).toString('base64');
      case 'Fn::FindInMap': {
        const [map, key, second] = list().map(String) as [string, string, string];
        const mappings = (
          stack.template as { Mappings?: Record<string, Record<string, Record<string, unknown>>> }
        ).Mappings;
        return mappings?.[map]?.[key]?.[second];
      }
      case 'Fn::GetAZs':
        return ['a', 'b', 'c'].map((zone) => `${stack.region}${zone}`);
      case 'Fn::ImportValue':
        return this.imported(String(this.evaluate(stack, argument)));
      case 'Fn::GetStackOutput': {
        const { StackName, OutputName } = this.evaluate(stack, argument) as Record<string, string>;
        return this.output(String(StackName), String(OutputName));
      }
      default:
        throw new UnresolvableError(`${stack.name}: ${name} is not supported locally.`);
    }
  }

  private sub(stack: AssemblyStack, argument: unknown): string {
    const [text, variables] = Array.isArray(argument)
      ? [String(argument[0]), (this.evaluate(stack, argument[1]) ?? {}) as Record<string, unknown>]
      : [String(argument), {}];
    const replaced = text.replace(/\$\{([^}]+)\}/g, (whole, expression: string) => {
      if (expression.startsWith('!')) return `\${${expression.slice(1)}}`;
      if (expression in variables) return String(variables[expression]);
      const dot = expression.indexOf('.');
      if (dot > 0 && !expression.startsWith('AWS::')) {
        return String(this.attribute(stack, expression.slice(0, dot), expression.slice(dot + 1)));
      }
      const value = this.ref(stack, expression);
      return value === NO_VALUE ? whole : value;
    });
    return this.dynamicReferences(replaced);
  }

  /** `{{resolve:secretsmanager:id:SecretString:jsonKey:stage:version}}`, as CloudFormation does. */
  private dynamicReferences(text: string): string {
    return text.replace(/\{\{resolve:secretsmanager:(.+?)\}\}/g, (whole, reference: string) => {
      const arn = /^(arn:aws:secretsmanager:[^:]+:\d+:secret:[^:]+)(.*)$/.exec(reference);
      const [secretId, rest] = arn
        ? [arn[1] ?? '', arn[2] ?? '']
        : [reference.split(':')[0] ?? '', reference.slice(reference.indexOf(':'))];
      const [, , jsonKey] = rest.split(':');
      const value = this.secretValue(secretId);
      if (value === undefined) return whole;
      return jsonKey ? String((JSON.parse(value) as Record<string, unknown>)[jsonKey]) : value;
    });
  }
}

function isRefToParameter(stack: AssemblyStack, value: unknown): boolean {
  const ref = (value as { Ref?: unknown } | null)?.Ref;
  return typeof ref === 'string' && Boolean(stack.template.Parameters?.[ref]);
}
