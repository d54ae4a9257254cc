// Files (contract §2.6, §5) through the official SDK: uploads with FormData/Blob, pb.files.getURL with thumbs,
// protected files with pb.files.getToken(), the field+/field- modifiers, and clean-up on delete.
// With STRATA_TEST_STORAGE=s3 and STRATA_TEST_S3_ENDPOINT (scripts/lib/s3.sh) the server stores files on s3rver.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { useServer } from './lib/server.mjs';
import { expectError, raw } from './lib/helpers.mjs';
import * as f from './lib/schema.mjs';

const srv = useServer();
const onS3 = process.env.STRATA_TEST_STORAGE === 's3';
const bucket = `strata-sdk-${Date.now().toString(36)}`;
let pb;
let col;

/** A real RGB PNG of the given size. */
function png(width, height) {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = y * (width * 3 + 1) + 1 + x * 3;
      raw[o] = (x * 255) / Math.max(1, width - 1);
      raw[o + 1] = (y * 255) / Math.max(1, height - 1);
      raw[o + 2] = 128;
    }
  }
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(f.crc32Bytes(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** Width and height from a PNG header. */
function pngSize(bytes) {
  const b = Buffer.from(bytes);
  assert.equal(b.subarray(1, 4).toString('ascii'), 'PNG', 'a PNG');
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

/** True when the store holds the record's file: the data dir on local disk, the bucket on S3. */
async function stored(record, name) {
  const key = `${record.collectionId}/${record.id}/${name}`;
  if (!onS3) return existsSync(path.join(srv.server.dataDir, 'storage', key));
  const res = await fetch(`${process.env.STRATA_TEST_S3_ENDPOINT}/${bucket}/${key}`, { method: 'HEAD' });
  return res.status === 200;
}

async function eventually(check, what) {
  for (let i = 0; i < 50; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(what);
}

const text = (s, name) => new File([s], name, { type: 'text/plain' });

before(async () => {
  pb = await srv.admin();
  if (onS3) {
    const endpoint = process.env.STRATA_TEST_S3_ENDPOINT;
    assert.ok(endpoint, 'STRATA_TEST_STORAGE=s3 needs STRATA_TEST_S3_ENDPOINT');
    // s3rver creates a bucket on an unsigned PUT.
    const made = await fetch(`${endpoint}/${bucket}`, { method: 'PUT' });
    assert.ok(made.status < 300, `bucket: ${made.status}`);
    await pb.settings.update({ s3: { enabled: true, endpoint, bucket, region: 'us-east-1', accessKey: 'S3RVER', secret: 'S3RVER', forcePathStyle: true } });
  }
  col = await f.createBase(pb, 'docs', [
    f.text('title'),
    f.file('one', 1),
    f.file('many', 5),
    f.file('images', 2, { mimeTypes: ['image/png', 'image/jpeg'], thumbs: ['40x0', '30x30f'] }),
    f.file('secret', 1, { protected: true }),
  ], { viewRule: '' });
});

describe('uploads', () => {
  it('create(FormData) stores the file under a generated name and getURL serves it', async () => {
    const fd = new FormData();
    fd.append('title', 'with a file');
    fd.append('one', new Blob(['hello sdk']), 'Hello World.txt');
    const r = await pb.collection('docs').create(fd);
    assert.match(r.one, /^hello_world_[a-z0-9]{10}\.txt$/);
    assert.ok(await stored(r, r.one), 'stored');
    const res = await fetch(pb.files.getURL(r, r.one));
    assert.equal(res.status, 200);
    assert.equal(await res.text(), 'hello sdk');
    assert.match(res.headers.get('content-disposition'), /^attachment; filename=hello_world_/);
  });

  it('a plain object with File values becomes multipart; several files fill a multi field', async () => {
    const r = await pb.collection('docs').create({ title: 'obj', many: [text('a1', 'first.txt'), text('a2', 'second.txt')] });
    assert.equal(r.many.length, 2);
    assert.match(r.many[0], /^first_[a-z0-9]{10}\.txt$/);
    assert.match(r.many[1], /^second_[a-z0-9]{10}\.txt$/);
  });

  it("'many+' appends, 'many-' removes by name and the removed file is deleted", async () => {
    let r = await pb.collection('docs').create({ many: [text('x', 'keep.txt'), text('y', 'drop.txt')] });
    const [keep, drop] = r.many;
    r = await pb.collection('docs').update(r.id, { 'many+': text('z', 'added.txt') });
    assert.equal(r.many.length, 3);
    assert.match(r.many[2], /^added_/);
    r = await pb.collection('docs').update(r.id, { 'many-': [drop] });
    assert.deepEqual(r.many.filter((n) => n === keep || n === drop), [keep]);
    await eventually(async () => !(await stored(r, drop)), 'the removed file is deleted');
    assert.ok(await stored(r, keep));
  });

  it('MIME types are checked on the content, not the name', async () => {
    const err = await expectError(pb.collection('docs').create({ images: text('not an image', 'fake.png') }), 400);
    assert.equal(err.response.data.images.code, 'validation_invalid_mime_type');
    const r = await pb.collection('docs').create({ images: new File([png(4, 4)], 'real.bin') });
    assert.equal(r.images.length, 1);
  });

  it('too many files and unknown names are 400s with the contract codes', async () => {
    const err = await expectError(pb.collection('docs').create({ one: 'not-stored.txt' }), 400);
    assert.equal(err.response.data.one.code, 'validation_invalid_file');
    const files = Array.from({ length: 6 }, (_, i) => text('x', `f${i}.txt`));
    const err2 = await expectError(pb.collection('docs').create({ many: files }), 400);
    assert.equal(err2.response.data.many.code, 'validation_too_many_files');
  });

  it('deleting the record deletes its files', async () => {
    const r = await pb.collection('docs').create({ one: text('bye', 'gone.txt') });
    assert.ok(await stored(r, r.one));
    await pb.collection('docs').delete(r.id);
    await eventually(async () => !(await stored(r, r.one)), 'files removed with the record');
  });
});

describe('thumbnails', () => {
  it('getURL(record, name, {thumb}) returns an image of the asked size; sizes not listed give the original', async () => {
    const r = await pb.collection('docs').create({ images: new File([png(120, 60)], 'wide.png') });
    const name = r.images[0];
    const size = async (thumb) => pngSize(await (await fetch(pb.files.getURL(r, name, { thumb }))).arrayBuffer());
    assert.deepEqual(await size('100x100'), [100, 100]);
    assert.deepEqual(await size('40x0'), [40, 20]);
    assert.deepEqual(await size('30x30f'), [30, 15]);
    assert.deepEqual(await size('77x77'), [120, 60]);
  });
});

describe('protected files', () => {
  it('need pb.files.getToken(); guests and bare URLs get 404', async () => {
    const r = await pb.collection('docs').create({ secret: text('classified', 'secret.txt') });
    const bare = await raw(pb.files.getURL(r, r.secret));
    assert.equal(bare.status, 404);
    const token = await pb.files.getToken();
    assert.ok(token.length > 20);
    const res = await fetch(pb.files.getURL(r, r.secret, { token }));
    assert.equal(res.status, 200);
    assert.equal(await res.text(), 'classified');
    await expectError(srv.client().files.getToken(), 401);
  });

  it('a user token works when the viewRule lets that user see the record', async () => {
    const { pb: user, record: u } = await srv.user();
    const r = await pb.collection('docs').create({ title: u.id, secret: text('mine', 'mine.txt') });
    await pb.collections.update(col.id, { viewRule: 'title = @request.auth.id' });
    try {
      const token = await user.files.getToken();
      assert.equal((await fetch(pb.files.getURL(r, r.secret, { token }))).status, 200);
      const other = await srv.user();
      const otherToken = await other.pb.files.getToken();
      assert.equal((await fetch(pb.files.getURL(r, r.secret, { token: otherToken }))).status, 404);
    } finally {
      await pb.collections.update(col.id, { viewRule: '' });
    }
  });
});
