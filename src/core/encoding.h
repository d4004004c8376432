#pragma once
// Byte encodings used across modules: standard base64 (RFC 4648 section 4, with padding) and
// lower-case hex. Thread-safe, no state.

#include <optional>
#include <string>
#include <string_view>

namespace missive {

std::string Base64Encode(std::string_view bytes);

// nullopt when `text` is not valid padded base64.
std::optional<std::string> Base64Decode(std::string_view text);

std::string HexEncode(std::string_view bytes);

}  // namespace missive
