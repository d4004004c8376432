#pragma once
// OpenApiDocument: the OpenAPI 3.0 description of Missive's /v2 API, in English or in French, as
// YAML. The documents are written in docs/openapi/ and embedded in the binary at build time, so
// the API can serve them with no file to install. Thread-safe: the text is constant.
//
//   std::string_view yaml = OpenApiDocument("fr");  // empty for a language other than en, fr

#include <string_view>

namespace missive {

// The document for `language` ("en" or "fr", exactly); an empty view for anything else. The view
// points at static storage and stays valid for the life of the program.
std::string_view OpenApiDocument(std::string_view language);

}  // namespace missive
