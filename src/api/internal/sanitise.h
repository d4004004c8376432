#pragma once
// GOV.UK Notify's sanitise_content_for: personalisation values a sender does not trust are stripped
// of links and have markdown characters escaped before rendering, so they cannot add links or
// formatting to an email. Private to the api module. Thread-safe.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace missive::handlers {

// The value with URLs removed (a bare domain such as "example.com" has each '.' followed by a
// space instead) and each of `*_()\{}[]<>#+-.!| escaped with a backslash.
std::string SanitiseValue(const std::string& value);

// Sanitises, in `values`, the string values whose key matches one of `keys` ignoring case, and
// returns {key: {"unsanitised", "sanitised"}} for those that changed.
nlohmann::ordered_json SanitisePersonalisation(nlohmann::json& values,
                                               const std::vector<std::string>& keys);

}  // namespace missive::handlers
