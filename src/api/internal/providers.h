#pragma once
// What SMS gateways call back on the API listener: delivery reports and messages from phones.
// These routes are not part of /v2: they take no API key and check the provider's shared secret
// instead. Private to the api module.

#include <string>
#include <string_view>
#include <vector>

#include "api/api.h"
#include "api/http.h"

namespace missive::handlers {

struct ProviderContext {
  Store& store;
  const Clock& clock;
  const ApiOptions& options;
  const HttpRequest& request;
};

// GET /providers/kannel/receipt?id=&status=&answer=&secret=  (Kannel's dlr-url)
HttpResponse KannelReceipt(const ProviderContext& context);
// GET /providers/kannel/inbound?from=&to=&text=&coding=&charset=&secret=  (an sms-service get-url)
// 400, storing nothing, when from or to is not a phone number or short code (InboundNumber).
HttpResponse KannelInbound(const ProviderContext& context);

// True when `given` equals one of `secrets`, comparing in time that does not depend on where the
// two differ.
bool SecretMatches(std::string_view given, const std::vector<std::string>& secrets);

}  // namespace missive::handlers
