#include "history/schema-migrations.h"

#include "history/sqlite-statement.h"

#include <array>
#include <string>

namespace parley {

namespace {

// Index i upgrades version i to version i + 1. Append only: a released step
// is never edited, because databases in the field already ran it.
constexpr std::array kSteps{
    R"sql(
CREATE TABLE conversations(
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  pinned INTEGER NOT NULL DEFAULT 0,
  archived INTEGER NOT NULL DEFAULT 0,
  provider TEXT,
  model TEXT,
  system_prompt TEXT,
  current_leaf_id INTEGER
);
CREATE TABLE messages(
  id INTEGER PRIMARY KEY,
  conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  parent_id INTEGER REFERENCES messages(id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK(role IN ('system', 'user', 'assistant')),
  content TEXT NOT NULL DEFAULT '',
  reasoning TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK(status IN ('complete', 'streaming', 'interrupted', 'error')),
  provider TEXT,
  model TEXT,
  input_tokens INTEGER,
  output_tokens INTEGER,
  finish_reason TEXT,
  cost_usd REAL,
  error TEXT,
  created_at INTEGER NOT NULL,
  writer_pid INTEGER
);
CREATE INDEX messages_by_conversation ON messages(conversation_id, id);
CREATE INDEX messages_by_parent ON messages(parent_id);
CREATE INDEX conversations_by_update ON conversations(updated_at DESC);
CREATE INDEX messages_streaming ON messages(status) WHERE status = 'streaming';
)sql",
    // v2: stable conversation identities (export/import), attachments stored
    // once by content hash, and full-text search over message text.
    R"sql(
ALTER TABLE conversations ADD COLUMN uuid TEXT;
UPDATE conversations SET uuid = lower(hex(randomblob(16)));
CREATE UNIQUE INDEX conversations_by_uuid ON conversations(uuid);
CREATE TABLE attachments(
  sha256 TEXT PRIMARY KEY,
  mime_type TEXT NOT NULL,
  data BLOB NOT NULL
);
CREATE TABLE message_attachments(
  message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  sha256 TEXT NOT NULL REFERENCES attachments(sha256),
  name TEXT NOT NULL DEFAULT '',
  PRIMARY KEY(message_id, position)
);
CREATE INDEX message_attachments_by_hash ON message_attachments(sha256);
CREATE VIRTUAL TABLE message_search USING fts5(
  content, content='messages', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2');
-- New rows are indexed by the writer, not by a trigger: a trigger would
-- make every insert of a bulk import flush the index to disk.
CREATE TRIGGER messages_search_delete AFTER DELETE ON messages BEGIN
  INSERT INTO message_search(message_search, rowid, content) VALUES ('delete', old.id, old.content);
END;
CREATE TRIGGER messages_search_update AFTER UPDATE OF content ON messages BEGIN
  INSERT INTO message_search(message_search, rowid, content) VALUES ('delete', old.id, old.content);
  INSERT INTO message_search(rowid, content) VALUES (new.id, new.content);
END;
INSERT INTO message_search(message_search) VALUES ('rebuild');
-- Kept by the writers (messages are only ever added one by one or deleted
-- with their conversation), so that listing thousands of conversations
-- never counts millions of messages.
ALTER TABLE conversations ADD COLUMN message_count INTEGER NOT NULL DEFAULT 0;
UPDATE conversations SET message_count = (SELECT count(*) FROM messages m WHERE m.conversation_id = conversations.id);
CREATE INDEX conversations_for_listing ON conversations(pinned DESC, updated_at DESC, id DESC);
)sql",
    // v3: the role and status checks as comparisons. For an IN list of more
    // than two constants SQLite builds a temporary b-tree on every insert,
    // which doubled the time of a large import. The checks accept exactly
    // the same values and stored rows do not change, so the definition is
    // edited in place, as SQLite's ALTER TABLE documentation allows for such
    // changes; RESET reloads the schema on this connection.
    R"sql(
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(replace(sql,
    'CHECK(role IN (''system'', ''user'', ''assistant''))',
    'CHECK(role = ''system'' OR role = ''user'' OR role = ''assistant'')'),
    'CHECK(status IN (''complete'', ''streaming'', ''interrupted'', ''error''))',
    'CHECK(status = ''complete'' OR status = ''streaming'' OR status = ''interrupted'' OR status = ''error'')')
  WHERE type = 'table' AND name = 'messages';
PRAGMA writable_schema = RESET;
)sql",
    // v4: a streaming reply's text is saved as chunks appended one per save,
    // and joined into the message (and indexed for search) once, when the
    // reply ends or is recovered after a crash. Rewriting and re-indexing
    // the whole text at every save cost O(n^2) for a long reply.
    R"sql(
CREATE TABLE reply_chunks(
  id INTEGER PRIMARY KEY,
  message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  content TEXT NOT NULL DEFAULT '',
  reasoning TEXT NOT NULL DEFAULT ''
);
CREATE INDEX reply_chunks_by_message ON reply_chunks(message_id, id);
)sql",
    // v5: text that replaces a message's (a reply finished or recovered) is
    // indexed for search at the next search, not in the writer's commit:
    // indexing a long reply's words took a third of the time a chat command
    // spent on it, after its last word was already on screen. The writers
    // that replace text queue the message in search_backlog themselves (see
    // HistoryStore): an update trigger made each such UPDATE save the pages
    // it overwrote to a statement journal. A message waiting in the backlog
    // has no words in the index, so its delete must remove none.
    R"sql(
CREATE TABLE search_backlog(message_id INTEGER PRIMARY KEY);
DROP TRIGGER messages_search_delete;
DROP TRIGGER messages_search_update;
CREATE TRIGGER messages_search_delete AFTER DELETE ON messages BEGIN
  INSERT INTO message_search(message_search, rowid, content) SELECT 'delete', old.id, old.content
    WHERE NOT EXISTS (SELECT 1 FROM search_backlog WHERE message_id = old.id);
  DELETE FROM search_backlog WHERE message_id = old.id;
END;
)sql",
};

}  // namespace

namespace {

int read_version(sqlite3* db) {
    SqliteStatement statement(db, "PRAGMA user_version");
    return statement.step() ? static_cast<int>(statement.column_int(0)) : 0;
}

}  // namespace

int current_schema_version() { return static_cast<int>(kSteps.size()); }

void migrate_schema(sqlite3* db) {
    int version = read_version(db);
    if (version > current_schema_version()) {
        throw HistoryError("the history database was written by a newer Parley (schema " + std::to_string(version) +
                           ", this build knows " + std::to_string(current_schema_version()) +
                           "); update Parley to open it");
    }
    while (version < current_schema_version()) {
        WriteTransaction transaction(db);
        // Re-read under the write lock: another process may have migrated.
        version = read_version(db);
        if (version >= current_schema_version()) break;
        exec_sql(db, kSteps[static_cast<std::size_t>(version)]);
        exec_sql(db, "PRAGMA user_version = " + std::to_string(version + 1));
        transaction.commit();
        ++version;
    }
}

}  // namespace parley
