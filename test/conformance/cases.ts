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
  ['greaterThan', 50, '51'],
  ['equal', 50, 50.0],
  ['lessThan', 0.3, 0.1],
  ['greaterThan', 0.1, 0.30000000000000004],
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

// test/almanac.test.js — factValue with a path, and a value that is another fact with a path.
const account = { address: { city: 'Los Angeles', zip: '90210' }, tags: ['vip', 'new'] };
cases.push(
  one(
    'almanac path $.address.city',
    'test/almanac.test.js',
    leaf('account', 'equal', 'Los Angeles', { path: '$.address.city' }),
    { account },
  ),
  one(
    'almanac path to a missing property is undefined',
    'test/almanac.test.js',
    leaf('account', 'equal', 'x', { path: '$.address.state' }),
    { account },
  ),
  one('almanac path on null', 'test/almanac.test.js', leaf('account', 'equal', null, { path: '$.address' }), {
    account: null,
  }),
  one(
    'value { fact, path }',
    'test/almanac.test.js',
    leaf('city', 'equal', { fact: 'account', path: '$.address.city' }),
    { city: 'Los Angeles', account },
  ),
  one(
    'value { fact, path } differing',
    'test/almanac.test.js',
    leaf('city', 'equal', { fact: 'account', path: '$.address.zip' }),
    { city: 'Los Angeles', account },
  ),
  one('path $.tags[0]', 'test/almanac.test.js', leaf('account', 'equal', 'vip', { path: '$.tags[0]' }), { account }),
);

// test/engine-all.test.js, engine-any.test.js, engine-not.test.js — age facts 10 (child), 30 (adult), 65 (senior).
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
    name: `all [age < 50, age > 18]-style pair with age ${age}`,
    source: 'test/engine-all.test.js',
    rules: [
      {
        conditions: { all: [leaf('age', 'lessThan', 50), leaf('age', 'greaterThan', 18)] },
        event: ev('ageTrigger', { demographic: 'adult' }),
      },
    ],
    facts: { age },
  });
  cases.push({
    name: `any [age < 18, age > 60] with age ${age}`,
    source: 'test/engine-any.test.js',
    rules: [
      {
        conditions: { any: [leaf('age', 'lessThan', 18), leaf('age', 'greaterThan', 60)] },
        event: ev('ageTrigger', { demographic: 'under18 or over60' }),
      },
    ],
    facts: { age },
  });
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
cases.push(
  {
    name: 'empty all',
    source: 'test/engine-all.test.js',
    rules: [{ conditions: { all: [] }, event: ev('emptyAll') }],
    facts: {},
  },
  {
    name: 'empty any',
    source: 'test/engine-any.test.js',
    rules: [{ conditions: { any: [] }, event: ev('emptyAny') }],
    facts: {},
  },
  {
    name: 'not of an empty all',
    source: 'test/engine-not.test.js',
    rules: [{ conditions: { not: { all: [] } }, event: ev('notEmpty') }],
    facts: {},
  },
);

// test/engine-condition.test.js — shared conditions (setCondition) and { condition: name }.
const sharedConditions = {
  nameAndAge: { all: [leaf('name', 'equal', 'Sarah'), leaf('age', 'greaterThanInclusive', 18)] },
  isAdult: { all: [leaf('age', 'greaterThanInclusive', 18)] },
  nested: { any: [{ condition: 'isAdult' }, leaf('name', 'equal', 'Tim')] },
};
for (const facts of [
  { name: 'Sarah', age: 20 },
  { name: 'Sarah', age: 10 },
  { name: 'Tim', age: 10 },
]) {
  cases.push({
    name: `shared condition at the root with ${JSON.stringify(facts)}`,
    source: 'test/engine-condition.test.js',
    conditions: sharedConditions,
    rules: [{ conditions: { condition: 'nameAndAge' }, event: ev('sharedRoot') }],
    facts,
  });
  cases.push({
    name: `shared condition inside all with ${JSON.stringify(facts)}`,
    source: 'test/engine-condition.test.js',
    conditions: sharedConditions,
    rules: [
      { conditions: { all: [{ condition: 'isAdult' }, leaf('name', 'notEqual', 'Bob')] }, event: ev('sharedInAll') },
    ],
    facts,
  });
  cases.push({
    name: `shared condition referring to a shared condition with ${JSON.stringify(facts)}`,
    source: 'test/engine-condition.test.js',
    conditions: sharedConditions,
    rules: [{ conditions: { not: { condition: 'nested' } }, event: ev('sharedNested') }],
    facts,
  });
}

// test/engine-fact-comparison.test.js — value: { fact } compares two facts.
for (const [height, width] of [
  [10, 5],
  [5, 10],
  [7, 7],
]) {
  cases.push({
    name: `height > width with ${height}/${width}`,
    source: 'test/engine-fact-comparison.test.js',
    rules: [{ conditions: { all: [leaf('height', 'greaterThan', { fact: 'width' })] }, event: ev('success') }],
    facts: { height, width },
  });
}

// test/engine-rule-priority.js and engine-fact-priority.test.js — rule and condition priority.
for (const age of [10, 40]) {
  cases.push({
    name: `rule priorities 2, 1, 0 (0 is the default 1) with age ${age}`,
    source: 'test/engine-rule-priority.js',
    rules: [
      { name: 'low', priority: 1, conditions: { all: [leaf('age', 'lessThan', 50)] }, event: ev('low') },
      { name: 'high', priority: 2, conditions: { all: [leaf('age', 'lessThan', 20)] }, event: ev('high') },
      { name: 'zero', priority: 0, conditions: { any: [leaf('age', 'greaterThan', 5)] }, event: ev('zero') },
      { name: 'top', priority: 10, conditions: { all: [leaf('age', 'greaterThan', 30)] }, event: ev('top') },
    ],
    facts: { age },
  });
  cases.push({
    name: `condition priorities short-circuit all with age ${age}`,
    source: 'test/engine-fact-priority.test.js',
    rules: [
      {
        conditions: {
          all: [
            leaf('age', 'greaterThan', 30, { priority: 2 }),
            leaf('segment', 'equal', 'human', { priority: 1 }),
            leaf('income', 'greaterThan', 100, { priority: 1 }),
          ],
        },
        event: ev('shortCircuitAll'),
      },
    ],
    facts: { age, segment: 'human', income: 120 },
  });
  cases.push({
    name: `condition priorities short-circuit any with age ${age}`,
    source: 'test/engine-fact-priority.test.js',
    rules: [
      {
        conditions: {
          any: [
            leaf('age', 'greaterThan', 30, { priority: 5 }),
            leaf('segment', 'equal', 'robot', { priority: 3 }),
            { all: [leaf('income', 'lessThan', 50)], priority: 1 },
          ],
        },
        event: ev('shortCircuitAny'),
      },
    ],
    facts: { age, segment: 'human', income: 20 },
  });
}

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

// test/engine-fact.test.js and almanac.test.js — undefined facts, with and without allowUndefinedFacts.
cases.push(
  {
    ...one(
      'undefined fact without allowUndefinedFacts is an error',
      'test/engine-fact.test.js',
      leaf('age', 'equal', 1),
      {},
    ),
  },
  {
    ...one(
      'undefined fact with allowUndefinedFacts reads undefined',
      'test/engine-fact.test.js',
      leaf('age', 'equal', 1),
      {},
    ),
    allowUndefinedFacts: true,
  },
  {
    ...one('undefined fact equal undefined-ish null', 'test/engine-fact.test.js', leaf('age', 'equal', null), {}),
    allowUndefinedFacts: true,
  },
  {
    ...one('undefined fact notEqual null', 'test/engine-fact.test.js', leaf('age', 'notEqual', null), {}),
    allowUndefinedFacts: true,
  },
  {
    ...one(
      'undefined value fact with allowUndefinedFacts',
      'test/engine-fact.test.js',
      leaf('age', 'equal', { fact: 'other' }),
      { age: 1 },
    ),
    allowUndefinedFacts: true,
  },
  {
    ...one(
      'undefined value fact without allowUndefinedFacts',
      'test/engine-fact.test.js',
      leaf('age', 'equal', { fact: 'other' }),
      { age: 1 },
    ),
  },
  one('a fact given as null is defined', 'test/engine-fact.test.js', leaf('age', 'equal', null), { age: null }),
  {
    ...one('path on an undefined fact', 'test/almanac.test.js', leaf('account', 'equal', 'x', { path: '$.a' }), {}),
    allowUndefinedFacts: true,
  },
);

// test/engine-operator.test.js / engine-error-handling.test.js — in over a non-list throws in json-rules-engine.
cases.push(
  one(
    'in with a number as the list (TypeError in json-rules-engine)',
    'test/engine-error-handling.test.js',
    leaf('age', 'in', { fact: 'limit' }),
    { age: 1, limit: 5 },
  ),
  one('in with a string as the list', 'test/engine-operator.test.js', leaf('letter', 'in', 'abc'), { letter: 'b' }),
  one('in with a string as the list, negative', 'test/engine-operator.test.js', leaf('letter', 'in', 'abc'), {
    letter: 'z',
  }),
);

// test/engine-operator-map.test.js and examples/13-using-operator-decorators.js — decorators.
const DECORATED: Array<[string, unknown, unknown]> = [
  ['someFact:equal', 'b', ['a', 'b']],
  ['someFact:equal', 'c', ['a', 'b']],
  ['everyFact:greaterThan', 0, [1, 2, 3]],
  ['everyFact:greaterThan', 1, [1, 2, 3]],
  ['someValue:equal', ['x', 'y'], 'y'],
  ['someValue:equal', ['x', 'y'], 'z'],
  ['everyValue:lessThan', [5, 6], 4],
  ['everyValue:lessThan', [5, 6], 5],
  ['swap:contains', 'b', ['a', 'b']],
  ['swap:contains', ['a', 'b'], 'b'],
  ['not:equal', 1, 1],
  ['not:equal', 1, 2],
  ['not:in', [1, 2], 3],
  ['not:someFact:equal', 'b', ['a', 'b']],
  ['everyFact:not:in', ['x'], ['a', 'b']],
  ['someFact:someValue:equal', ['b', 'z'], ['a', 'b']],
  ['someFact:equal', 'a', 'abc'],
  ['swap:lessThan', 5, 3],
  ['not:contains', 'a', 'abc'],
];
DECORATED.forEach(([operator, value, fact], i) =>
  cases.push(
    one(
      `decorator ${operator} ${JSON.stringify(value)} on ${JSON.stringify(fact)} (#${i})`,
      i < 11 ? 'test/engine-operator-map.test.js' : 'examples/13-using-operator-decorators.js',
      leaf('fact', operator, value),
      { fact },
    ),
  ),
);

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

// examples/08-fact-comparison.js, examples/10-condition-sharing.js, examples/09-rule-results.js
for (const [price, balance] of [
  [20, 100],
  [200, 100],
]) {
  cases.push({
    name: `account balance covers the product price ${price}/${balance}`,
    source: 'examples/08-fact-comparison.js',
    rules: [
      {
        conditions: {
          all: [leaf('user', 'greaterThanInclusive', { fact: 'product', path: '$.price' }, { path: '$.balance' })],
        },
        event: ev('customer-can-afford', { message: 'customer has enough funds' }),
      },
    ],
    facts: { user: { balance }, product: { price } },
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
for (const facts of [
  { athlete: 'lincoln', grades: 'A+', GPA: 3.8 },
  { athlete: 'jefferson', grades: 'B', GPA: 3.2 },
]) {
  cases.push({
    name: `rule results honor roll ${facts.athlete}`,
    source: 'examples/09-rule-results.js',
    rules: [
      {
        name: 'honor-roll',
        conditions: {
          all: [leaf('grades', 'in', ['A+', 'A']), leaf('GPA', 'greaterThanInclusive', 3.5, { name: 'gpa check' })],
        },
        event: ev('honor-roll', { message: 'Student made the honor roll' }),
      },
    ],
    facts,
  });
}

// test/acceptance/acceptance.js — many facts, nested conditions, fact names that are not identifiers.
for (const facts of [
  { 'high-priority': 2, 'low-priority': 11, 'family-size': 4 },
  { 'high-priority': 2, 'low-priority': 9, 'family-size': 2 },
]) {
  cases.push({
    name: `acceptance ${JSON.stringify(facts)}`,
    source: 'test/acceptance/acceptance.js',
    rules: [
      {
        name: 'first',
        priority: 3,
        conditions: {
          all: [
            leaf('high-priority', 'contains', 2, { priority: 2 }),
            leaf('low-priority', 'in', [2, 3], { priority: 1 }),
          ],
        },
        event: ev('event-1', { 'event-1-param': 1 }),
      },
      {
        name: 'second',
        priority: 2,
        conditions: {
          any: [
            leaf('high-priority', 'equal', 2),
            { all: [leaf('low-priority', 'greaterThan', 10), leaf('family-size', 'lessThanInclusive', 4)] },
          ],
        },
        event: ev('event-2'),
      },
    ],
    facts,
  });
}

// test/engine-fact.test.js — fact names that Object.prototype also has: never read from a prototype.
for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
  cases.push({
    ...one(`fact named ${name}, left out`, 'test/engine-fact.test.js', leaf(name, 'equal', 1), {}),
    allowUndefinedFacts: true,
  });
  cases.push(
    one(`fact named ${name}, given`, 'test/engine-fact.test.js', leaf(name, 'equal', 1), JSON.parse(`{"${name}": 1}`)),
  );
}

// typed facts: number (decimal.js), object with a JSON Schema, a list of objects.
cases.push(
  {
    name: 'number fact, non-integer, exact comparison',
    source: 'test/condition.test.js',
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
    source: 'examples/08-fact-comparison.js',
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
    source: 'test/condition.test.js',
    rules: [{ conditions: { all: [leaf('users', 'contains', 'home', { path: '$[*].type' })] }, event: ev('home') }],
    facts: { users: users.phoneNumbers },
    declarations: { users: { type: 'list', items: { type: 'object', schema: { type: 'object' } } } },
  },
);

export const PORTED_CASES: readonly PortedCase[] = cases;

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
    rule: { conditions: { all: [{ condition: 'missing' }] }, event: ev('x') },
    because: 'no shared condition is named "missing"',
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
