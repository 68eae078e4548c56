// Every published API file matches the JSON Schema that newsrooms and CMSs are given (derived from
// the Rust model by `make content`), the schema rejects the mistakes it exists to catch, and it
// accepts exactly the links, pictures and `next` pages the app does (crates/model/tests/link-cases.json,
// which the Rust rules are tested against too).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';

const api = path.resolve(import.meta.dirname, '../../public/api');
const read = (file) => JSON.parse(readFileSync(path.join(api, file), 'utf8'));

const ajv = new Ajv2020({ allErrors: true, strict: false });
// The model's widths and heights are Rust u32s: the app refuses anything else.
ajv.addFormat('uint32', { type: 'number', validate: (n) => Number.isInteger(n) && n >= 0 && n <= 0xffffffff });
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

const cases = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../crates/model/tests/link-cases.json'), 'utf8'));

// Guards against the schema and the app disagreeing on a link: the hand-written schema accepted
// " /article/x" (the app trimmed it) and refused values the app linked.
test('the schema accepts exactly the links the app links', () => {
  const good = read('articles/putin-assad-summit-moscow.json');
  for (const [href, accepted] of Object.entries(cases.href)) {
    const byline = structuredClone(good);
    byline.authors = [{ name: 'كاتب', url: href }];
    const inText = structuredClone(good);
    inText.body[0] = { type: 'paragraph', text: ['انظر ', { text: 'هنا', href }] };
    for (const article of [byline, inText]) {
      assert.equal(check('article.schema.json', article).length === 0, accepted, JSON.stringify(href));
    }
  }
});

// Guards against the schema accepting `/images/x.svg` or `images/../x` that the app will not show.
test('the schema accepts exactly the pictures the app shows', () => {
  const good = read('articles/putin-assad-summit-moscow.json');
  for (const [src, accepted] of Object.entries(cases.image_src)) {
    const lead = structuredClone(good);
    lead.image = { src, alt: 'صورة', width: 800, height: 600 };
    const figure = structuredClone(good);
    figure.body.push({ type: 'figure', image: { src, alt: 'صورة', width: 800, height: 600 } });
    const card = read('index.json');
    card.items[0].image = { src, alt: 'صورة', width: 800, height: 600 };
    assert.equal(check('article.schema.json', lead).length === 0, accepted, JSON.stringify(src));
    assert.equal(check('article.schema.json', figure).length === 0, accepted, JSON.stringify(src));
    assert.equal(check('listing.schema.json', card).length === 0, accepted, JSON.stringify(src));
  }
});

// Guards against a schema that cannot say where `next` points: a file relative to the API base.
test('the schema accepts exactly the next pages the API names', () => {
  const first = read('index.json');
  for (const [next, accepted] of Object.entries(cases.next)) {
    assert.equal(check('listing.schema.json', { ...first, next }).length === 0, accepted, JSON.stringify(next));
  }
});

// Guards against schemas that refuse what older or newer files carry: the app ignores unknown
// fields at every depth, so the schemas must too.
test('unknown fields are allowed at every depth', () => {
  const article = read('articles/putin-assad-summit-moscow.json');
  article.future = 1;
  article.section.future = 1;
  article.body.push({ type: 'paragraph', text: [{ text: 'x', href: '/article/x', future: 1 }], future: 1 });
  article.related = [{ ...read('index.json').items[0], future: 1 }];
  assert.deepEqual(check('article.schema.json', article), []);
  assert.deepEqual(check('site.schema.json', { ...read('site.json'), future: 1 }), []);
});
