#pragma once
// application/x-www-form-urlencoded bodies and query strings, both ways: provider requests and
// status callbacks, Kannel's URLs, the API's query strings. Thread-safe, no state.
//
//   form::Params params = form::Parse("template_type=sms&status=sent");
//   std::string body = form::EncodeParams({{"To", "+16135550142"}, {"Body", "Bonjour"}});

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace missive::form {

using Params = std::vector<std::pair<std::string, std::string>>;

// Percent-encodes everything but letters, digits and "-._~".
std::string Encode(std::string_view text);

// "To=%2B1613...&Body=..." from the pairs, in their order.
std::string EncodeParams(const Params& params);

// "x y" from "x%20y" or "x+y". A malformed escape is kept as it stands.
std::string Decode(std::string_view text);

// The pairs of "a=1&b=x%20y+z" in order, decoded ('+' is a space). A malformed escape is kept as
// it stands; a pair without '=' has an empty value.
Params Parse(std::string_view text);

}  // namespace missive::form
