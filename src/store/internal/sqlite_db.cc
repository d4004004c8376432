#include "store/internal/sqlite_db.h"

#include <mutex>

namespace missive::sqlite {
namespace {

// SQLite counts every allocation under one process-wide mutex unless told not to; with a dozen
// threads reading and writing, that mutex is contended on every statement. Must run before SQLite
// initialises (the first open); later it has no effect.
void DisableMemoryStatistics() {
  static std::once_flag once;
  std::call_once(once, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

void Check(sqlite3* db, int rc) {
  if (rc != SQLITE_OK) throw SqliteError(rc, sqlite3_errmsg(db));
}

}  // namespace

Error ToError(const SqliteError& error) {
  if (error.constraint()) return MakeError(ErrorCode::kConflict, error.what());
  int primary = error.code() & 0xff;
  if (primary == SQLITE_BUSY || primary == SQLITE_FULL || primary == SQLITE_IOERR) {
    return MakeError(ErrorCode::kUnavailable, error.what());
  }
  return MakeError(ErrorCode::kInternal, error.what());
}

Statement::~Statement() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

Statement& Statement::Bind(int index, std::string_view text) {
  Check(sqlite3_db_handle(stmt_),
        sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()),
                          SQLITE_TRANSIENT));
  return *this;
}

Statement& Statement::Bind(int index, int64_t value) {
  Check(sqlite3_db_handle(stmt_), sqlite3_bind_int64(stmt_, index, value));
  return *this;
}

Statement& Statement::Bind(int index, const std::optional<std::string>& text) {
  if (text) return Bind(index, std::string_view(*text));
  Check(sqlite3_db_handle(stmt_), sqlite3_bind_null(stmt_, index));
  return *this;
}

Statement& Statement::Bind(int index, const std::optional<int64_t>& value) {
  if (value) return Bind(index, *value);
  Check(sqlite3_db_handle(stmt_), sqlite3_bind_null(stmt_, index));
  return *this;
}

bool Statement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  sqlite3* db = sqlite3_db_handle(stmt_);
  throw SqliteError(sqlite3_extended_errcode(db), sqlite3_errmsg(db));
}

std::string Statement::Text(int column) const {
  const unsigned char* text = sqlite3_column_text(stmt_, column);
  if (text == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(text), sqlite3_column_bytes(stmt_, column));
}

std::optional<std::string> Statement::OptionalText(int column) const {
  if (sqlite3_column_type(stmt_, column) == SQLITE_NULL) return std::nullopt;
  return Text(column);
}

int64_t Statement::Int(int column) const { return sqlite3_column_int64(stmt_, column); }

std::optional<int64_t> Statement::OptionalInt(int column) const {
  if (sqlite3_column_type(stmt_, column) == SQLITE_NULL) return std::nullopt;
  return Int(column);
}

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path, bool create,
                                                     bool synchronous_full) {
  DisableMemoryStatistics();
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return MakeError(ErrorCode::kUnavailable, "cannot open " + path + ": " + message);
  }
  std::unique_ptr<Connection> connection(new Connection(db));
  try {
    sqlite3_busy_timeout(db, 10000);
    connection->Exec("PRAGMA journal_mode = WAL");
    connection->Exec(synchronous_full ? "PRAGMA synchronous = FULL"
                                      : "PRAGMA synchronous = NORMAL");
    connection->Exec("PRAGMA foreign_keys = ON");
  } catch (const SqliteError& error) {
    return MakeError(ErrorCode::kUnavailable, "cannot set up " + path + ": " + error.what());
  }
  return connection;
}

Connection::~Connection() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close(db_);
}

void Connection::Exec(const std::string& sql) {
  char* message = nullptr;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message);
  if (rc == SQLITE_OK) return;
  std::string text = message ? message : sqlite3_errmsg(db_);
  sqlite3_free(message);
  throw SqliteError(sqlite3_extended_errcode(db_), text);
}

Statement Connection::Prepare(const char* sql) {
  auto found = cache_.find(sql);
  if (found != cache_.end()) return Statement(found->second);
  sqlite3_stmt* stmt = nullptr;
  Check(db_, sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr));
  cache_.emplace(sql, stmt);
  return Statement(stmt);
}

}  // namespace missive::sqlite
