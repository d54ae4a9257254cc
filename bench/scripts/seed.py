#!/usr/bin/env python3
"""Create the benchmark schema and dataset in a running Strata through its HTTP API.

usage: seed.py BASE_URL OUT_DIR
  env: SEED_POSTS (10000) SEED_AUTHORS (100) SU_EMAIL SU_PASSWORD
Same rows as ../shared/bench/peers/seeddata.js: authors {name, email}; posts {title, body ~450 chars,
status (50 % published, 25 % draft, 25 % archived), views, published (spread over ~3 years), author}.
Rows go in through POST /api/batch (50 per request). Writes OUT_DIR/post_ids.txt, author_ids.txt and
token.txt (a `users` record's auth token for the _auth scenarios).
"""
import datetime, http.client, json, os, sys, urllib.parse

LOREM = ("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore "
         "magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo "
         "consequat. Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur. "
         "Excepteur sint occaecat cupidatat non proident, sunt in culpa qui officia deserunt mollit anim id est laborum.")

base, out = sys.argv[1], sys.argv[2]
u = urllib.parse.urlparse(base)
assert u.hostname in ("127.0.0.1", "localhost"), "loopback only"
conn = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
token = None


def call(method, path, body=None, tok=None):
    h = {"Content-Type": "application/json"}
    auth = token if tok is None else tok
    if auth:
        h["Authorization"] = auth
    conn.request(method, path, json.dumps(body) if body is not None else None, h)
    r = conn.getresponse()
    data = r.read()
    if r.status >= 300:
        raise SystemExit(f"{method} {path} -> {r.status}: {data[:500]!r}")
    return json.loads(data) if data else None


def batch(coll, rows):
    ids = []
    for i in range(0, len(rows), 50):
        reqs = [{"method": "POST", "url": f"/api/collections/{coll}/records", "body": r} for r in rows[i:i + 50]]
        res = call("POST", "/api/batch", {"requests": reqs})
        ids += [x["body"]["id"] for x in res]
    return ids


n_posts = int(os.environ.get("SEED_POSTS", "10000"))
n_authors = int(os.environ.get("SEED_AUTHORS", "100"))
token = call("POST", "/api/collections/_superusers/auth-with-password",
             {"identity": os.environ.get("SU_EMAIL", "bench@example.com"),
              "password": os.environ.get("SU_PASSWORD", "bench-password-123")})["token"]
call("PATCH", "/api/settings", {"batch": {"enabled": True, "maxRequests": 50}})

public = {"listRule": "", "viewRule": "", "createRule": "", "updateRule": ""}
authors = call("POST", "/api/collections", dict(public, name="authors", type="base", fields=[
    {"name": "name", "type": "text"}, {"name": "email", "type": "email"}]))
call("POST", "/api/collections", dict(public, name="posts", type="base", fields=[
    {"name": "title", "type": "text"}, {"name": "body", "type": "text"},
    {"name": "status", "type": "select", "values": ["published", "draft", "archived"], "maxSelect": 1},
    {"name": "views", "type": "number"}, {"name": "published", "type": "date"},
    {"name": "author", "type": "relation", "collectionId": authors["id"], "maxSelect": 1},
    {"name": "created", "type": "autodate", "onCreate": True},
    {"name": "updated", "type": "autodate", "onCreate": True, "onUpdate": True}],
    # BENCH_INDEXES=1 (the default): the index a deployment adds for the list scenario; the peers get the same one
    # through PEER_INDEXES=1
    indexes=["CREATE INDEX idx_posts_status_published ON posts (status, published DESC)"]
    if os.environ.get("BENCH_INDEXES", "1") == "1" else []))

author_ids = batch("authors", [{"name": f"Author {i + 1}", "email": f"author{i + 1}@example.com"} for i in range(n_authors)])
t0 = datetime.datetime(2022, 1, 1, tzinfo=datetime.timezone.utc)
posts = []
for i in range(n_posts):
    status = "published" if i % 2 == 0 else ("draft" if i % 4 == 1 else "archived")
    off = (i * 2654435761) % 94608000
    posts.append({"title": f"Post {i + 1}", "body": f"{LOREM} ({i + 1})", "status": status,
                  "views": (i * 7919) % 10007,
                  "published": (t0 + datetime.timedelta(seconds=off)).strftime("%Y-%m-%d %H:%M:%S.000Z"),
                  "author": author_ids[i % n_authors]})
post_ids = batch("posts", posts)

call("POST", "/api/collections/users/records",
     {"email": "reader@example.com", "password": "reader-password-123", "passwordConfirm": "reader-password-123"})
user_token = call("POST", "/api/collections/users/auth-with-password",
                  {"identity": "reader@example.com", "password": "reader-password-123"}, tok="")["token"]
os.makedirs(out, exist_ok=True)
with open(f"{out}/post_ids.txt", "w") as f: f.write("\n".join(post_ids) + "\n")
with open(f"{out}/author_ids.txt", "w") as f: f.write("\n".join(author_ids) + "\n")
with open(f"{out}/token.txt", "w") as f: f.write(user_token + "\n")
with open(f"{out}/su_token.txt", "w") as f: f.write(token + "\n")
print(f"seeded {len(author_ids)} authors, {len(post_ids)} posts")
