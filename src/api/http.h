#pragma once
// The HTTP request and response as handlers see them: plain values, free of the server library,
// so handlers can be tested by calling them directly.

#include <string>
#include <utility>
#include <vector>

namespace missive {

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string target;  // path and query, as sent
  std::string host;    // the Host header
  std::string authorization;
  std::string content_type;
  std::string body;
  std::string request_id;        // ours, for logs
  std::string twilio_signature;  // X-Twilio-Signature, on Twilio's status callbacks
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

}  // namespace missive
