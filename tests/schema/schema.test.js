// Every published API file matches the JSON Schema that newsrooms and CMSs are given, and the
// schema itself rejects the mistakes it exists to catch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';

const api = path.resolve(import.meta.dirname, '../../public/api');
const read = (file) => JSON.parse(readFileSync(path.join(api, file), 'utf8'));

const ajv = new Ajv2020({ allErrors: true, strict: false });
for (const name of ['article', 'listing', 'site']) ajv.addSchema(read(`schema/${name}.schema.json`), `${name}.schema.json`);
const check = (schema, data) => {
  const validate = ajv.getSchema(schema);
  return validate(data) ? [] : validate.errors.map((e) => `${e.instancePath} ${e.message}`);
};

test('every article file matches article.schema.json', () => {
  const files = readdirSync(path.join(api, 'articles'));
  assert.ok(files.length >= 16);
  for (const file of files) assert.deepEqual(check('article.schema.json', read(`articles/${file}`)), [], file);
});

test('every listing page matches listing.schema.json', () => {
  const files = [
    ...readdirSync(api).filter((f) => f.startsWith('index')),
    ...readdirSync(path.join(api, 'sections')).map((f) => `sections/${f}`),
  ];
  for (const file of files) assert.deepEqual(check('listing.schema.json', read(file)), [], file);
});

test('site.json matches site.schema.json', () => {
  assert.deepEqual(check('site.schema.json', read('site.json')), []);
});

test('the schema rejects a missing headline, a date without offset, a script link and an image without alt', () => {
  const good = read('articles/putin-assad-summit-moscow.json');
  const broken = (change) => {
    const copy = structuredClone(good);
    change(copy);
    return check('article.schema.json', copy);
  };
  assert.notDeepEqual(broken((a) => delete a.headline), []);
  assert.notDeepEqual(broken((a) => { a.published = '2023-03-15T21:00:00'; }), []);
  assert.notDeepEqual(broken((a) => { a.body[0] = { type: 'paragraph', text: [{ text: 'x', href: 'javascript:alert(1)' }] }; }), []);
  assert.notDeepEqual(broken((a) => { a.image = { src: 'images/x.svg', alt: '', width: 10, height: 10 }; }), []);
  assert.notDeepEqual(broken((a) => { a.body.push({ type: 'marquee', text: 'x' }); }), []);
  assert.deepEqual(broken((a) => { a.future_field = 1; }), [], 'unknown fields are allowed');
});
