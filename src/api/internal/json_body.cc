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
std::string Describe(const nlohmann::json::exception& error) {
  std::string_view text = error.what();
  size_t close = text.find("] ");
  return std::string(close == std::string_view::npos ? text : text.substr(close + 2));
}

// Deeper JSON is refused: every later step (validation, rendering, storing) may recurse on it.
constexpr int kMaxDepth = 64;

struct TooDeep {};

bool LimitDepth(int depth, nlohmann::json::parse_event_t event, nlohmann::json&) {
  if (depth > kMaxDepth) throw TooDeep{};
  return true;
}

// Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
bool IsValidUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    size_t length = c < 0x80           ? 1
                    : (c >> 5) == 0x6  ? 2
                    : (c >> 4) == 0xe  ? 3
                    : (c >> 3) == 0x1e ? 4
                                       : 0;
    if (length == 0 || i + length > text.size()) return false;
    uint32_t code = length == 1 ? c : c & (0x7f >> length);
    for (size_t k = 1; k < length; ++k) {
      unsigned char next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xc0) != 0x80) return false;
      code = code << 6 | (next & 0x3f);
    }
    static constexpr uint32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < kSmallest[length] || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
      return false;
    }
    i += length;
  }
  return true;
}

}  // namespace

ApiResult<nlohmann::json> ParseJsonBody(const HttpRequest& request) {
  if (!IsJsonContentType(request.content_type)) {
    return ApiError::V2(415, "BadRequestError",
                        "UnsupportedMediaType error: Did not attempt to load JSON data because the "
                        "request Content-Type was not 'application/json'.");
  }
  if (!IsValidUtf8(request.body)) {
    return ApiError::BadRequest(
        "Error decoding arguments: Failed to decode JSON object: the body is not valid UTF-8");
  }
  try {
    return nlohmann::json::parse(request.body, LimitDepth);
  } catch (const nlohmann::json::exception& error) {  // malformed, or a number out of range
    return ApiError::BadRequest("Error decoding arguments: Failed to decode JSON object: " +
                                Describe(error));
  } catch (const TooDeep&) {
    return ApiError::BadRequest(
        "Error decoding arguments: Failed to decode JSON object: nested "
        "more than " +
        std::to_string(kMaxDepth) + " levels deep");
  }
}

HttpResponse JsonResponse(int status, const nlohmann::ordered_json& body) {
  return HttpResponse{status,
                      "application/json",
                      body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                      {}};
}

}  // namespace missive::handlers
