#include "api/internal/query.h"

#include "core/form.h"

namespace missive::handlers {

QueryParams ParseQuery(std::string_view target) {
  size_t question = target.find('?');
  if (question == std::string_view::npos) return {};
  return form::Parse(target.substr(question + 1));
}

}  // namespace missive::handlers
