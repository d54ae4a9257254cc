// Schema helpers: field builders in the contract's JSON model (§2.1–§2.3).

export const autodates = () => [
  { name: 'created', type: 'autodate', onCreate: true, onUpdate: false },
  { name: 'updated', type: 'autodate', onCreate: true, onUpdate: true },
];

export const text = (name, opts = {}) => ({ name, type: 'text', ...opts });
export const number = (name, opts = {}) => ({ name, type: 'number', ...opts });
export const bool = (name, opts = {}) => ({ name, type: 'bool', ...opts });
export const email = (name, opts = {}) => ({ name, type: 'email', ...opts });
export const url = (name, opts = {}) => ({ name, type: 'url', ...opts });
export const editor = (name, opts = {}) => ({ name, type: 'editor', ...opts });
export const date = (name, opts = {}) => ({ name, type: 'date', ...opts });
export const json = (name, opts = {}) => ({ name, type: 'json', ...opts });
export const geoPoint = (name, opts = {}) => ({ name, type: 'geoPoint', ...opts });
export const select = (name, values, maxSelect = 1, opts = {}) => ({ name, type: 'select', values, maxSelect, ...opts });
export const relation = (name, collectionId, maxSelect = 1, opts = {}) => ({ name, type: 'relation', collectionId, maxSelect, ...opts });
export const file = (name, maxSelect = 1, opts = {}) => ({ name, type: 'file', maxSelect, maxSize: 0, ...opts });

const OPEN = { listRule: '', viewRule: '', createRule: '', updateRule: '', deleteRule: '' };

/** Creates a base collection (as the given superuser client). `rules` defaults to all-open. */
export function createBase(pb, name, fields, extra = {}) {
  return pb.collections.create({ name, type: 'base', fields, ...OPEN, ...extra });
}

/** CRC-32 (IEEE), as used for default collection and field ids. */
export function crc32(str) {
  return crc32Bytes(new TextEncoder().encode(str));
}

/** CRC-32 (IEEE) of bytes (PNG chunks in files.test.mjs). */
export function crc32Bytes(bytes) {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}
