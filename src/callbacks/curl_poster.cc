#include <curl/curl.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <string>

#include "callbacks/callback_sender.h"
#include "callbacks/internal/classify.h"
#include "core/curl_easy.h"

namespace missive {
namespace callbacks {

PostResult ClassifyPost(int curl_code, long http_status, const std::string& error) {
  std::string status = "HTTP " + std::to_string(http_status);
  if (curl_code == CURLE_OK) {
    if (http_status >= 200 && http_status < 300) return {PostOutcome::kDelivered, status};
    if (http_status == 429 || http_status >= 500) return {PostOutcome::kRetry, status};
    if (http_status >= 300 && http_status < 400) status += " (redirects are not followed)";
    return {PostOutcome::kGiveUp, status};
  }
  bool unusable_url = curl_code == CURLE_URL_MALFORMAT || curl_code == CURLE_UNSUPPORTED_PROTOCOL;
  return {unusable_url ? PostOutcome::kGiveUp : PostOutcome::kRetry, error};
}

}  // namespace callbacks

namespace {

// The answer's body is not used.
size_t DiscardBody(char*, size_t size, size_t count, void*) { return size * count; }

// The request headers; null when out of memory. "Expect:" stops libcurl from waiting for a
// 100 Continue before sending the body.
curl::Slist MakeHeaders(const std::string& bearer_token) {
  std::string authorization = "Authorization: Bearer " + bearer_token;
  curl::Slist headers(curl_slist_append(nullptr, "Content-Type: application/json"));
  for (const std::string& line : {authorization, std::string("Expect:")}) {
    if (headers && !curl_slist_append(headers.get(), line.c_str())) headers.reset();
  }
  return headers;
}

// One libcurl easy handle, kept between POSTs so that libcurl can reuse connections.
class CurlPoster final : public CallbackPoster {
 public:
  explicit CurlPoster(long timeout_ms) : timeout_ms_(timeout_ms) { handle_ = curl::NewEasy(); }

  PostResult Post(const std::string& url, const std::string& bearer_token,
                  const std::string& body) override {
    if (!handle_) return {PostOutcome::kRetry, "libcurl could not create a handle"};
    curl::Slist headers = MakeHeaders(bearer_token);
    if (!headers) return {PostOutcome::kRetry, "out of memory"};

    SetOptions(url, headers.get(), body);
    CURLcode code = curl_easy_perform(handle_.get());

    long status = 0;
    curl_easy_getinfo(handle_.get(), CURLINFO_RESPONSE_CODE, &status);
    std::string error = error_[0] != '\0' ? error_ : curl_easy_strerror(code);
    curl_easy_reset(handle_.get());  // forget this call's buffers; keep the connections
    return callbacks::ClassifyPost(code, status, error);
  }

 private:
  void SetOptions(const std::string& url, curl_slist* headers, const std::string& body) {
    CURL* h = handle_.get();
    error_[0] = '\0';
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms_);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout_ms_);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "Missive");
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, DiscardBody);
  }

  long timeout_ms_;
  curl::EasyHandle handle_;
  char error_[CURL_ERROR_SIZE] = {};
};

}  // namespace

std::unique_ptr<CallbackPoster> MakeCurlPoster(long timeout_ms) {
  return std::make_unique<CurlPoster>(timeout_ms);
}

}  // namespace missive
