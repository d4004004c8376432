#pragma once
// How the callback sender reads the end of one POST. Private to the callbacks module.

#include <string>

#include "callbacks/callback_sender.h"

namespace missive::callbacks {

// `curl_code` is libcurl's result (0 when the exchange completed), `http_status` the answer's
// status code, `error` libcurl's error text. A completed exchange is delivered on 2xx, retried on
// 429 and 5xx, given up otherwise; a failed transfer is retried, except for a URL libcurl cannot
// use, which is given up.
PostResult ClassifyPost(int curl_code, long http_status, const std::string& error);

}  // namespace missive::callbacks
