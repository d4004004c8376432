#pragma once
// The SQLite schema migrations, compiled in from src/store/migrations/NNNN_name.sql in version
// order. A migration never changes once released; a change of schema is a new file.

#include <vector>

namespace missive::sqlite {

struct Migration {
  int version;
  const char* sql;
};

const std::vector<Migration>& Migrations();

}  // namespace missive::sqlite
