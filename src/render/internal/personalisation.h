#pragma once
// Personalisation looked up by placeholder name, for filling several texts (a subject and a body,
// escaped and not) with the same values: FillPlaceholders builds one of these on every call.
// Private to src/render. Thread-safe once built; `values` must outlive the index.
//
//   PersonalisationIndex index(values);
//   std::string subject = FillWithIndex(t.subject, index, {});
//   std::string html_body = FillWithIndex(t.body, index, {.escape_html = true});

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <unordered_map>

#include "render/placeholders.h"

namespace missive::render_internal {

// Values by normalised key. When two keys normalise alike the one iterated last wins
// (nlohmann::json iterates keys in sorted order).
class PersonalisationIndex {
 public:
  explicit PersonalisationIndex(const nlohmann::json& values);

  // The value for `name`, or nullptr when it is absent or null.
  const nlohmann::json* Find(std::string_view name) const;

 private:
  std::unordered_map<std::string, const nlohmann::json*> by_key_;
};

// FillPlaceholders with prepared values.
std::string FillWithIndex(std::string_view text, const PersonalisationIndex& values,
                          FillOptions options);

}  // namespace missive::render_internal
