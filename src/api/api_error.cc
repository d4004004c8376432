#include "api/api_error.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace missive {

ApiError ApiError::V2(int status, std::string error, std::string message) {
  return ApiError{status, false, {{std::move(error), std::move(message)}}};
}

ApiError ApiError::Legacy(int status, std::string message) {
  return ApiError{status, true, {{"", std::move(message)}}};
}

ApiError ApiError::Validation(const std::vector<std::string>& messages) {
  ApiError error{400, false, {}};
  for (const auto& message : messages) {
    auto same = [&](const Entry& entry) { return entry.message == message; };
    if (std::none_of(error.errors.begin(), error.errors.end(), same)) {
      error.errors.push_back({"ValidationError", message});
    }
  }
  return error;
}

ApiError ApiError::Internal(std::string error_class) {
  return V2(500, std::move(error_class), "Internal server error");
}

ApiError ApiError::RouteNotFound() {
  return Legacy(404,
                "The requested URL was not found on the server. If you entered the URL manually "
                "please check your spelling and try again.");
}

ApiError ApiError::MethodNotAllowed() {
  return Legacy(405, "The method is not allowed for the requested URL.");
}

HttpResponse ErrorResponse(const ApiError& error) {
  nlohmann::ordered_json body;
  if (error.legacy) {
    body["result"] = "error";
    body["message"] = error.errors.empty() ? "" : error.errors[0].message;
  } else {
    body["status_code"] = error.status;
    body["errors"] = nlohmann::ordered_json::array();
    for (const auto& entry : error.errors) {
      body["errors"].push_back({{"error", entry.error}, {"message", entry.message}});
    }
  }
  // Messages may echo what the caller sent; bytes that are not UTF-8 become U+FFFD.
  return HttpResponse{error.status,
                      "application/json",
                      body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                      {}};
}

}  // namespace missive
