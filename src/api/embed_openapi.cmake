# Writes a C++ file holding docs/openapi/openapi-en.yaml and openapi-fr.yaml as raw string
# literals, behind the functions declared in src/api/internal/openapi_documents.h.
# Run with -DSOURCE_DIR=<dir with the .yaml files> -DOUTPUT=<.cc file>.
set(delimiter "missive_yaml")
set(body "")
foreach(pair IN ITEMS "en;English" "fr;French")
  list(GET pair 0 language)
  list(GET pair 1 function)
  set(file "${SOURCE_DIR}/openapi-${language}.yaml")
  file(READ "${file}" yaml)
  string(FIND "${yaml}" ")${delimiter}\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${file} contains )${delimiter}\", which would end the raw string early")
  endif()
  string(APPEND body "std::string_view OpenApi${function}() {
  return R\"${delimiter}(${yaml})${delimiter}\";
}

")
endforeach()
file(WRITE "${OUTPUT}.tmp" "// Generated from docs/openapi by src/api/embed_openapi.cmake; do not edit.
#include \"api/internal/openapi_documents.h\"

namespace missive::handlers {

${body}}  // namespace missive::handlers
")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
