#include "callbacks/callback_settings.h"

#include <curl/curl.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>

namespace missive {
namespace {

struct UrlDeleter {
  void operator()(CURLU* url) const { curl_url_cleanup(url); }
};

struct PartDeleter {
  void operator()(char* part) const { curl_free(part); }
};

// One part of a parsed URL, lower-cased; nullopt when the URL has no such part.
std::optional<std::string> Part(CURLU* url, CURLUPart which) {
  char* raw = nullptr;
  if (curl_url_get(url, which, &raw, 0) != CURLUE_OK) return std::nullopt;
  std::unique_ptr<char, PartDeleter> owned(raw);
  std::string text(raw);
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

bool IsLoopback(const std::string& host) {
  return host == "localhost" || host == "127.0.0.1" || host == "[::1]";
}

Error NotHttps(std::string_view url) {
  return MakeError(ErrorCode::kInvalid,
                   std::string(url) +
                       " is not a valid https url (http is accepted only for localhost, "
                       "127.0.0.1 and [::1])");
}

}  // namespace

Status CheckCallbackUrl(std::string_view url) {
  std::unique_ptr<CURLU, UrlDeleter> parsed(curl_url());
  if (!parsed) return MakeError(ErrorCode::kInternal, "out of memory");
  std::string text(url);
  if (curl_url_set(parsed.get(), CURLUPART_URL, text.c_str(), 0) != CURLUE_OK) {
    return NotHttps(url);
  }

  auto scheme = Part(parsed.get(), CURLUPART_SCHEME);
  auto host = Part(parsed.get(), CURLUPART_HOST);
  if (!scheme || !host || host->empty()) return NotHttps(url);
  if (*scheme == "https" || (*scheme == "http" && IsLoopback(*host))) return {};
  return NotHttps(url);
}

Status CheckBearerToken(std::string_view token) {
  if (token.size() < kMinBearerTokenLength) {
    return MakeError(ErrorCode::kInvalid, "a bearer token must be at least " +
                                              std::to_string(kMinBearerTokenLength) +
                                              " characters long");
  }
  bool visible =
      std::all_of(token.begin(), token.end(), [](char c) { return c > 0x20 && c < 0x7f; });
  if (!visible) {
    return MakeError(ErrorCode::kInvalid,
                     "a bearer token may hold only visible ASCII characters (no spaces)");
  }
  return {};
}

}  // namespace missive
