#pragma once
// The query string of a request target, percent-decoded, in order. Private to the api module.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace missive::handlers {

using QueryParams = std::vector<std::pair<std::string, std::string>>;

// "a=1&b=x%20y&a=2" -> {{"a","1"},{"b","x y"},{"a","2"}}. '+' decodes to a space.
QueryParams ParseQuery(std::string_view target);

}  // namespace missive::handlers
