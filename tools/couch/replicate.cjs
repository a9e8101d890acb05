// The reference replication client: PouchDB (the packages PouchDB Server is made of) pulls a
// database from the server into memory and prints every document's revisions as JSON, for
// the sync tests to compare with what Avow's replicator pulled.
// Usage: node replicate.cjs <server url> <database> <user> <password>
'use strict';
const PouchDB = require('pouchdb-core')
  .plugin(require('pouchdb-adapter-memory'))
  .plugin(require('pouchdb-adapter-http'))
  .plugin(require('pouchdb-replication'));

async function main() {
  const [url, db, user, password] = process.argv.slice(2);
  const remote = new PouchDB(`${url}/${db}`, { auth: { username: user, password } });
  const local = new PouchDB(`copy-${Date.now()}`, { adapter: 'memory' });
  await local.replicate.from(remote);
  const all = await local.allDocs({ conflicts: true, include_docs: true });
  const out = {};
  for (const row of all.rows) {
    const leaves = [row.doc._rev, ...(row.doc._conflicts || [])].sort();
    out[row.id] = { winner: row.doc._rev, leaves };
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack || e));
  process.exit(1);
});
