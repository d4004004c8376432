# Writes a C++ file holding every migrations/NNNN_*.sql file as a string, in version order.
# Run with -DSOURCE_DIR=<dir with .sql files> -DOUTPUT=<.cc file>.
file(GLOB files "${SOURCE_DIR}/*.sql")
list(SORT files)
set(body "")
foreach(file IN LISTS files)
  get_filename_component(name "${file}" NAME)
  string(REGEX MATCH "^[0-9]+" version "${name}")
  math(EXPR version "${version}")
  file(READ "${file}" sql)
  string(APPEND body "      {${version}, R\"missive_sql(${sql})missive_sql\"},\n")
endforeach()
file(WRITE "${OUTPUT}.tmp" "// Generated from src/store/migrations; do not edit.
#include \"store/internal/migrations.h\"

namespace missive::sqlite {

const std::vector<Migration>& Migrations() {
  static const std::vector<Migration> migrations{
${body}  };
  return migrations;
}

}  // namespace missive::sqlite
")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
