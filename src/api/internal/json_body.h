#pragma once
// Reading a request's JSON body as GC Notify does, with its errors. Private to the api module.

#include <nlohmann/json.hpp>

#include "api/api_error.h"
#include "api/http.h"

namespace missive::handlers {

// 415 when the Content-Type is not JSON, 400 when the body does not parse.
ApiResult<nlohmann::json> ParseJsonBody(const HttpRequest& request);

// A complete JSON response.
HttpResponse JsonResponse(int status, const nlohmann::ordered_json& body);

}  // namespace missive::handlers
