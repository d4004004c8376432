#pragma once
// ApiError: an HTTP error exactly as GC Notify answers it, in one of its two body dialects.
// Every handler failure becomes one of these, and ErrorResponse is the one place that turns it
// into status and body.
//
//   return ApiError::BadRequest("Template not found");
//   HttpResponse response = ErrorResponse(error);
//   // 400 {"status_code": 400, "errors": [{"error": "BadRequestError", "message": "..."}]}

#include <string>
#include <utility>
#include <vector>

#include "api/http.h"
#include "core/result.h"

namespace missive {

struct ApiError {
  struct Entry {
    std::string error;  // GC Notify's exception class name, e.g. "ValidationError"
    std::string message;
  };

  int status = 500;
  // v2 dialect: {"status_code", "errors": [...]}. Legacy: {"result": "error", "message"}.
  bool legacy = false;
  std::vector<Entry> errors;  // for the legacy dialect, errors[0].message is the message

  static ApiError V2(int status, std::string error, std::string message);
  static ApiError Legacy(int status, std::string message);
  static ApiError BadRequest(std::string message) {
    return V2(400, "BadRequestError", std::move(message));
  }
  static ApiError Auth(int status, std::string message) {
    return V2(status, "AuthError", std::move(message));
  }
  // One ValidationError entry per message, duplicates dropped, order kept.
  static ApiError Validation(const std::vector<std::string>& messages);
  static ApiError Internal(std::string error_class);
  static ApiError RouteNotFound();
  static ApiError MethodNotAllowed();
};

template <typename T>
using ApiResult = Result<T, ApiError>;

// The HTTP response for `error`: JSON body in its dialect, Content-Type application/json.
HttpResponse ErrorResponse(const ApiError& error);

}  // namespace missive
