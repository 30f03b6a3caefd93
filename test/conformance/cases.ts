/**
 * Cases ported from json-rules-engine's own repository (CacheControl/json-rules-engine, `test/`
 * and `examples/`): the rules, shared conditions and facts of its tests, each naming the file it
 * came from. Facts its tests compute with functions are given here as the values those functions
 * return. No expected results are written down: json-rules-engine itself is the oracle — every
 * case runs through both engines and must answer identically (conformance.spec.ts).
 */
export interface PortedCase {
  name: string;
  source: string;
  rules: Array<{ name?: string; priority?: number; conditions: unknown; event?: unknown }>;
  conditions?: Record<string, unknown>;
  facts: Record<string, unknown>;
  allowUndefinedFacts?: boolean;
  /** Typed declarations for some facts (the rest are `json`, optional). */
  declarations?: Record<string, unknown>;
}

/** Constructs json-rules-engine supports that a rule file refuses by design, with the reason's words. */
export interface RefusedCase {
  name: string;
  source: string;
  rule: Record<string, unknown>;
  conditions?: Record<string, unknown>;
  /** A part of the problem message that says why. */
  because: string;
  path: string;
}

const ev = (type: string, params?: Record<string, unknown>) => (params ? { type, params } : { type });
const leaf = (fact: string, operator: string, value: unknown, extra: Record<string, unknown> = {}) => ({
  fact,
  operator,
  value,
  ...extra,
});
const one = (name: string, source: string, condition: unknown, facts: Record<string, unknown>): PortedCase => ({
  name,
  source,
  rules: [{ conditions: { all: [condition] }, event: ev('test') }],
  facts,
});

const cases: PortedCase[] = [];

// test/condition.test.js — "operators": each row is one setup(...) of its table (fact "age", value 50 by default).
const OPERATOR_ROWS: Array<[string, unknown, unknown]> = [
  ['equal', 50, 50],
  ['equal', 50, 51],
  ['notEqual', 50, 50],
  ['notEqual', 50, 51],
  ['in', [5, 10, 15, 20], 15],
  ['in', [5, 10, 15, 20], 99],
  ['contains', 10, [5, 10, 15]],
  ['contains', 10, [1, 2, 3]],
  ['doesNotContain', 10, [5, 10, 15]],
  ['doesNotContain', 10, [1, 2, 3]],
  ['notIn', [5, 10, 15, 20], 15],
  ['notIn', [5, 10, 15, 20], 99],
  ['lessThan', 50, 49],
  ['lessThan', 50, 50],
  ['lessThan', 50, 51],
  ['lessThanInclusive', 50, 49],
  ['lessThanInclusive', 50, 50],
  ['lessThanInclusive', 50, 51],
  ['greaterThan', 50, 51],
  ['greaterThan', 50, 49],
  ['greaterThan', 50, 50],
  ['greaterThanInclusive', 50, 51],
  ['greaterThanInclusive', 50, 50],
  ['greaterThanInclusive', 50, 49],
  ['contains', 50, null],
  ['doesNotContain', 50, null],
  ['lessThan', 50, null],
  ['lessThanInclusive', 50, null],
  ['greaterThan', 50, null],
  ['greaterThanInclusive', 50, null],
  ['lessThan', 50, 'non-number'],
  ['lessThan', 50, []],
  ['lessThan', 50, {}],
];
OPERATOR_ROWS.forEach(([operator, value, age], i) =>
  cases.push(
    one(
      `operator ${operator} ${JSON.stringify(value)} on age ${JSON.stringify(age)} (#${i})`,
      'test/condition.test.js',
      leaf('age', operator, value),
      { age },
    ),
  ),
);

// test/condition.test.js — "path" on object and list facts.
const users = {
  phoneNumbers: [
    { type: 'iPhone', number: '0123-4567-8888' },
    { type: 'home', number: '0123-4567-8910' },
  ],
};
cases.push(
  one('path $.[0].id into a list fact', 'test/condition.test.js', leaf('age', 'equal', 50, { path: '$.[0].id' }), {
    age: [{ id: 50 }],
  }),
  one('path $.[0].id, negative case', 'test/condition.test.js', leaf('age', 'equal', 100, { path: '$.[0].id' }), {
    age: [{ id: 50 }],
  }),
  one(
    'path ignored when the fact is not an object',
    'test/condition.test.js',
    leaf('age', 'equal', 50, { path: '$.[0].id' }),
    { age: 50 },
  ),
  one(
    'path [*] collects values for contains',
    'test/condition.test.js',
    leaf('users', 'contains', 'iPhone', { path: '$.phoneNumbers[*].type' }),
    { users },
  ),
  one(
    'path [*] contains, negative case',
    'test/condition.test.js',
    leaf('users', 'contains', 'work', { path: '$.phoneNumbers[*].type' }),
    { users },
  ),
);

// test/almanac.test.js — factValue with a path ($..name), and an undefined fact.
const foo = { users: [{ name: 'George' }, { name: 'Thomas' }] };
cases.push(
  one(
    'path $..name collects every name',
    'test/almanac.test.js',
    leaf('foo', 'contains', 'George', { path: '$..name' }),
    { foo },
  ),
  one('path $..name, negative case', 'test/almanac.test.js', leaf('foo', 'contains', 'Martha', { path: '$..name' }), {
    foo,
  }),
  one('Undefined fact: bar', 'test/almanac.test.js', leaf('bar', 'equal', 1), {}),
);

// test/engine-fact.test.js — its dynamic facts given as the values they return (eligibilityId 1: CHILD 14, 2: ADULT 75).
const address = {
  'dot.property': 'dot-property-value',
  occupantHistory: [
    { name: 'Joe', year: 2011 },
    { name: 'Jane', year: 2013 },
  ],
  currentOccupants: [{ name: 'Larry', year: 2020 }],
};
const child = { age: 14, address };
const adult = { age: 75, address };
const eligibility = (
  name: string,
  condition: Record<string, unknown>,
  eligibilityData: unknown,
  extra: Partial<PortedCase> = {},
): PortedCase => ({
  name,
  source: 'test/engine-fact.test.js',
  rules: [
    {
      conditions: { any: [{ fact: 'eligibilityData', ...condition }] },
      event: ev('ageTrigger', { demographic: 'under50' }),
    },
  ],
  facts: { eligibilityData },
  ...extra,
});
cases.push(
  eligibility('path $.age: emits when the condition is met', { operator: 'lessThan', path: '$.age', value: 50 }, child),
  eligibility(
    'path $.age: does not emit when the condition fails',
    { operator: 'lessThan', path: '$.age', value: 50 },
    adult,
  ),
  eligibility(
    'can extract an array for array operators',
    { operator: 'contains', path: '$.address.occupantHistory[*].year', value: 2011 },
    child,
  ),
  eligibility(
    'can extract an array with a single element',
    { operator: 'contains', path: '$.address.currentOccupants[*].year', value: 2020 },
    child,
  ),
  eligibility(
    'path when dynamic facts return objects',
    { operator: 'equal', path: '$.address.occupantHistory[0].year', value: 2011 },
    child,
  ),
  eligibility(
    'path when target object properties have dots',
    { operator: 'equal', path: "$.address.['dot.property']", value: 'dot-property-value' },
    child,
  ),
  eligibility(
    'complex object paths failing the condition',
    { operator: 'equal', path: '$.address.occupantHistory[0].year', value: 2010 },
    child,
  ),
  eligibility(
    'invalid object paths are undefined',
    { operator: 'equal', path: '$.invalid.object[99].path', value: null },
    child,
  ),
  eligibility('ignores "path" when facts return non-objects', { operator: 'lessThan', path: '$.age', value: 50 }, 14),
  {
    name: 'path with runtime fact objects',
    source: 'test/engine-fact.test.js',
    rules: [{ conditions: { all: [leaf('x', 'equal', 1, { path: '$.y' })] }, event: ev('ageTrigger') }],
    facts: { x: { y: 1 }, a: 2 },
  },
);
for (const allowUndefinedFacts of [false, true])
  for (const eligibilityField of [14, 75])
    cases.push({
      name: `undefined-fact, allowUndefinedFacts ${allowUndefinedFacts}, eligibilityField ${eligibilityField}`,
      source: 'test/engine-fact.test.js',
      rules: [
        {
          conditions: { any: [leaf('eligibilityField', 'lessThan', 50), leaf('undefined-fact', 'equal', true)] },
          event: ev('ageTrigger', { demographic: 'under50' }),
        },
      ],
      facts: { eligibilityField },
      allowUndefinedFacts,
    });

// test/engine-all.test.js — its age facts: factChild 10, factAdult 30, factSenior 65.
for (const age of [10, 30, 65]) {
  cases.push({
    name: `all [age < 50] with age ${age}`,
    source: 'test/engine-all.test.js',
    rules: [
      { conditions: { all: [leaf('age', 'lessThan', 50)] }, event: ev('ageTrigger', { demographic: 'under50' }) },
    ],
    facts: { age },
  });
  cases.push({
    name: `all [age < 50, age > 21] with age ${age}`,
    source: 'test/engine-all.test.js',
    rules: [
      {
        conditions: { all: [leaf('age', 'lessThan', 50), leaf('age', 'greaterThan', 21)] },
        event: ev('ageTrigger', { demographic: 'adult' }),
      },
    ],
    facts: { age },
  });
}
// test/engine-any.test.js
for (const age of [10, 75]) {
  cases.push({
    name: `any [age < 50] with age ${age}`,
    source: 'test/engine-any.test.js',
    rules: [
      { conditions: { any: [leaf('age', 'lessThan', 50)] }, event: ev('ageTrigger', { demographic: 'under50' }) },
    ],
    facts: { age },
  });
}
for (const [segment, age] of [
  ['north-american', 25],
  ['european', 100],
  ['north-american', 100],
] as const) {
  cases.push({
    name: `any [age < 50, segment = european] with ${segment}, ${age}`,
    source: 'test/engine-any.test.js',
    rules: [
      {
        conditions: { any: [leaf('age', 'lessThan', 50), leaf('segment', 'equal', 'european')] },
        event: ev('ageTrigger', { demographic: 'under50' }),
      },
    ],
    facts: { age, segment },
  });
}
// test/engine-not.test.js
for (const age of [10, 75]) {
  cases.push({
    name: `not age >= 50 with age ${age}`,
    source: 'test/engine-not.test.js',
    rules: [
      {
        conditions: { not: leaf('age', 'greaterThanInclusive', 50) },
        event: ev('ageTrigger', { demographic: 'under50' }),
      },
    ],
    facts: { age },
  });
}
// test/engine-rule.test.js / rule.test.js — an empty all or any holds.
cases.push(
  {
    name: 'empty all',
    source: 'test/rule.test.js',
    rules: [{ conditions: { all: [] }, event: ev('emptyAll') }],
    facts: {},
  },
  {
    name: 'empty any',
    source: 'test/rule.test.js',
    rules: [{ conditions: { any: [] }, event: ev('emptyAny') }],
    facts: {},
  },
  {
    name: 'not of an empty all',
    source: 'test/rule.test.js',
    rules: [{ conditions: { not: { all: [] } }, event: ev('notEmpty') }],
    facts: {},
  },
);

// test/engine-condition.test.js — shared conditions (setCondition) and { condition: name }.
const over60 = { all: [leaf('age', 'greaterThanInclusive', 60)] };
const sendEvent = ev('checkSending', { sendRetirementPayment: true });
for (const age of [65, 55]) {
  cases.push({
    name: `condition shared across multiple rules, age ${age}`,
    source: 'test/engine-condition.test.js',
    conditions: { over60 },
    rules: [
      { conditions: { all: [{ condition: 'over60' }, leaf('isRetired', 'equal', true)] }, event: sendEvent },
      {
        conditions: { all: [{ condition: 'over60' }, leaf('requestedOutreach', 'equal', true)] },
        event: ev('triggerOutreach'),
      },
    ],
    facts: { age, isRetired: true, requestedOutreach: true },
  });
  cases.push({
    name: `nested condition (not of a shared condition inside a shared condition), age ${age}`,
    source: 'test/engine-condition.test.js',
    conditions: {
      over60,
      notOver60Retired: { all: [{ not: { condition: 'over60' } }, leaf('isRetired', 'equal', true)] },
    },
    rules: [
      {
        conditions: { all: [{ condition: 'notOver60Retired' }, leaf('requestedOutreach', 'equal', true)] },
        event: ev('triggerOutreach'),
      },
    ],
    facts: { age, isRetired: true, requestedOutreach: true },
  });
}
for (const isRetired of [true, false]) {
  cases.push({
    name: `top-level condition reference, isRetired ${isRetired}`,
    source: 'test/engine-condition.test.js',
    conditions: { isRetired: { all: [leaf('isRetired', 'equal', true)] } },
    rules: [{ conditions: { condition: 'isRetired' }, event: sendEvent }],
    facts: { isRetired },
  });
}

// test/engine-fact-comparison.test.js — value: { fact } compares two facts (constant facts).
for (const [height, width] of [
  [1, 2],
  [2, 1],
]) {
  cases.push({
    name: `height <= width with ${height}/${width}`,
    source: 'test/engine-fact-comparison.test.js',
    rules: [{ conditions: { all: [leaf('height', 'lessThanInclusive', { fact: 'width' })] }, event: ev('success') }],
    facts: { height, width },
  });
}

// test/engine-rule-priority.js — three rules on one condition, priorities 100, 50 and 1 (age 22).
cases.push({
  name: 'runs the rules in order of priority',
  source: 'test/engine-rule-priority.js',
  rules: [
    {
      name: 'mid',
      priority: 100,
      conditions: { all: [leaf('age', 'greaterThanInclusive', 21)] },
      event: ev('highPriorityEvent'),
    },
    {
      name: 'high',
      priority: 50,
      conditions: { all: [leaf('age', 'greaterThanInclusive', 21)] },
      event: ev('midPriorityEvent'),
    },
    {
      name: 'low',
      priority: 1,
      conditions: { all: [leaf('age', 'greaterThanInclusive', 21)] },
      event: ev('lowestPriorityEvent'),
    },
    {
      name: 'zero',
      priority: 0,
      conditions: { all: [leaf('age', 'greaterThanInclusive', 21)] },
      event: ev('defaultPriorityEvent'),
    },
  ],
  facts: { age: 22 },
});

// test/engine-fact-priority.test.js — its facts' priorities (age 100, segment 50, accountType 25)
// written as the conditions' priorities (a file's facts are data and carry none): the same sets
// and the same short-circuit.
const byPriority = (fact: string, operator: string, value: unknown) =>
  leaf(fact, operator, value, { priority: { age: 100, segment: 50, accountType: 25 }[fact] });
const FACT_PRIORITY: Array<[string, unknown, Record<string, unknown>]> = [
  [
    'all: stops on the first fact to fail, part 1',
    {
      all: [
        byPriority('age', 'greaterThanInclusive', 18),
        byPriority('segment', 'equal', 'human'),
        byPriority('accountType', 'equal', 'admin'),
      ],
    },
    { age: 10, segment: 'human', accountType: 'admin' },
  ],
  [
    'all: stops on the first fact to fail, part 2',
    {
      all: [
        byPriority('age', 'greaterThanInclusive', 18),
        byPriority('segment', 'equal', 'human'),
        byPriority('accountType', 'equal', 'admin'),
      ],
    },
    { age: 20, segment: 'android', accountType: 'admin' },
  ],
  [
    'all: stops after the first sub-condition fact fails',
    {
      all: [
        byPriority('age', 'greaterThanInclusive', 18),
        { all: [byPriority('segment', 'equal', 'human'), byPriority('accountType', 'equal', 'admin')] },
      ],
    },
    { age: 20, segment: 'android', accountType: 'admin' },
  ],
  [
    'any: completes on the first fact to succeed, part 1',
    {
      any: [
        byPriority('age', 'greaterThanInclusive', 18),
        byPriority('segment', 'equal', 'human'),
        byPriority('accountType', 'equal', 'admin'),
      ],
    },
    { age: 20, segment: 'human', accountType: 'admin' },
  ],
  [
    'any: short circuits on the first fact to fail, part 2',
    {
      any: [
        byPriority('age', 'greaterThanInclusive', 18),
        byPriority('segment', 'equal', 'human'),
        byPriority('accountType', 'equal', 'admin'),
      ],
    },
    { age: 10, segment: 'human', accountType: 'admin' },
  ],
  [
    'any: stops after the first sub-condition fact succeeds',
    {
      all: [
        byPriority('age', 'greaterThanInclusive', 18),
        { any: [byPriority('segment', 'equal', 'human'), byPriority('accountType', 'equal', 'admin')] },
      ],
    },
    { age: 20, segment: 'human', accountType: 'admin' },
  ],
];
for (const [name, conditions, facts] of FACT_PRIORITY)
  cases.push({
    name,
    source: 'test/engine-fact-priority.test.js',
    rules: [{ conditions, event: ev('adult-human-admins') }],
    facts,
  });

// test/engine-custom-properties.test.js — custom properties and names kept on conditions.
for (const age of [12, 20]) {
  cases.push({
    name: `custom property on a boolean condition, age ${age}`,
    source: 'test/engine-custom-properties.test.js',
    rules: [
      { conditions: { customId: 'uuid1', all: [leaf('age', 'greaterThanInclusive', 18)] }, event: ev('generic') },
    ],
    facts: { age },
  });
  cases.push({
    name: `custom property and name on a leaf, age ${age}`,
    source: 'test/engine-custom-properties.test.js',
    rules: [
      {
        conditions: { all: [leaf('age', 'greaterThanInclusive', 18, { customId: 'uuid', name: 'adult check' })] },
        event: ev('generic'),
      },
    ],
    facts: { age },
  });
}

// test/engine-operator-map.test.js — decorators combined with the default operators.
const odds = [1, 3, 5, 7];
const evens = [2, 4, 6, 8];
cases.push(
  one(
    'everyFact:someValue:not:greaterThanInclusive, odds over evens',
    'test/engine-operator-map.test.js',
    leaf('fact', 'everyFact:someValue:not:greaterThanInclusive', evens),
    { fact: odds },
  ),
  one(
    'everyFact:someValue:not:greaterThanInclusive, evens over odds',
    'test/engine-operator-map.test.js',
    leaf('fact', 'everyFact:someValue:not:greaterThanInclusive', odds),
    { fact: evens },
  ),
  one(
    'the swap decorator: swap:contains',
    'test/engine-operator-map.test.js',
    leaf('fact', 'swap:contains', [1, 2, 3]),
    { fact: 1 },
  ),
  one(
    'the swap decorator: swap:contains, negative',
    'test/engine-operator-map.test.js',
    leaf('fact', 'swap:contains', [1, 2, 3]),
    { fact: 4 },
  ),
);
// examples/13-using-operator-decorators.js — everyFact:in against another fact.
for (const tags of [
  ['dev', 'prod'],
  ['dev', 'deleted'],
  ['dev', 'PROD'],
]) {
  cases.push({
    name: `valid tags ${tags.join(', ')}`,
    source: 'examples/13-using-operator-decorators.js',
    rules: [{ conditions: { all: [leaf('tags', 'everyFact:in', { fact: 'validTags' })] }, event: ev('valid tags') }],
    facts: { tags, validTags: ['dev', 'staging', 'load', 'prod'] },
  });
}

// examples/01-hello-world.js and examples/02-nested-boolean-logic.js
cases.push(
  {
    name: 'hello world',
    source: 'examples/01-hello-world.js',
    rules: [
      { conditions: { all: [leaf('displayMessage', 'equal', true)] }, event: ev('message', { data: 'hello-world!' }) },
    ],
    facts: { displayMessage: true },
  },
  ...[
    { gameDuration: 40, personalFoulCount: 5 },
    { gameDuration: 48, personalFoulCount: 6 },
    { gameDuration: 48, personalFoulCount: 5 },
  ].map((facts) => ({
    name: `fouled out ${JSON.stringify(facts)}`,
    source: 'examples/02-nested-boolean-logic.js',
    rules: [
      {
        conditions: {
          any: [
            { all: [leaf('gameDuration', 'equal', 40), leaf('personalFoulCount', 'greaterThanInclusive', 5)] },
            { all: [leaf('gameDuration', 'equal', 48), { not: leaf('personalFoulCount', 'lessThan', 6) }] },
          ],
        },
        event: ev('fouledOut', { message: 'Player has fouled out!' }),
      },
    ],
    facts,
  })),
);

// examples/08-fact-comparison.js — its dynamic facts given as the values they return (the customer account, the gift card).
for (const [userId, balance] of [
  ['washington', 500],
  ['jefferson', 30],
] as const) {
  cases.push({
    name: `customer-can-afford the gift card: ${userId}`,
    source: 'examples/08-fact-comparison.js',
    rules: [
      {
        conditions: {
          all: [leaf('account', 'greaterThanInclusive', { fact: 'product', path: '$.price' }, { path: '$.balance' })],
        },
        event: ev('customer-can-afford', { giftCard: 'amazon', value: '50' }),
      },
    ],
    facts: { userId, account: { type: 'customer', balance }, product: { productId: 'giftCard', price: 50 } },
  });
}
const screening = {
  screening: { all: [leaf('drinksOrangeJuice', 'equal', true), leaf('enjoysVodka', 'equal', true)] },
};
for (const facts of [
  { drinksOrangeJuice: true, enjoysVodka: true, isSociable: true, accountId: 'washington' },
  { drinksOrangeJuice: true, enjoysVodka: false, isSociable: true, accountId: 'jefferson' },
]) {
  cases.push({
    name: `condition sharing ${facts.accountId}`,
    source: 'examples/10-condition-sharing.js',
    conditions: screening,
    rules: [
      {
        conditions: { all: [{ condition: 'screening' }, leaf('isSociable', 'equal', true)] },
        event: ev('drinks-screwdrivers'),
      },
      {
        conditions: { all: [{ condition: 'screening' }, leaf('accountId', 'in', ['washington', 'lincoln'])] },
        event: ev('invite'),
      },
    ],
    facts,
  });
}
// examples/09-rule-results.js — its five students.
for (const facts of [
  { athlete: false, GPA: 3.9, username: 'joe' },
  { athlete: true, GPA: 3.5, username: 'larry' },
  { athlete: false, GPA: 3.1, username: 'jane' },
  { athlete: true, GPA: 4.0, username: 'janet' },
  { athlete: true, GPA: 1.1, username: 'sarah' },
]) {
  cases.push({
    name: `rule results: ${facts.username}`,
    source: 'examples/09-rule-results.js',
    rules: [
      {
        name: 'Athlete GPA Rule',
        conditions: { all: [leaf('athlete', 'equal', true), leaf('GPA', 'greaterThanInclusive', 3.5)] },
        event: ev('honor-roll', { message: 'Student made the athletics honor-roll' }),
      },
    ],
    facts,
  });
}

// test/acceptance/acceptance.js — rule "first": its dynamic facts given as the values they
// return for baseIndex 1 and 2, their fact priorities (2, 1) as the conditions' priorities.
for (const baseIndex of [1, 2]) {
  cases.push({
    name: `acceptance rule "first", baseIndex ${baseIndex}`,
    source: 'test/acceptance/acceptance.js',
    rules: [
      {
        name: 'first',
        priority: 10,
        conditions: {
          all: [
            leaf('high-priority', 'contains', 2, { path: '$.values', priority: 2 }),
            leaf('low-priority', 'in', [2], { priority: 1 }),
          ],
        },
        event: ev('event-1', { eventParam: 1 }),
      },
    ],
    facts: { 'high-priority': { values: [baseIndex + 1] }, 'low-priority': baseIndex + 1 },
  });
}

export const PORTED_CASES: readonly PortedCase[] = cases;

/**
 * The project's own cases for what json-rules-engine's suite does not exercise (fact names that
 * Object.prototype also has, typed facts), through both engines all the same.
 */
const own: PortedCase[] = [];

// fact names that Object.prototype also has: never read from a prototype.
for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
  own.push({
    ...one(`fact named ${name}, left out`, 'pps', leaf(name, 'equal', 1), {}),
    allowUndefinedFacts: true,
  });
  own.push(one(`fact named ${name}, given`, 'pps', leaf(name, 'equal', 1), JSON.parse(`{"${name}": 1}`)));
}

// typed facts: number (decimal.js), object with a JSON Schema, a list of objects.
own.push(
  {
    name: 'number fact, non-integer, exact comparison',
    source: 'pps',
    rules: [
      {
        conditions: { all: [leaf('ratio', 'greaterThan', 0.1), leaf('ratio', 'lessThanInclusive', 0.3)] },
        event: ev('ratio'),
      },
    ],
    facts: { ratio: 0.3 },
    declarations: { ratio: { type: 'number' } },
  },
  {
    name: 'object fact with a schema, read by path',
    source: 'pps',
    rules: [{ conditions: { all: [leaf('user', 'greaterThan', 50, { path: '$.balance' })] }, event: ev('rich') }],
    facts: { user: { balance: 100 } },
    declarations: {
      user: {
        type: 'object',
        schema: { type: 'object', required: ['balance'], properties: { balance: { type: 'number' } } },
      },
    },
  },
  {
    name: 'list of objects read by path',
    source: 'pps',
    rules: [{ conditions: { all: [leaf('users', 'contains', 'home', { path: '$[*].type' })] }, event: ev('home') }],
    facts: { users: users.phoneNumbers },
    declarations: { users: { type: 'list', items: { type: 'object', schema: { type: 'object' } } } },
  },
);

// json-rules-engine throws a TypeError for `in` over a number; ours refuses the facts (CBC.0100).
own.push(one('in with a number as the list', 'pps', leaf('age', 'in', { fact: 'limit' }), { age: 1, limit: 5 }));
own.push(one('in with a string as the list', 'pps', leaf('letter', 'in', 'abc'), { letter: 'b' }));

export const OWN_CASES: readonly PortedCase[] = own;

export const REFUSED_CASES: readonly RefusedCase[] = [
  {
    name: 'dynamic fact params',
    source: 'test/engine-fact.test.js',
    rule: {
      conditions: { all: [{ fact: 'account', params: { accountId: 1 }, operator: 'equal', value: 1 }] },
      event: ev('x'),
    },
    because: 'a fact takes no params',
    path: '$.rules[0].conditions.all[0].params',
  },
  {
    name: 'fact params in a value reference',
    source: 'examples/03-dynamic-facts.js',
    rule: {
      conditions: { all: [{ fact: 'a', operator: 'equal', value: { fact: 'b', params: { x: 1 } } }] },
      event: ev('x'),
    },
    because: 'a fact takes no params',
    path: '$.rules[0].conditions.all[0].value.params',
  },
  {
    name: 'onSuccess callback',
    source: 'test/rule.test.js',
    rule: { conditions: { all: [] }, event: ev('x'), onSuccess: 'function () {}' },
    because: 'JavaScript callback',
    path: '$.rules[0].onSuccess',
  },
  {
    name: 'onFailure callback',
    source: 'test/rule.test.js',
    rule: { conditions: { all: [] }, event: ev('x'), onFailure: 'function () {}' },
    because: 'JavaScript callback',
    path: '$.rules[0].onFailure',
  },
  {
    name: 'someValue over a value that is not a list (a TypeError in json-rules-engine)',
    source: 'examples/13-using-operator-decorators.js',
    rule: { conditions: { all: [{ fact: 'x', operator: 'someValue:equal', value: 'not a list' }] }, event: ev('x') },
    because: 'needs a list as its value',
    path: '$.rules[0].conditions.all[0].value',
  },
  {
    name: 'custom operator',
    source: 'examples/06-custom-operators.js',
    rule: { conditions: { all: [{ fact: 'word', operator: 'startsWith', value: 'a' }] }, event: ev('x') },
    because: 'custom operators are JavaScript functions',
    path: '$.rules[0].conditions.all[0].operator',
  },
  {
    name: 'custom operator decorator',
    source: 'examples/13-using-operator-decorators.js',
    rule: { conditions: { all: [{ fact: 'word', operator: 'caseInsensitive:equal', value: 'a' }] }, event: ev('x') },
    because: 'unknown operator decorator "caseInsensitive"',
    path: '$.rules[0].conditions.all[0].operator',
  },
  {
    name: 'undefined shared condition (allowUndefinedConditions)',
    source: 'test/engine-condition.test.js',
    rule: {
      conditions: { all: [{ condition: 'over60' }, { fact: 'isRetired', operator: 'equal', value: true }] },
      event: ev('checkSending'),
    },
    because: 'no shared condition is named "over60"',
    path: '$.rules[0].conditions.all[0].condition',
  },
  {
    name: 'shared conditions in a cycle',
    source: 'test/engine-recusive-rules.test.js',
    conditions: { a: { all: [{ condition: 'b' }] }, b: { any: [{ condition: 'a' }] } },
    rule: { conditions: { condition: 'a' }, event: ev('x') },
    because: 'cycle',
    path: '$.conditions.a',
  },
];
