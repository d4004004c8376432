# Writes a C++ file holding every file of assets/ (the images emails link to) as bytes.
# Run with -DSOURCE_DIR=<assets dir> -DOUTPUT=<.cc file>.
file(GLOB files "${SOURCE_DIR}/*.png")
list(SORT files)
set(body "")
foreach(file IN LISTS files)
  get_filename_component(name "${file}" NAME)
  file(READ "${file}" hex HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${hex}")
  string(APPEND body "      {\"${name}\", std::string({${bytes}})},\n")
endforeach()
file(WRITE "${OUTPUT}.tmp" "// Generated from assets/; do not edit.
#include <string>
#include <utility>
#include <vector>

namespace missive::internal {

const std::vector<std::pair<std::string, std::string>>& EmbeddedAssets() {
  static const std::vector<std::pair<std::string, std::string>> assets{
${body}  };
  return assets;
}

}  // namespace missive::internal
")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
