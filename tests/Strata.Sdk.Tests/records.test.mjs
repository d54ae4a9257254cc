// Records API (contract §0.3, §1, §2.3, §2.6, §3, §9.1, §9.2).
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { useServer } from './lib/server.mjs';
import { expectError, expectSdkNotFound, uniq, recordId, ids, DATE_RE, ID_RE } from './lib/helpers.mjs';
import * as f from './lib/schema.mjs';

const srv = useServer();
let pb; // superuser client
const col = {}; // name -> collection model

before(async () => {
  pb = await srv.admin();
  col.authors = await f.createBase(pb, 'authors', [f.text('name'), f.editor('bio')]);
  col.posts = await f.createBase(pb, 'posts', [
    f.text('title', { max: 100 }),
    f.editor('body'),
    f.number('views'),
    f.bool('published'),
    f.select('tags', ['a', 'b', 'c', 'd'], 4),
    f.select('status', ['draft', 'live'], 1),
    f.relation('author', col.authors.id, 1),
    f.relation('reviewers', col.authors.id, 5),
    f.json('meta'),
    f.date('published_at'),
    f.text('code', { autogeneratePattern: '[a-z]{5}' }),
    f.file('cover', 1),
    f.geoPoint('place'),
    ...f.autodates(),
  ]);
  col.comments = await f.createBase(pb, 'comments', [
    f.text('message'),
    f.relation('post', col.posts.id, 1),
    f.relation('by', col.authors.id, 1),
  ]);
  col.plain = await f.createBase(pb, 'plain', [f.text('note')]);
  col.items = await f.createBase(pb, 'items', [f.number('n'), f.text('label'), ...f.autodates()]);
  col.words = await f.createBase(pb, 'words', [f.text('word'), f.number('score'), f.date('due')]);
  col.strict = await f.createBase(pb, 'strict', [
    f.text('title', { required: true, min: 3, max: 10 }),
    f.select('kind', ['x', 'y'], 1),
    f.relation('ref', col.authors.id, 1),
    f.number('qty', { min: 1, max: 5 }),
    f.email('mail'),
  ]);
  col.uniq = await f.createBase(pb, 'uniq', [f.text('slug')], {
    indexes: ['CREATE UNIQUE INDEX `idx_uniq_slug` ON `uniq` (`slug`)'],
  });
  col.secrets = await pb.collections.create({ name: 'secrets', fields: [f.text('value')] }); // all rules null
  col.holders = await f.createBase(pb, 'holders', [f.text('label'), f.relation('secret', col.secrets.id, 1),
    f.relation('author', col.authors.id, 1)]);
  col.members = await pb.collections.create({
    name: 'members', type: 'auth', fields: [f.text('nick')],
    listRule: '', viewRule: '', createRule: '', updateRule: null, deleteRule: null,
  });

  // 25 items: n = 1..25, label cycles through five values, inserted in order
  const labels = ['red', 'green', 'blue', 'green', 'red'];
  for (let n = 1; n <= 25; n++) await pb.collection('items').create({ n, label: labels[n % 5] });

  for (const w of [
    { word: 'alpha', score: 1, due: '2024-01-10 10:00:00.000Z' },
    { word: 'Alphabet', score: 2, due: '2024-06-01 00:00:00.000Z' },
    { word: 'beta', score: 3, due: '2025-03-01 12:30:00.000Z' },
    { word: 'a_b', score: 4 },
    { word: 'axb', score: 5 },
    { word: '100%', score: 6 },
    { word: '', score: 0 },
    { word: 'back\\slash', score: 7 },
  ]) await pb.collection('words').create(w);
});

// -------------------------------------------------------------------------------------------
describe('create / view / update / delete', () => {
  it('create returns 200 with the full record shape and zero values', async () => {
    const r = await pb.collection('posts').create({ title: 'Hello' });
    assert.match(r.id, ID_RE);
    assert.equal(r.collectionId, col.posts.id);
    assert.equal(r.collectionName, 'posts');
    assert.equal(r.title, 'Hello');
    assert.equal(r.body, '');
    assert.equal(r.views, 0);
    assert.equal(r.published, false);
    assert.deepEqual(r.tags, []);
    assert.equal(r.status, '');
    assert.equal(r.author, '');
    assert.deepEqual(r.reviewers, []);
    assert.equal(r.meta, null);
    assert.equal(r.published_at, '');
    assert.equal(r.cover, '');
    assert.deepEqual(r.place, { lon: 0, lat: 0 });
    assert.match(r.created, DATE_RE);
    assert.match(r.updated, DATE_RE);
    assert.ok(!('expand' in r), 'expand only when requested');
  });

  it('a collection without autodate fields has no created/updated', async () => {
    const r = await pb.collection('plain').create({ note: 'n' });
    assert.deepEqual(Object.keys(r).sort(), ['collectionId', 'collectionName', 'id', 'note']);
  });

  it('unknown body keys are ignored and never output', async () => {
    const r = await pb.collection('plain').create({ note: 'x', bogus: 1, collectionName: 'hack', expand: { a: 1 } });
    assert.ok(!('bogus' in r));
    assert.equal(r.collectionName, 'plain');
    assert.ok(!('expand' in r));
  });

  it('client values for autodate fields are ignored', async () => {
    const r = await pb.collection('items').create({ n: 100, created: '2000-01-01 00:00:00.000Z' });
    assert.notEqual(r.created, '2000-01-01 00:00:00.000Z');
    assert.ok(r.created.startsWith(String(new Date().getUTCFullYear())));
    await pb.collection('items').delete(r.id);
  });

  it('accepts a client-supplied id and rejects an invalid one', async () => {
    const id = recordId();
    const r = await pb.collection('plain').create({ id, note: 'mine' });
    assert.equal(r.id, id);
    const err = await expectError(pb.collection('plain').create({ id: 'short', note: 'x' }), 400,
      'Failed to create record.');
    assert.ok(err.response.data.id);
    const dup = await expectError(pb.collection('plain').create({ id, note: 'again' }), 400);
    assert.ok(dup.response.data.id);
  });

  it('getOne returns the stored record, by collection name or id', async () => {
    const r = await pb.collection('posts').create({ title: 'View me', views: 3, tags: ['a', 'b'] });
    const byName = await pb.collection('posts').getOne(r.id);
    const byId = await pb.collection(col.posts.id).getOne(r.id);
    assert.deepEqual(byName, r);
    assert.deepEqual(byId, r);
  });

  it('getOne of a missing id gives 404', async () => {
    await expectError(pb.collection('posts').getOne('nonexistent0000'), 404);
  });

  it('update is partial and bumps updated', async () => {
    const r = await pb.collection('posts').create({ title: 'Before', views: 7, tags: ['c'] });
    await new Promise((res) => setTimeout(res, 20));
    const u = await pb.collection('posts').update(r.id, { title: 'After' });
    assert.equal(u.title, 'After');
    assert.equal(u.views, 7);
    assert.deepEqual(u.tags, ['c']);
    assert.equal(u.created, r.created);
    assert.ok(u.updated > r.updated, `${u.updated} > ${r.updated}`);
  });

  it('update of a missing record gives 404', async () => {
    await expectError(pb.collection('posts').update('nonexistent0000', { title: 'x' }), 404);
  });

  it('delete resolves true (204); the record is gone', async () => {
    const r = await pb.collection('posts').create({ title: 'Bye' });
    assert.equal(await pb.collection('posts').delete(r.id), true);
    await expectError(pb.collection('posts').getOne(r.id), 404);
    await expectError(pb.collection('posts').delete(r.id), 404);
  });

  it('deleting a referenced record removes the reference', async () => {
    const a = await pb.collection('authors').create({ name: 'Temp' });
    const p = await pb.collection('posts').create({ title: 'Ref', author: a.id, reviewers: [a.id] });
    await pb.collection('authors').delete(a.id);
    const got = await pb.collection('posts').getOne(p.id);
    assert.equal(got.author, '');
    assert.deepEqual(got.reviewers, []);
  });

  it('normalizes values: number strings, bools, dates, single select keeps the last', async () => {
    const r = await pb.collection('posts').create({
      title: 123, views: '42', published: 'true', published_at: '2024-05-01T10:20:30Z',
      status: ['draft', 'live'], tags: ['a', 'a', 'b'],
    });
    assert.equal(r.title, '123');
    assert.equal(r.views, 42);
    assert.equal(r.published, true);
    assert.equal(r.published_at, '2024-05-01 10:20:30.000Z');
    assert.equal(r.status, 'live');
    assert.deepEqual(r.tags, ['a', 'b']);
  });

  it('json fields keep any JSON value', async () => {
    for (const v of [{ a: [1, { b: null }] }, [1, 2], 'text', 12.5, true]) {
      const r = await pb.collection('posts').create({ meta: v });
      assert.deepEqual(r.meta, v);
    }
  });
});

// -------------------------------------------------------------------------------------------
describe('list and paging', () => {
  it('getList returns {page, perPage, totalItems, totalPages, items}', async () => {
    const res = await pb.collection('items').getList(1, 10);
    assert.deepEqual(Object.keys(res).sort(), ['items', 'page', 'perPage', 'totalItems', 'totalPages']);
    assert.equal(res.page, 1);
    assert.equal(res.perPage, 10);
    assert.equal(res.totalItems, 25);
    assert.equal(res.totalPages, 3);
    assert.equal(res.items.length, 10);
  });

  it('the last page has the remainder; past the end is empty', async () => {
    assert.equal((await pb.collection('items').getList(3, 10)).items.length, 5);
    const past = await pb.collection('items').getList(9, 10);
    assert.equal(past.items.length, 0);
    assert.equal(past.page, 9);
  });

  it('without sort, rows come in insertion order', async () => {
    const res = await pb.collection('items').getList(1, 25);
    assert.deepEqual(res.items.map((r) => r.n), Array.from({ length: 25 }, (_, i) => i + 1));
  });

  it('defaults: page ≤ 0 becomes 1, perPage ≤ 0 becomes 30', async () => {
    const res = await pb.collection('items').getList(0, 0);
    assert.equal(res.page, 1);
    assert.equal(res.perPage, 30);
    assert.equal(res.items.length, 25);
    const res2 = await pb.collection('items').getList(-3, -5);
    assert.equal(res2.page, 1);
    assert.equal(res2.perPage, 30);
  });

  it('perPage over 1000 is clamped to 1000 and echoed', async () => {
    const res = await pb.collection('items').getList(1, 5000);
    assert.equal(res.perPage, 1000);
    assert.equal(res.totalPages, 1);
  });

  it('skipTotal gives totalItems and totalPages -1', async () => {
    const res = await pb.collection('items').getList(1, 10, { skipTotal: true });
    assert.equal(res.totalItems, -1);
    assert.equal(res.totalPages, -1);
    assert.equal(res.items.length, 10);
  });

  it('getFullList pages until a short page', async () => {
    const seen = [];
    const client = await srv.admin();
    client.beforeSend = (url, options) => { seen.push({ ...options.query }); return { url, options }; };
    const all = await client.collection('items').getFullList({ batch: 10, sort: 'n' });
    assert.equal(all.length, 25);
    assert.deepEqual(all.map((r) => r.n), Array.from({ length: 25 }, (_, i) => i + 1));
    assert.equal(seen.length, 3);
    assert.equal(String(seen[0].skipTotal), '1');
    assert.equal(String(seen[2].page), '3');
  });

  it('getFullList with an exact multiple needs one extra empty page', async () => {
    const seen = [];
    const client = await srv.admin();
    client.beforeSend = (url, options) => { seen.push({ ...options.query }); return { url, options }; };
    const all = await client.collection('items').getFullList({ batch: 5 });
    assert.equal(all.length, 25);
    assert.equal(seen.length, 6);
  });

  it('getFullList default batch returns everything in one request', async () => {
    const all = await pb.collection('items').getFullList();
    assert.equal(all.length, 25);
  });

  it('getFirstListItem returns the first match', async () => {
    const r = await pb.collection('items').getFirstListItem('n = 7');
    assert.equal(r.n, 7);
    const g = await pb.collection('items').getFirstListItem('label = "green"', { sort: '-n' });
    assert.equal(g.n, 23);
  });

  it('getFirstListItem with no match gives 404', async () => {
    const err = await expectSdkNotFound(pb.collection('items').getFirstListItem('n = 999'));
    assert.equal(err.status, 404);
  });
});

// -------------------------------------------------------------------------------------------
describe('sort', () => {
  const ns = (items) => items.map((r) => r.n);
  const range = (a, b) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

  it('sorts ascending, with + and descending with -', async () => {
    assert.deepEqual(ns(await pb.collection('items').getFullList({ sort: 'n' })), range(1, 25));
    assert.deepEqual(ns(await pb.collection('items').getFullList({ sort: '+n' })), range(1, 25));
    assert.deepEqual(ns(await pb.collection('items').getFullList({ sort: '-n' })), range(1, 25).reverse());
  });

  it('sorts by several fields', async () => {
    const res = await pb.collection('items').getFullList({ sort: 'label,-n' });
    const expected = (await pb.collection('items').getFullList())
      .sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : b.n - a.n)).map((r) => r.n);
    assert.deepEqual(ns(res), expected);
  });

  it('trims sort items', async () => {
    const res = await pb.collection('items').getList(1, 3, { sort: ' -n , label ' });
    assert.deepEqual(ns(res.items), [25, 24, 23]);
  });

  it('@rowid is insertion order; -@rowid reverses it', async () => {
    assert.deepEqual(ns(await pb.collection('items').getFullList({ sort: '@rowid' })), range(1, 25));
    assert.deepEqual(ns(await pb.collection('items').getFullList({ sort: '-@rowid' })), range(1, 25).reverse());
  });

  it('@random returns every row', async () => {
    const res = await pb.collection('items').getFullList({ sort: '@random' });
    assert.deepEqual(ns(res).sort((a, b) => a - b), range(1, 25));
  });

  it('sorts text in byte order', async () => {
    const res = await pb.collection('words').getFullList({ sort: 'word', filter: 'word != ""' });
    const words = res.map((r) => r.word);
    assert.deepEqual(words, [...words].sort());
    assert.ok(words.indexOf('Alphabet') < words.indexOf('alpha'), 'upper case first (byte order)');
  });

  it('sorts by a relation path', async () => {
    const zed = await pb.collection('authors').create({ name: 'Zed' });
    const amy = await pb.collection('authors').create({ name: 'Amy' });
    const c = await pb.collections.create({ name: uniq('bysort'), fields: [f.relation('a', col.authors.id, 1)] });
    await pb.collection(c.name).create({ a: zed.id });
    await pb.collection(c.name).create({ a: amy.id });
    const res = await pb.collection(c.name).getFullList({ sort: 'a.name' });
    assert.deepEqual(res.map((r) => r.a), [amy.id, zed.id]);
  });

  it('an unknown sort field gives 400', async () => {
    await expectError(pb.collection('items').getList(1, 10, { sort: 'nope' }), 400);
    await expectError(pb.collection('items').getList(1, 10, { sort: '-nope' }), 400);
  });

  it('more than 8 sort fields gives 400', async () => {
    await expectError(pb.collection('items').getList(1, 10, { sort: 'n,n,n,n,n,n,n,n,n' }), 400);
  });
});

// -------------------------------------------------------------------------------------------
describe('filter', () => {
  const list = async (c, filter, opts = {}) => (await pb.collection(c).getFullList({ filter, ...opts }));
  const nsOf = async (filter) => (await list('items', filter, { sort: 'n' })).map((r) => r.n);
  const wordsOf = async (filter) => (await list('words', filter, { sort: 'score' })).map((r) => r.word);

  it('= and !=', async () => {
    assert.deepEqual(await nsOf('n = 5'), [5]);
    assert.equal((await nsOf('n != 5')).length, 24);
    assert.deepEqual(await nsOf('label = "blue" && n < 10'), [2, 7]);
  });

  it('>, >=, <, <=', async () => {
    assert.deepEqual(await nsOf('n > 22'), [23, 24, 25]);
    assert.deepEqual(await nsOf('n >= 24'), [24, 25]);
    assert.deepEqual(await nsOf('n < 3'), [1, 2]);
    assert.deepEqual(await nsOf('n <= 2'), [1, 2]);
    assert.deepEqual(await nsOf('n > 2.5 && n < 4.5'), [3, 4]);
    assert.deepEqual(await nsOf('n > -1 && n < 2'), [1]);
  });

  it('&& binds tighter than ||; parentheses group', async () => {
    assert.deepEqual(await nsOf('n = 1 || n = 2 && n = 3'), [1]);
    assert.deepEqual(await nsOf('(n = 1 || n = 2) && n = 2'), [2]);
    assert.deepEqual(await nsOf('n < 2 || n > 24'), [1, 25]);
    assert.deepEqual(await nsOf('((n = 3))'), [3]);
  });

  it('ignores whitespace, newlines and // comments', async () => {
    assert.deepEqual(await nsOf('n\t=\n4 // a comment\n'), [4]);
    assert.deepEqual(await nsOf('n = 4 \r\n'), [4]);
  });

  it('~ is a case-insensitive substring match', async () => {
    assert.deepEqual(await wordsOf('word ~ "alpha"'), ['alpha', 'Alphabet']);
    assert.deepEqual(await wordsOf('word ~ "ALPH"'), ['alpha', 'Alphabet']);
    assert.deepEqual(await wordsOf('word ~ "bet"'), ['Alphabet', 'beta']);
  });

  it('~ with an unescaped % uses the pattern verbatim', async () => {
    assert.deepEqual(await wordsOf('word ~ "alpha%"'), ['alpha', 'Alphabet']);
    assert.deepEqual(await wordsOf('word ~ "%ta"'), ['beta']);
  });

  it('~ escapes _ (and \\) in a plain value', async () => {
    assert.deepEqual(await wordsOf('word ~ "a_b"'), ['a_b']);
    assert.deepEqual(await wordsOf('word ~ "k\\s"'), ['back\\slash']);
  });

  it('!~ is NOT LIKE', async () => {
    const res = await wordsOf('word !~ "a" && word != ""');
    assert.deepEqual(res, ['100%']);
  });

  it('empty and null fold together for = and !=', async () => {
    assert.deepEqual(await wordsOf('word = ""'), ['']);
    assert.deepEqual(await wordsOf('word = null'), ['']);
    assert.equal((await wordsOf('word != ""')).length, 7);
    assert.equal((await wordsOf('word != null')).length, 7);
    assert.deepEqual(await wordsOf('due = "" && score > 3'), ['a_b', 'axb', '100%', 'back\\slash']);
  });

  it('true/false/null keywords and booleans', async () => {
    const p = await pb.collection('posts').create({ title: 'bool-on', published: true });
    const q = await pb.collection('posts').create({ title: 'bool-off', published: false });
    const on = ids(await list('posts', 'published = true'));
    const off = ids(await list('posts', 'published = false'));
    assert.ok(on.includes(p.id) && !on.includes(q.id));
    assert.ok(off.includes(q.id) && !off.includes(p.id));
    assert.ok(ids(await list('posts', 'published = TRUE')).includes(p.id));
  });

  it('compares dates as text', async () => {
    assert.deepEqual(await wordsOf('due >= "2024-06-01 00:00:00"'), ['Alphabet', 'beta']);
    assert.deepEqual(await wordsOf('due < "2024-02-01" && due != ""'), ['alpha']);
    assert.deepEqual(await wordsOf('due > "2025-01-01 00:00:00.000Z"'), ['beta']);
  });

  it('datetime macros', async () => {
    const total = 25;
    assert.equal((await nsOf('created <= @now')).length, total);
    assert.equal((await nsOf('created > @yesterday')).length, total);
    assert.equal((await nsOf('created < @tomorrow')).length, total);
    assert.equal((await nsOf('created >= @todayStart && created <= @todayEnd')).length, total);
    assert.equal((await nsOf('created >= @monthStart && created <= @monthEnd')).length, total);
    assert.equal((await nsOf('created >= @yearStart && created <= @yearEnd')).length, total);
    assert.equal((await nsOf('created > @now')).length, 0);
    assert.equal((await nsOf(`@year = ${new Date().getUTCFullYear()}`)).length, total);
    assert.equal((await nsOf(`@month = ${new Date().getUTCMonth() + 1}`)).length, total);
    assert.equal((await nsOf('@weekday >= 0 && @weekday <= 6')).length, total);
  });

  it('compares a field against another field', async () => {
    const c = await pb.collections.create({ name: uniq('twocols'), fields: [f.number('a'), f.number('b')] });
    await pb.collection(c.name).create({ a: 1, b: 2 });
    const eq = await pb.collection(c.name).create({ a: 3, b: 3 });
    assert.deepEqual(ids(await pb.collection(c.name).getFullList({ filter: 'a = b' })), [eq.id]);
    assert.equal((await pb.collection(c.name).getFullList({ filter: 'a < b' })).length, 1);
  });

  describe('multi-valued fields', () => {
    let p1; let p2; let p3; let ann; let bob;
    before(async () => {
      ann = await pb.collection('authors').create({ name: 'Ann' });
      bob = await pb.collection('authors').create({ name: 'Bob' });
      p1 = await pb.collection('posts').create({ title: 'mv1', tags: ['a'], reviewers: [ann.id], author: ann.id });
      p2 = await pb.collection('posts').create({ title: 'mv2', tags: ['a', 'b'], reviewers: [ann.id, bob.id], author: bob.id });
      p3 = await pb.collection('posts').create({ title: 'mv3', tags: [], reviewers: [] });
    });
    const mv = async (filter) => ids(await list('posts', `title ~ "mv" && (${filter})`));

    // Contract §3.7/§3.8: a bare multi-valued field is its stored value (the JSON array); per-item matching
    // is what :each and relation paths (reviewers.id) are for, as on the reference server.
    it('?= on a multi select item (:each) matches any value', async () => {
      assert.deepEqual(await mv('tags:each ?= "a"'), ids([p1, p2]));
      assert.deepEqual(await mv('tags:each ?= "b"'), ids([p2]));
    });

    it('= on :each requires every value', async () => {
      assert.deepEqual(await mv('tags:each = "a"'), ids([p1]));
    });

    it('?!= on :each is true when some value differs (an empty list has one NULL value)', async () => {
      assert.deepEqual(await mv('tags:each ?!= "a"'), ids([p2, p3]));
    });

    it('a bare multi-valued field compares its stored JSON array', async () => {
      assert.deepEqual(await mv('tags ~ \'"b"\''), ids([p2]));
      assert.deepEqual(await mv('tags ?= "a"'), []);
    });

    it(':length counts items', async () => {
      assert.deepEqual(await mv('tags:length = 2'), ids([p2]));
      assert.deepEqual(await mv('tags:length = 0'), ids([p3]));
      assert.deepEqual(await mv('reviewers:length > 1'), ids([p2]));
    });

    it(':each applies to every item; ?-form to any', async () => {
      assert.deepEqual(await mv('tags:each = "a" && tags:length > 0'), ids([p1]));
      assert.deepEqual(await mv('tags:each ?= "b"'), ids([p2]));
      assert.deepEqual(await mv('tags:each ~ "a" && tags:length > 0'), ids([p1]));
    });

    it('?= on a multi relation id and through a relation path', async () => {
      assert.deepEqual(await mv(`reviewers.id ?= "${bob.id}"`), ids([p2]));
      assert.deepEqual(await mv(`reviewers ~ "${bob.id}"`), ids([p2]));
      assert.deepEqual(await mv('reviewers.name ?= "Ann"'), ids([p1, p2]));
      assert.deepEqual(await mv('reviewers.name = "Ann"'), ids([p1]));
    });

    it('single relation paths and rel.id', async () => {
      assert.deepEqual(await mv('author.name = "Bob"'), ids([p2]));
      assert.deepEqual(await mv(`author.id = "${ann.id}"`), ids([p1]));
      assert.deepEqual(await mv(`author = "${ann.id}"`), ids([p1]));
      assert.deepEqual(await mv('author = ""'), ids([p3]));
    });

    it(':lower', async () => {
      assert.deepEqual(await mv('author.name:lower = "bob"'), ids([p2]));
      assert.deepEqual(await wordsOf('word:lower = "alphabet"'), ['Alphabet']);
    });

    it('back-relation <collection>_via_<field>', async () => {
      await pb.collection('comments').create({ message: 'great post', post: p1.id });
      await pb.collection('comments').create({ message: 'meh', post: p2.id });
      await pb.collection('comments').create({ message: 'great too', post: p2.id });
      assert.deepEqual(await mv('comments_via_post.message ?~ "great"'), ids([p1, p2]));
      assert.deepEqual(await mv('comments_via_post.message ~ "great"'), ids([p1]));
      assert.deepEqual(await mv('comments_via_post.message ?= "meh"'), ids([p2]));
    });
  });

  it('json paths', async () => {
    const a = await pb.collection('posts').create({ title: 'json-a', meta: { a: { b: 5 }, list: [10, 20], s: 'x' } });
    const b = await pb.collection('posts').create({ title: 'json-b', meta: { a: { b: 6 }, list: [30] } });
    const q = async (flt) => ids(await list('posts', `title ~ "json-" && (${flt})`));
    assert.deepEqual(await q('meta.a.b = 5'), ids([a]));
    assert.deepEqual(await q('meta.a.b > 5'), ids([b]));
    assert.deepEqual(await q('meta.list.1 = 20'), ids([a]));
    assert.deepEqual(await q('meta.s = "x"'), ids([a]));
    assert.deepEqual(await q('meta.nope = null'), ids([a, b]));
  });

  it('geoPoint lon/lat and geoDistance', async () => {
    const sofia = await pb.collection('posts').create({ title: 'geo-sofia', place: { lon: 23.32, lat: 42.69 } });
    await pb.collection('posts').create({ title: 'geo-paris', place: { lon: 2.35, lat: 48.86 } });
    const near = await list('posts', 'title ~ "geo-" && geoDistance(place.lon, place.lat, 23.3, 42.7) < 25');
    assert.deepEqual(ids(near), [sofia.id]);
    assert.deepEqual(ids(await list('posts', 'title ~ "geo-" && place.lat < 45')), [sofia.id]);
  });

  it('strftime', async () => {
    const res = await wordsOf('strftime("%Y", due) = "2024"');
    assert.deepEqual(res, ['alpha', 'Alphabet']);
  });

  it('pb.filter placeholders (quotes are escaped client-side)', async () => {
    const tricky = 'it\'s "quoted" text';
    const r = await pb.collection('posts').create({ title: tricky });
    const found = await pb.collection('posts').getFullList({ filter: pb.filter('title = {:t}', { t: tricky }) });
    assert.deepEqual(ids(found), [r.id]);
    const n = await pb.collection('items').getFullList({ filter: pb.filter('n >= {:a} && n < {:b}', { a: 3, b: 5 }) });
    assert.deepEqual(n.map((x) => x.n).sort((x, y) => x - y), [3, 4]);
    const d = await pb.collection('words').getFullList({
      filter: pb.filter('due >= {:d}', { d: new Date('2025-01-01T00:00:00Z') }),
    });
    assert.deepEqual(d.map((x) => x.word), ['beta']);
  });

  it('an invalid filter gives 400 with empty data', async () => {
    for (const bad of ['n = ', 'n === 1', 'n = 1 &&', '(n = 1', 'n = "x', 'nope = 1', 'n:bogus = 1', 'unknownFn(n) = 1']) {
      const err = await expectError(pb.collection('items').getList(1, 10, { filter: bad }), 400);
      assert.deepEqual(err.response.data, {}, bad);
    }
  });
});

// -------------------------------------------------------------------------------------------
describe('expand', () => {
  let ann; let bob; let post; let c1; let c2;
  before(async () => {
    ann = await pb.collection('authors').create({ name: 'Ann E' });
    bob = await pb.collection('authors').create({ name: 'Bob E' });
    post = await pb.collection('posts').create({ title: 'expand me', author: ann.id, reviewers: [bob.id, ann.id] });
    c1 = await pb.collection('comments').create({ message: 'c1', post: post.id, by: bob.id });
    c2 = await pb.collection('comments').create({ message: 'c2', post: post.id, by: ann.id });
  });

  it('single relation expands to an object', async () => {
    const r = await pb.collection('posts').getOne(post.id, { expand: 'author' });
    assert.equal(r.author, ann.id);
    assert.equal(r.expand.author.id, ann.id);
    assert.equal(r.expand.author.name, 'Ann E');
    assert.equal(r.expand.author.collectionName, 'authors');
  });

  it('multiple relation expands to an array in stored order', async () => {
    const r = await pb.collection('posts').getOne(post.id, { expand: 'reviewers' });
    assert.deepEqual(r.expand.reviewers.map((x) => x.id), [bob.id, ann.id]);
  });

  it('several paths at once, with spaces', async () => {
    const r = await pb.collection('posts').getOne(post.id, { expand: 'author, reviewers' });
    assert.ok(r.expand.author);
    assert.equal(r.expand.reviewers.length, 2);
  });

  it('nested expand', async () => {
    const r = await pb.collection('comments').getOne(c1.id, { expand: 'post.author,by' });
    assert.equal(r.expand.post.id, post.id);
    assert.equal(r.expand.post.expand.author.name, 'Ann E');
    assert.equal(r.expand.by.name, 'Bob E');
  });

  it('back-relation expand is an array', async () => {
    const r = await pb.collection('posts').getOne(post.id, { expand: 'comments_via_post' });
    assert.deepEqual(ids(r.expand.comments_via_post), ids([c1, c2]));
  });

  it('expand on list items and on create/update responses', async () => {
    const list = await pb.collection('comments').getList(1, 10, { filter: `post = "${post.id}"`, expand: 'post' });
    for (const it2 of list.items) assert.equal(it2.expand.post.id, post.id);
    const created = await pb.collection('posts').create({ title: 'exp create', author: bob.id }, { expand: 'author' });
    assert.equal(created.expand.author.name, 'Bob E');
    const updated = await pb.collection('posts').update(created.id, { author: ann.id }, { expand: 'author' });
    assert.equal(updated.expand.author.name, 'Ann E');
  });

  it('an empty relation or unknown path gives expand {} silently', async () => {
    const lone = await pb.collection('posts').create({ title: 'lonely' });
    const r = await pb.collection('posts').getOne(lone.id, { expand: 'author' });
    assert.deepEqual(r.expand, {});
    const r2 = await pb.collection('posts').getOne(post.id, { expand: 'nope' });
    assert.deepEqual(r2.expand, {});
    const r3 = await pb.collection('posts').getOne(post.id, { expand: 'author,nope.deeper' });
    assert.equal(r3.expand.author.id, ann.id);
  });

  it('expand honours the related collection viewRule', async () => {
    const s = await pb.collection('secrets').create({ value: 'classified' });
    const h = await pb.collection('holders').create({ label: 'h', secret: s.id, author: ann.id });
    const guest = await srv.client().collection('holders').getOne(h.id, { expand: 'secret,author' });
    assert.equal(guest.secret, s.id, 'the relation value itself is still returned');
    assert.ok(!guest.expand.secret, 'locked viewRule: not expanded for guests');
    assert.equal(guest.expand.author.name, 'Ann E');
    const admin = await pb.collection('holders').getOne(h.id, { expand: 'secret' });
    assert.equal(admin.expand.secret.value, 'classified');
  });
});

// -------------------------------------------------------------------------------------------
describe('fields picker', () => {
  let post;
  before(async () => {
    const a = await pb.collection('authors').create({ name: 'Fiona', bio: '<p>bio</p>' });
    post = await pb.collection('posts').create({
      title: 'Pick', author: a.id, views: 9,
      body: '<p>Hello <b>world</b> and more</p><script>evil()</script>',
    });
  });

  it('keeps only the listed keys', async () => {
    const r = await pb.collection('posts').getOne(post.id, { fields: 'id,title' });
    assert.deepEqual(r, { id: post.id, title: 'Pick' });
  });

  it('expand.author.name reaches into expanded records', async () => {
    const r = await pb.collection('posts').getOne(post.id, { expand: 'author', fields: 'id,expand.author.name' });
    assert.deepEqual(r, { id: post.id, expand: { author: { name: 'Fiona' } } });
  });

  it('* keeps a level; specific paths still apply below it', async () => {
    const r = await pb.collection('posts').getOne(post.id, { expand: 'author', fields: '*,expand.author.name' });
    assert.equal(r.title, 'Pick');
    assert.equal(r.views, 9);
    assert.deepEqual(r.expand, { author: { name: 'Fiona' } });
  });

  it(':excerpt(10,true) strips HTML and cuts with an ellipsis', async () => {
    const r = await pb.collection('posts').getOne(post.id, { fields: 'body:excerpt(10,true)' });
    assert.deepEqual(r, { body: 'Hello worl...' });
  });

  it(':excerpt without ellipsis and with room to spare', async () => {
    const r = await pb.collection('posts').getOne(post.id, { fields: 'id,body:excerpt(100)' });
    assert.equal(r.body, 'Hello world and more');
    const r2 = await pb.collection('posts').getOne(post.id, { fields: 'body:excerpt(5)' });
    assert.equal(r2.body, 'Hello');
  });

  it('applies to each list item and keeps the paging keys', async () => {
    const res = await pb.collection('items').getList(1, 3, { fields: 'n' });
    assert.equal(res.page, 1);
    assert.equal(res.perPage, 3);
    assert.equal(res.totalItems, 25);
    for (const it2 of res.items) assert.deepEqual(Object.keys(it2), ['n']);
  });

  it('unknown paths are ignored', async () => {
    const r = await pb.collection('posts').getOne(post.id, { fields: 'id,nope,also.nope' });
    assert.deepEqual(r, { id: post.id });
  });

  it('applies to create and update responses', async () => {
    const r = await pb.collection('plain').create({ note: 'f' }, { fields: 'note' });
    assert.deepEqual(r, { note: 'f' });
  });
});

// -------------------------------------------------------------------------------------------
describe('request bodies', () => {
  it('multipart text parts: "5" becomes 5, "05" stays a string (json field)', async () => {
    const fd = new FormData();
    fd.append('title', '05');
    fd.append('meta', '5');
    const r = await pb.collection('posts').create(fd);
    assert.equal(r.title, '05');
    assert.equal(r.meta, 5);
    const fd2 = new FormData();
    fd2.append('meta', '05');
    const r2 = await pb.collection('posts').create(fd2);
    assert.equal(r2.meta, '05');
  });

  it('multipart: "true"/"false" become booleans, "-1.5" a number, "abc" a string', async () => {
    for (const [input, expected] of [['true', true], ['false', false], ['-1.5', -1.5], ['abc', 'abc'], ['-', '-']]) {
      const fd = new FormData();
      fd.append('meta', input);
      const r = await pb.collection('posts').create(fd);
      assert.deepEqual(r.meta, expected, input);
    }
  });

  it('multipart: numbers and bools into typed fields', async () => {
    const fd = new FormData();
    fd.append('views', '12');
    fd.append('published', 'true');
    const r = await pb.collection('posts').create(fd);
    assert.equal(r.views, 12);
    assert.equal(r.published, true);
  });

  it('multipart: repeated keys give arrays', async () => {
    const fd = new FormData();
    fd.append('tags', 'a');
    fd.append('tags', 'c');
    const r = await pb.collection('posts').create(fd);
    assert.deepEqual(r.tags, ['a', 'c']);
  });

  it('@jsonPayload parts are merged and win over text parts', async () => {
    const fd = new FormData();
    fd.append('title', 'from text');
    fd.append('@jsonPayload', JSON.stringify({ title: 'from json', meta: { deep: [1, 2] } }));
    fd.append('@jsonPayload', JSON.stringify({ tags: ['b', 'd'] }));
    const r = await pb.collection('posts').create(fd);
    assert.equal(r.title, 'from json');
    assert.deepEqual(r.meta, { deep: [1, 2] });
    assert.deepEqual(r.tags, ['b', 'd']);
  });

  // The SDK turns an object holding a File into multipart with @jsonPayload parts (files.test.mjs covers files in depth).
  it('an object with a File (multipart) keeps its JSON values and stores the file', async () => {
    const r = await pb.collection('posts').create({
      title: 'with file',
      meta: { nested: true },
      tags: ['a'],
      cover: new File(['hello file'], 'My Note.txt', { type: 'text/plain' }),
    });
    assert.equal(r.title, 'with file');
    assert.deepEqual(r.meta, { nested: true });
    assert.match(r.cover, /^my_note_[a-z0-9]{10}\.txt$/);
  });

  it('application/x-www-form-urlencoded works like text parts', async () => {
    const res = await fetch(`${srv.url}/api/collections/posts/records`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: pb.authStore.token },
      body: 'title=urlenc&views=3',
    });
    assert.equal(res.status, 200);
    const r = await res.json();
    assert.equal(r.title, 'urlenc');
    assert.equal(r.views, 3);
  });
});

// -------------------------------------------------------------------------------------------
describe('field modifiers', () => {
  it('number field+ and field-', async () => {
    const r = await pb.collection('posts').create({ views: 10 });
    assert.equal((await pb.collection('posts').update(r.id, { 'views+': 5 })).views, 15);
    assert.equal((await pb.collection('posts').update(r.id, { 'views-': 3 })).views, 12);
  });

  it('plain key is applied before the modifier', async () => {
    const r = await pb.collection('posts').create({ views: 10 });
    const u = await pb.collection('posts').update(r.id, { 'views+': 2, views: 100 });
    assert.equal(u.views, 102);
  });

  it('select tags+ appends, +tags prepends, tags- removes', async () => {
    const r = await pb.collection('posts').create({ tags: ['b'] });
    assert.deepEqual((await pb.collection('posts').update(r.id, { 'tags+': ['c'] })).tags, ['b', 'c']);
    assert.deepEqual((await pb.collection('posts').update(r.id, { '+tags': 'a' })).tags, ['a', 'b', 'c']);
    assert.deepEqual((await pb.collection('posts').update(r.id, { 'tags-': ['b'] })).tags, ['a', 'c']);
    assert.deepEqual((await pb.collection('posts').update(r.id, { 'tags+': 'a' })).tags, ['a', 'c'], 'deduplicated');
  });

  it('relation reviewers+ / reviewers-', async () => {
    const a = await pb.collection('authors').create({ name: 'm1' });
    const b = await pb.collection('authors').create({ name: 'm2' });
    const r = await pb.collection('posts').create({ reviewers: [a.id] });
    assert.deepEqual((await pb.collection('posts').update(r.id, { 'reviewers+': b.id })).reviewers, [a.id, b.id]);
    assert.deepEqual((await pb.collection('posts').update(r.id, { 'reviewers-': a.id })).reviewers, [b.id]);
  });

  it('modifiers on create', async () => {
    const r = await pb.collection('posts').create({ 'views+': 4, 'tags+': ['d'] });
    assert.equal(r.views, 4);
    assert.deepEqual(r.tags, ['d']);
  });

  it('text autogenerate: empty value on create and field:autogenerate with a prefix', async () => {
    const r = await pb.collection('posts').create({ title: 'auto' });
    assert.match(r.code, /^[a-z]{5}$/);
    const r2 = await pb.collection('posts').create({ 'code:autogenerate': 'pre-' });
    assert.match(r2.code, /^pre-[a-z]{5}$/);
  });
});

// -------------------------------------------------------------------------------------------
describe('validation errors', () => {
  const create = (body) => pb.collection('strict').create(body);

  it('required: validation_required "Cannot be blank."', async () => {
    const err = await expectError(create({}), 400, 'Failed to create record.');
    assert.equal(err.response.data.title.code, 'validation_required');
    assert.equal(err.response.data.title.message, 'Cannot be blank.');
  });

  it('min and max text length', async () => {
    const e1 = await expectError(create({ title: 'ab' }), 400);
    assert.equal(e1.response.data.title.code, 'validation_min_text_constraint');
    const e2 = await expectError(create({ title: 'abcdefghijk' }), 400);
    assert.equal(e2.response.data.title.code, 'validation_max_text_constraint');
  });

  it('select value not allowed: validation_in_invalid', async () => {
    const err = await expectError(create({ title: 'okay', kind: 'z' }), 400);
    assert.equal(err.response.data.kind.code, 'validation_in_invalid');
  });

  it('missing relation: validation_missing_rel_records', async () => {
    const err = await expectError(create({ title: 'okay', ref: 'missingrec00000' }), 400);
    assert.equal(err.response.data.ref.code, 'validation_missing_rel_records');
  });

  it('number min/max and email format', async () => {
    const e1 = await expectError(create({ title: 'okay', qty: 9 }), 400);
    assert.ok(e1.response.data.qty);
    const e2 = await expectError(create({ title: 'okay', mail: 'not-an-email' }), 400);
    assert.equal(e2.response.data.mail.code, 'validation_is_email');
  });

  it('several errors at once', async () => {
    const err = await expectError(create({ kind: 'z', ref: 'missingrec00000' }), 400);
    assert.deepEqual(Object.keys(err.response.data).sort(), ['kind', 'ref', 'title']);
  });

  it('unique index: validation_not_unique', async () => {
    await pb.collection('uniq').create({ slug: 'same' });
    const err = await expectError(pb.collection('uniq').create({ slug: 'same' }), 400, 'Failed to create record.');
    assert.equal(err.response.data.slug.code, 'validation_not_unique');
  });

  it('update validation: "Failed to update record."', async () => {
    const r = await create({ title: 'valid' });
    const err = await expectError(pb.collection('strict').update(r.id, { title: 'x' }), 400, 'Failed to update record.');
    assert.equal(err.response.data.title.code, 'validation_min_text_constraint');
    assert.equal((await pb.collection('strict').getOne(r.id)).title, 'valid');
  });

  it('text max 0 means 5000', async () => {
    await pb.collection('plain').create({ note: 'x'.repeat(5000) });
    const err = await expectError(pb.collection('plain').create({ note: 'x'.repeat(5001) }), 400);
    assert.equal(err.response.data.note.code, 'validation_max_text_constraint');
  });
});

// -------------------------------------------------------------------------------------------
describe('auth collection records', () => {
  const guest = () => srv.client().collection('members');

  it('creates a member with password/passwordConfirm; password never output', async () => {
    const r = await guest().create({ email: 'm1@example.com', password: 'secret-pass-1', passwordConfirm: 'secret-pass-1', nick: 'one' });
    assert.match(r.id, ID_RE);
    assert.equal(r.nick, 'one');
    assert.ok(!('password' in r));
    assert.ok(!('passwordConfirm' in r));
    assert.ok(!('tokenKey' in r));
    assert.equal(r.verified, false);
    const full = await pb.collection('members').getOne(r.id);
    assert.ok(!('password' in full), 'not even for superusers');
    assert.ok(!('tokenKey' in full));
    assert.equal(full.email, 'm1@example.com');
  });

  it('the new member can log in', async () => {
    await guest().create({ email: 'm2@example.com', password: 'secret-pass-2', passwordConfirm: 'secret-pass-2' });
    const c = srv.client();
    const auth = await c.collection('members').authWithPassword('m2@example.com', 'secret-pass-2');
    assert.equal(auth.record.email, 'm2@example.com');
    assert.equal(c.authStore.isValid, true);
  });

  it('email is hidden from others unless emailVisibility', async () => {
    const hidden = await guest().create({ email: 'hid@example.com', password: 'secret-pass-3', passwordConfirm: 'secret-pass-3' });
    const shown = await guest().create({ email: 'show@example.com', emailVisibility: true, password: 'secret-pass-4', passwordConfirm: 'secret-pass-4' });
    const g1 = await guest().getOne(hidden.id);
    assert.ok(!('email' in g1), 'email omitted for guests');
    assert.equal(g1.emailVisibility, false);
    const g2 = await guest().getOne(shown.id);
    assert.equal(g2.email, 'show@example.com');
    const listed = await guest().getFullList({ filter: `id = "${hidden.id}" || id = "${shown.id}"` });
    const byId = Object.fromEntries(listed.map((r) => [r.id, r]));
    assert.ok(!('email' in byId[hidden.id]));
    assert.equal(byId[shown.id].email, 'show@example.com');
    assert.equal((await pb.collection('members').getOne(hidden.id)).email, 'hid@example.com');
  });

  it('a member sees its own email', async () => {
    await guest().create({ email: 'self@example.com', password: 'secret-pass-5', passwordConfirm: 'secret-pass-5' });
    const c = srv.client();
    const { record } = await c.collection('members').authWithPassword('self@example.com', 'secret-pass-5');
    assert.equal((await c.collection('members').getOne(record.id)).email, 'self@example.com');
  });

  it('password mismatch: validation_values_mismatch on passwordConfirm', async () => {
    const err = await expectError(guest().create({ email: 'mm@example.com', password: 'secret-pass-6', passwordConfirm: 'other-pass-66' }), 400);
    assert.equal(err.response.data.passwordConfirm.code, 'validation_values_mismatch');
  });

  it('password and email are required', async () => {
    const err = await expectError(guest().create({ nick: 'x' }), 400, 'Failed to create record.');
    assert.equal(err.response.data.password.code, 'validation_required');
    assert.equal(err.response.data.email.code, 'validation_required');
  });

  it('password shorter than 8 is rejected', async () => {
    const err = await expectError(guest().create({ email: 'short@example.com', password: 'short', passwordConfirm: 'short' }), 400);
    assert.ok(err.response.data.password);
  });

  it('duplicate email: validation_not_unique', async () => {
    await guest().create({ email: 'dupe@example.com', password: 'secret-pass-7', passwordConfirm: 'secret-pass-7' });
    const err = await expectError(guest().create({ email: 'dupe@example.com', password: 'secret-pass-8', passwordConfirm: 'secret-pass-8' }), 400);
    assert.equal(err.response.data.email.code, 'validation_not_unique');
  });

  it('a guest cannot set verified (validation_values_mismatch)', async () => {
    const err = await expectError(guest().create({ email: 'ver@example.com', password: 'secret-pass-9', passwordConfirm: 'secret-pass-9', verified: true }), 400);
    assert.equal(err.response.data.verified.code, 'validation_values_mismatch');
  });

  it('a superuser can set verified', async () => {
    const r = await pb.collection('members').create({ email: 'sv@example.com', password: 'secret-pass-10', passwordConfirm: 'secret-pass-10', verified: true });
    assert.equal(r.verified, true);
  });

  it('a non-superuser cannot filter on a hidden email (emailVisibility false)', async () => {
    await guest().create({ email: 'findme@example.com', password: 'secret-pass-11', passwordConfirm: 'secret-pass-11' });
    const res = await guest().getFullList({ filter: 'email = "findme@example.com"' });
    assert.equal(res.length, 0);
    const adm = await pb.collection('members').getFullList({ filter: 'email = "findme@example.com"' });
    assert.equal(adm.length, 1);
  });
});
