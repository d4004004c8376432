#pragma once
// Rendering a template version for API responses (send, read back, preview). Private to the api
// module.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "api/internal/handlers.h"
#include "model/template.h"

namespace missive::handlers {

// "a, b, c": how GC Notify lists names in its messages.
std::string Join(const std::vector<std::string>& names);

// What the API shows of a rendered template.
struct ApiContent {
  std::string body;                    // placeholders filled; email keeps the template's line ends
  std::optional<std::string> subject;  // email only
  std::optional<std::string> html;     // preview only: the email body as HTML
};

// Renders `t` with `values` as the API shows it. `service_name` matters for SMS only.
ApiContent RenderForApi(const Template& t, const nlohmann::json& values, bool with_html);

}  // namespace missive::handlers
