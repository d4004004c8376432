#include "api/openapi.h"

#include "api/internal/openapi_documents.h"

namespace missive {

std::string_view OpenApiDocument(std::string_view language) {
  if (language == "en") return handlers::OpenApiEnglish();
  if (language == "fr") return handlers::OpenApiFrench();
  return {};
}

}  // namespace missive
