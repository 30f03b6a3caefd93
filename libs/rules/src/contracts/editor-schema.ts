import type { AnyContract, JsonSchema } from './contract';

/** Where the editor schema of a rule set lives, relative to the rules folder (beside rule-file.schema.json). */
export function editorSchemaPath(ruleSet: string): string {
  return `${ruleSet}.schema.json`;
}

/**
 * The JSON Schema an editor uses for the rule files of one rule set (`"$schema": "../<rule-set>.schema.json"`):
 * the rule-file schema, narrowed by the rule set's contract so that an editor completes the fact
 * names and types the code supplies, the outcome values it understands (refund destinations,
 * payout methods…), the parameters it reads and the reason-code namespace. Generated from the
 * contract in code (`npm run policy -- schemas`); a test fails when a generated file is stale.
 */
export function editorSchema(contract: AnyContract): JsonSchema {
  const facts = Object.fromEntries(
    Object.entries(contract.facts).map(([name, spec]) => {
      const properties: JsonSchema = { type: { const: spec.type } };
      // As the contract checker: a version must accept every value the code supplies, and may accept more
      // (voucher-issuance 1.2.0's platform_grant, decided for the platform's grants under their own contract).
      if (spec.values)
        properties.values = {
          type: 'array',
          items: { type: 'string' },
          allOf: spec.values.map((value) => ({ contains: { const: value } })),
        };
      if (spec.items) properties.items = { const: spec.items };
      if (spec.optional) properties.required = { const: false };
      const description = `${spec.description ? `${spec.description}. ` : ''}Supplied by the code as ${spec.type}${
        spec.values ? ` (${spec.values.join(', ')})` : ''
      }${spec.optional ? '; null when it does not apply' : ''}.`;
      return [name, { description, properties }];
    }),
  );
  const parameters = Object.fromEntries(
    Object.entries(contract.parameters).map(([name, spec]) => [
      name,
      {
        description: spec.description ?? `Read by the code as ${spec.type}`,
        properties: { type: { const: spec.type } },
      },
    ]),
  );
  const reason = { properties: { code: { type: 'string', pattern: contract.reasonCodes.pattern } } };
  const eventValue = contract.value ? contract.value.schema : { not: {} };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $comment: `GENERATED from the ${contract.ruleSet} contract in code by \`npm run policy -- schemas\`; do not edit.`,
    title: `${contract.ruleSet} rule file`,
    description: contract.description,
    allOf: [{ $ref: './rule-file.schema.json' }],
    properties: {
      ruleSet: { const: contract.ruleSet },
      facts: { propertyNames: { enum: Object.keys(contract.facts) }, properties: facts },
      parameters: { properties: parameters, required: Object.keys(contract.parameters) },
      rules: {
        items: {
          properties: {
            event: {
              properties: {
                ...(contract.value ? {} : { type: { const: 'deny' } }),
                params: { properties: { value: eventValue, reason } },
              },
            },
          },
        },
      },
      default: { properties: { value: eventValue, reasons: { items: reason } } },
    },
  };
}

/** The generated file's text: stable, two-space indented, ending with a newline (prettier leaves it so). */
export function editorSchemaText(contract: AnyContract): string {
  return `${JSON.stringify(editorSchema(contract), null, 2)}\n`;
}
