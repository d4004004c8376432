#pragma once
// The SQLite backend: one database file in the data directory, WAL mode, schema kept current by
// numbered migrations. Writes from all threads go through one writer thread that commits them in
// groups (one transaction for whatever queued up while the previous commit ran); each caller
// returns when its group is committed. Reads use a small pool of connections.
//
//   auto store = OpenSqliteStore({.data_dir = "missive-data"});
//   if (!store) return store.error();

#include <memory>
#include <string>

#include "core/result.h"
#include "store/store.h"

namespace missive {

struct SqliteOptions {
  std::string data_dir = "missive-data";
  // FULL: every commit survives power loss. NORMAL: survives a crashed or killed process only.
  bool synchronous_full = true;
  int max_group = 512;  // most writes committed in one transaction
};

// Creates the data directory and database when missing, runs pending migrations, starts the
// writer. kUnavailable when the directory or file cannot be opened; kInternal on a bad migration.
Result<std::unique_ptr<Store>> OpenSqliteStore(const SqliteOptions& options);

// The schema version a database at `data_dir` is at after opening (the newest migration).
int LatestSchemaVersion();

}  // namespace missive
