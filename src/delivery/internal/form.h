#pragma once
// application/x-www-form-urlencoded bodies and query strings, both ways. Private to the delivery
// module. Thread-safe, no state.

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

// The pairs of "a=1&b=x%20y+z" in order, decoded ('+' is a space). A malformed escape is kept as
// it stands; a pair without '=' has an empty value.
Params Parse(std::string_view text);

}  // namespace missive::form
