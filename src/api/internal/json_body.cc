#include "api/internal/json_body.h"

#include <cctype>
#include <string_view>

namespace missive::handlers {
namespace {

bool IsJsonContentType(std::string_view type) {
  std::string lower;
  for (char c : type.substr(0, type.find(';'))) {
    if (!std::isspace(static_cast<unsigned char>(c))) {
      lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
  }
  bool structured = lower.size() > 5 && lower.substr(0, 12) == "application/" &&
                    lower.substr(lower.size() - 5) == "+json";
  return lower == "application/json" || structured;
}

// nlohmann's message without its "[json.exception.parse_error.101] " prefix.
std::string Describe(const nlohmann::json::parse_error& error) {
  std::string_view text = error.what();
  size_t close = text.find("] ");
  return std::string(close == std::string_view::npos ? text : text.substr(close + 2));
}

}  // namespace

ApiResult<nlohmann::json> ParseJsonBody(const HttpRequest& request) {
  if (!IsJsonContentType(request.content_type)) {
    return ApiError::V2(415, "BadRequestError",
                        "UnsupportedMediaType error: Did not attempt to load JSON data because the "
                        "request Content-Type was not 'application/json'.");
  }
  try {
    return nlohmann::json::parse(request.body);
  } catch (const nlohmann::json::parse_error& error) {
    return ApiError::BadRequest("Error decoding arguments: Failed to decode JSON object: " +
                                Describe(error));
  }
}

HttpResponse JsonResponse(int status, const nlohmann::ordered_json& body) {
  return HttpResponse{status,
                      "application/json",
                      body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                      {}};
}

}  // namespace missive::handlers
