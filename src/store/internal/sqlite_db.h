#pragma once
// A thin layer over the SQLite C API for the SQLite backend: connections with a statement cache,
// and statements with typed binds and reads. Error rule: inside the backend a failing SQLite call
// throws SqliteError; every public Store method catches it and returns a Result, so nothing
// outside src/store sees an exception. A Connection is used by one thread at a time.

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/result.h"

namespace missive::sqlite {

class SqliteError : public std::runtime_error {
 public:
  SqliteError(int code, const std::string& message) : std::runtime_error(message), code_(code) {}
  int code() const { return code_; }
  bool constraint() const { return (code_ & 0xff) == SQLITE_CONSTRAINT; }

 private:
  int code_;
};

// Maps a caught SqliteError to the Result error callers see.
Error ToError(const SqliteError& error);

// A prepared statement borrowed from a Connection's cache; reset and unbound when destroyed.
class Statement {
 public:
  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  Statement& Bind(int index, std::string_view text);
  Statement& Bind(int index, const char* text) { return Bind(index, std::string_view(text)); }
  Statement& Bind(int index, const std::string& text) {
    return Bind(index, std::string_view(text));
  }
  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, int value) { return Bind(index, static_cast<int64_t>(value)); }
  Statement& Bind(int index, bool value) { return Bind(index, static_cast<int64_t>(value)); }
  Statement& Bind(int index, const std::optional<std::string>& text);
  Statement& Bind(int index, const std::optional<int64_t>& value);

  // Advances to the next row: true when there is one, false when done.
  bool Step();
  // Runs a statement that returns no rows.
  void Run() {
    while (Step()) {
    }
  }

  std::string Text(int column) const;
  std::optional<std::string> OptionalText(int column) const;
  int64_t Int(int column) const;
  std::optional<int64_t> OptionalInt(int column) const;

 private:
  sqlite3_stmt* stmt_;
};

class Connection {
 public:
  // Opens (creating when `create`) the database at `path` with WAL, foreign keys and a busy
  // timeout. kUnavailable when it cannot be opened.
  static Result<std::unique_ptr<Connection>> Open(const std::string& path, bool create,
                                                  bool synchronous_full);
  ~Connection();

  void Exec(const std::string& sql);
  // A statement for `sql`, prepared once per connection and reused.
  Statement Prepare(const char* sql);
  int64_t Changes() const { return sqlite3_changes64(db_); }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::unordered_map<const char*, sqlite3_stmt*> cache_;
};

}  // namespace missive::sqlite
