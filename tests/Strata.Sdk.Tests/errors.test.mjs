// Bad input gets a 4xx with {status, message, data} — never a 500, a hang or leaked data
// (contract §0.3, §0.4, §1.1, §3.11; DESIGN principle 5).
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer } from './lib/server.mjs';
import { expectError, assertErrorShape, raw } from './lib/helpers.mjs';
import * as f from './lib/schema.mjs';

const srv = useServer();
const GENERIC_400 = 'Something went wrong while processing your request.';
const NOT_FOUND = "The requested resource wasn't found.";
let pb;
let token;
let secretRow;
const posts = () => `${srv.url}/api/collections/posts/records`;

before(async () => {
  pb = await srv.admin();
  token = pb.authStore.token;
  const authors = await f.createBase(pb, 'authors', [f.text('name')]);
  await f.createBase(pb, 'posts', [f.text('title'), f.number('n'), f.relation('author', authors.id, 1)],
    { listRule: 'title != "secret"', viewRule: 'title != "secret"' });
  const a = await pb.collection('authors').create({ name: 'Ann' });
  for (let i = 1; i <= 5; i++) await pb.collection('posts').create({ title: `post ${i}`, n: i, author: a.id });
  secretRow = await pb.collection('posts').create({ title: 'secret', n: 99 });
});

/** The posts table must still hold its 6 rows (5 public + 1 secret). */
async function assertIntact() {
  const all = await pb.collection('posts').getFullList();
  assert.equal(all.length, 6, 'posts table intact');
  assert.equal(all.filter((r) => r.title === 'secret').length, 1);
  await pb.collections.getOne('posts');
}

/** A raw guest GET; asserts no 5xx, a contract error body for 4xx, and no secret row in a 2xx. */
async function probe(pathAndQuery) {
  const r = await raw(srv.url + pathAndQuery);
  assert.ok(r.status < 500, `${pathAndQuery} -> ${r.status} ${r.text.slice(0, 200)}`);
  if (r.status >= 400) {
    assertErrorShape(r.body, r.status);
  } else {
    assert.ok(!r.text.includes(secretRow.id), `${pathAndQuery} leaked the hidden row`);
  }
  return r;
}

describe('error body shape', () => {
  it('an unknown route gives 404 with the default message', async () => {
    const r = await raw(srv.url + '/api/definitely/not/here');
    assert.equal(r.status, 404);
    assert.deepEqual(r.body, { status: 404, message: NOT_FOUND, data: {} });
    assert.match(r.headers.get('content-type') || '', /application\/json/);
  });

  it('an unknown collection gives 404 "Missing collection context."', async () => {
    await expectError(srv.client().collection('nope').getList(), 404, 'Missing collection context.');
    await expectError(srv.client().collection('nope').getOne('abcdefghijklmno'), 404, 'Missing collection context.');
    await expectError(srv.client().collection('nope').create({ a: 1 }), 404, 'Missing collection context.');
  });

  it('a missing record gives 404 with data {}', async () => {
    const err = await expectError(pb.collection('posts').getOne('abcdefghijklmno'), 404);
    assert.deepEqual(err.response.data, {});
  });
});

describe('malformed requests', () => {
  it('malformed JSON body gives 400', async () => {
    const r = await raw(posts(), { method: 'POST', token, headers: { 'Content-Type': 'application/json' }, body: '{"title": "x",' });
    assert.equal(r.status, 400);
    assertErrorShape(r.body, 400);
    await assertIntact();
  });

  it('a JSON body that is not an object gives 400', async () => {
    for (const body of ['[1,2,3]', '"text"', '42']) {
      const r = await raw(posts(), { method: 'POST', token, headers: { 'Content-Type': 'application/json' }, body });
      if (r.status === 200 && r.body?.id) await pb.collection('posts').delete(r.body.id);
      assert.equal(r.status, 400, `${body}: ${r.status}`);
      assertErrorShape(r.body, 400);
    }
    await assertIntact();
  });

  it('an unsupported content type with a body gives 400', async () => {
    const r = await raw(posts(), { method: 'POST', token, headers: { 'Content-Type': 'text/plain' }, body: 'title=hello' });
    assert.equal(r.status, 400);
    assertErrorShape(r.body, 400);
  });

  it('a broken multipart body gives 400', async () => {
    const r = await raw(posts(), {
      method: 'POST', token,
      headers: { 'Content-Type': 'multipart/form-data; boundary=XYZ' },
      body: '--XYZ\r\nContent-Disposition: form-data; name="title"\r\n\r\nunterminated',
    });
    assert.ok(r.status >= 400 && r.status < 500, `status ${r.status}`);
    assertErrorShape(r.body, r.status);
  });

  it('a malformed @jsonPayload gives 400', async () => {
    const fd = new FormData();
    fd.append('@jsonPayload', '{not json');
    await expectError(pb.collection('posts').create(fd), 400);
  });

  it('unknown fields in the body are ignored', async () => {
    const r = await pb.collection('posts').create({ title: 'with extras', bogus: 'x', 'n+x': 1, '': 2 });
    assert.equal(r.title, 'with extras');
    assert.ok(!('bogus' in r));
    await pb.collection('posts').delete(r.id);
  });

  it('unknown query parameters are ignored', async () => {
    const res = await pb.collection('posts').getList(1, 10, { foo: 'bar', mfaId: 'x' });
    assert.equal(res.totalItems, 6);
  });

  it('a GET with Content-Type application/json and no body is fine', async () => {
    const r = await raw(posts(), { headers: { 'Content-Type': 'application/json' } });
    assert.equal(r.status, 200);
  });

  it('an invalid Authorization header is ignored, not rejected', async () => {
    const r = await raw(posts(), { token: 'Bearer garbage.garbage.garbage' });
    assert.equal(r.status, 200);
    assert.equal(r.body.totalItems, 5);
  });
});

describe('list parameters', () => {
  const badList = [
    ['perPage=abc', 'perPage'],
    ['page=abc', 'page'],
    ['perPage=1.5', 'fractional perPage'],
    ['skipTotal=maybe', 'skipTotal'],
    ['skipTotal=yes', 'skipTotal yes'],
  ];
  for (const [q, what] of badList) {
    it(`${what} (${q}) gives 400`, async () => {
      const r = await raw(`${posts()}?${q}`);
      assert.equal(r.status, 400, r.text);
      assertErrorShape(r.body, 400);
    });
  }

  for (const v of ['1', 't', 'true', 'TRUE', 'True']) {
    it(`skipTotal=${v} is true`, async () => {
      const r = await raw(`${posts()}?skipTotal=${v}`);
      assert.equal(r.status, 200);
      assert.equal(r.body.totalItems, -1);
    });
  }

  for (const v of ['0', 'f', 'false', 'FALSE', 'False']) {
    it(`skipTotal=${v} is false`, async () => {
      const r = await raw(`${posts()}?skipTotal=${v}`);
      assert.equal(r.status, 200);
      assert.equal(r.body.totalItems, 5);
    });
  }

  it('an invalid filter gives 400 with the generic message and data {}', async () => {
    const err = await expectError(pb.collection('posts').getList(1, 10, { filter: 'title = ' }), 400);
    assert.equal(err.response.message, GENERIC_400);
    assert.deepEqual(err.response.data, {});
  });

  it('an invalid sort gives 400', async () => {
    const err = await expectError(pb.collection('posts').getList(1, 10, { sort: 'nope' }), 400);
    assert.deepEqual(err.response.data, {});
  });

  it('a filter longer than 3500 characters gives 400', async () => {
    let filter = 'title = "x"';
    while (filter.length <= 3500) filter += ' || title = "x"';
    await expectError(pb.collection('posts').getList(1, 10, { filter }), 400);
    await expectError(srv.client().collection('posts').getList(1, 10, { filter }), 400);
  });

  it('a filter with more than 200 expressions gives 400', async () => {
    const filter = Array.from({ length: 201 }, (_, i) => `n=${i}`).join('||');
    assert.ok(filter.length < 3500);
    await expectError(pb.collection('posts').getList(1, 10, { filter }), 400);
  });

  it('a filter at the limits still works', async () => {
    const filter = Array.from({ length: 150 }, (_, i) => `n=${i}`).join('||');
    const res = await pb.collection('posts').getList(1, 10, { filter });
    assert.equal(res.totalItems, 6); // n 1..5 and the secret row's 99
  });

  it('deeply nested parentheses do not crash the server', async () => {
    const filter = '('.repeat(500) + 'n = 1' + ')'.repeat(500);
    const r = await probe(`/api/collections/posts/records?filter=${encodeURIComponent(filter)}`);
    assert.ok(r.status === 200 || r.status === 400);
  });
});

describe('injection attempts never reach SQL', () => {
  const filters = [
    "id = '' OR 1=1 --",
    "id = '' OR '1'='1'",
    'title = "" OR 1=1',
    "title = 'x'; DROP TABLE posts; --",
    'title = "x\\"; DROP TABLE posts; --"',
    "title = 'a' UNION SELECT * FROM _superusers --",
    "title = 'x' || 1 = 1 --",
    "title ~ '%' ESCAPE '!'",
    "n = 1) OR (1=1",
    'title = "\u0000"',
    'title = "\'"',
    "@collection._superusers.email != ''",
    '1 = 1 /* comment */',
    "title = \"x\" || title = 'secret'",
  ];
  for (const filter of filters) {
    it(`filter ${JSON.stringify(filter)} is rejected or harmless`, async () => {
      const r = await probe(`/api/collections/posts/records?filter=${encodeURIComponent(filter)}`);
      if (r.status === 200) assert.ok(r.body.items.length <= 5);
      await assertIntact();
    });
  }

  const sorts = ['title; DROP TABLE posts', 'title DESC', '(select 1)', 'title,--', 'n) --', '-title`', "title'"];
  for (const sort of sorts) {
    it(`sort ${JSON.stringify(sort)} gives 400`, async () => {
      const r = await probe(`/api/collections/posts/records?sort=${encodeURIComponent(sort)}`);
      assert.equal(r.status, 400);
      await assertIntact();
    });
  }

  const expands = ['author) --', "author'; DROP TABLE posts; --", 'author.id) OR 1=1', '../../etc/passwd', 'author' + '.author'.repeat(20)];
  for (const expand of expands) {
    it(`expand ${JSON.stringify(expand)} is ignored or rejected`, async () => {
      const r = await probe(`/api/collections/posts/records?expand=${encodeURIComponent(expand)}`);
      if (r.status === 200) assert.equal(r.body.items.length, 5);
      await assertIntact();
    });
  }

  const fieldLists = ['id,title) FROM posts --', "id'; DROP TABLE posts; --", 'title:excerpt(0)', 'title:excerpt(abc)',
    'title:nope(1)', '*,*,*', 'expand.author.name:excerpt(-1)'];
  for (const fields of fieldLists) {
    it(`fields ${JSON.stringify(fields)} never crashes`, async () => {
      await probe(`/api/collections/posts/records?fields=${encodeURIComponent(fields)}`);
      await assertIntact();
    });
  }

  const idsToTry = ["x' OR '1'='1", "abc' --", '"; DROP TABLE posts; --', '../../../etc/passwd', '%00', 'a'.repeat(5000)];
  for (const id of idsToTry) {
    it(`record id ${JSON.stringify(id.slice(0, 40))} gives 404`, async () => {
      await expectError(srv.client().collection('posts').getOne(id), 404);
      await expectError(pb.collection('posts').getOne(id), 404);
      await expectError(pb.collection('posts').update(id, { title: 'pwned' }), 404);
      await expectError(pb.collection('posts').delete(id), 404);
      await assertIntact();
    });
  }

  const collections = ['posts" --', "posts'; DROP TABLE posts; --", 'posts;', '_superusers WHERE 1=1', 'sqlite_master', 'pg_catalog.pg_tables'];
  for (const c of collections) {
    it(`collection ${JSON.stringify(c)} gives 404`, async () => {
      await expectError(srv.client().collection(c).getList(), 404);
      await expectError(pb.collection(c).getList(), 404);
      await assertIntact();
    });
  }

  it('a text value full of SQL is stored verbatim', async () => {
    const evil = "'); DROP TABLE posts; -- \" ` %_";
    const r = await pb.collection('posts').create({ title: evil });
    assert.equal((await pb.collection('posts').getOne(r.id)).title, evil);
    const found = await pb.collection('posts').getFullList({ filter: pb.filter('title = {:t}', { t: evil }) });
    assert.deepEqual(found.map((x) => x.id), [r.id]);
    await pb.collection('posts').delete(r.id);
    await assertIntact();
  });

  it('a field name full of SQL in a collection create is rejected', async () => {
    const err = await expectError(pb.collections.create({
      name: 'evil_fields', fields: [{ name: 'x"); DROP TABLE posts; --', type: 'text' }],
    }), 400);
    assert.ok(err.response.data.fields);
    await assertIntact();
  });

  it('an index definition full of SQL is rejected or contained', async () => {
    const r = await raw(`${srv.url}/api/collections`, {
      method: 'POST', token, headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'evil_idx', fields: [f.text('a')], indexes: ['CREATE INDEX x ON evil_idx (a); DROP TABLE posts; --'] }),
    });
    assert.ok(r.status === 200 || r.status === 400, `status ${r.status}`);
    await assertIntact();
  });

  it('guests cannot see the row hidden by the listRule through any trick', async () => {
    for (const filter of ['title = "secret"', 'n = 99', 'title != "secret" || title = "secret"', 'id != ""']) {
      const res = await srv.client().collection('posts').getFullList({ filter });
      assert.ok(!res.some((x) => x.id === secretRow.id), filter);
    }
    await expectError(srv.client().collection('posts').getOne(secretRow.id), 404);
  });
});
