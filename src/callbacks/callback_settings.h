#pragma once
// The rules a service's delivery-status callback must meet before it is saved. They are GC
// Notify's (an https URL; a bearer token of at least 10 characters), except that http is also
// accepted for a loopback host (localhost, 127.0.0.1, [::1]), so that local endpoints and tests
// work. Pure functions; thread-safe.
//
//   Status url = CheckCallbackUrl("https://example.gc.ca/notify/status");
//   Status token = CheckBearerToken(token_text);
//   if (!url) return Fail(url.error().message);

#include <string_view>

#include "core/result.h"

namespace missive {

// Minimum length of a callback bearer token, as in GC Notify.
constexpr size_t kMinBearerTokenLength = 10;

// kInvalid, saying why, unless `url` is an absolute https URL, or an http URL to a loopback host.
Status CheckCallbackUrl(std::string_view url);

// kInvalid, saying why, unless `token` is at least kMinBearerTokenLength visible ASCII
// characters (no spaces: it travels in an HTTP header).
Status CheckBearerToken(std::string_view token);

}  // namespace missive
