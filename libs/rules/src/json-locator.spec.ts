import { JsonSyntaxError, locateJsonValues, scanJson } from './json-locator';

describe('locateJsonValues', () => {
  it('records the line and column where every value starts, keyed by JSON path', () => {
    const positions = locateJsonValues('{\n  "rules": [\n    { "name": "a" },\n    { "odd key": 1 }\n  ]\n}');
    expect(positions.get('$')).toEqual({ line: 1, column: 1 });
    expect(positions.get('$.rules')).toEqual({ line: 2, column: 12 });
    expect(positions.get('$.rules[0].name')).toEqual({ line: 3, column: 15 });
    expect(positions.get('$.rules[1]["odd key"]')).toEqual({ line: 4, column: 18 });
  });

  it.each([
    ['{"a": 1,}', 'expected a property name in double quotes at line 1 column 9'],
    ['{"a": 1\n "b": 2}', "expected ',' or '}' at line 2 column 2"],
    ['[1, 2', "unexpected end of input, expected ',' or ']' at line 1 column 6"],
    ['{"a": tru}', 'expected a value at line 1 column 7'],
    ['{"a": "x\ny"}', 'unescaped control character in a string at line 1 column 9'],
    ['{} {}', 'after the JSON value at line 1 column 4'],
  ])('locates the syntax error in %j', (text, message) => {
    expect(() => locateJsonValues(text)).toThrow(JsonSyntaxError);
    expect(() => locateJsonValues(text)).toThrow(message);
  });

  it('accepts every value JSON.parse accepts', () => {
    const text = '{"s":"\\u00e9\\n","n":-1.5e+3,"t":true,"f":false,"z":null,"a":[],"o":{}}';
    expect(() => JSON.parse(text)).not.toThrow();
    expect(locateJsonValues(text).size).toBe(8);
  });

  it('reports keys written twice in one object, which JSON.parse would silently collapse', () => {
    expect(scanJson('{"a": 1,\n "b": {"c": 1, "c": 2},\n "a": 3}').duplicateKeys).toEqual([
      { path: '$.b.c', line: 2, column: 16 },
      { path: '$.a', line: 3, column: 2 },
    ]);
  });
});
