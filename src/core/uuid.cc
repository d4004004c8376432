#include "core/uuid.h"

#include <sodium.h>

#include <array>
#include <cctype>

namespace missive {
namespace {

constexpr char kHex[] = "0123456789abcdef";

std::string Format(const std::array<unsigned char, 16>& bytes) {
  std::string out;
  out.reserve(36);
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[bytes[i] >> 4]);
    out.push_back(kHex[bytes[i] & 0xf]);
  }
  return out;
}

std::string_view StripWrapping(std::string_view text) {
  constexpr std::string_view kUrn = "urn:uuid:";
  if (text.size() >= kUrn.size()) {
    std::string prefix(text.substr(0, kUrn.size()));
    for (char& c : prefix) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (prefix == kUrn) text.remove_prefix(kUrn.size());
  }
  if (text.size() >= 2 && text.front() == '{' && text.back() == '}') {
    text = text.substr(1, text.size() - 2);
  }
  return text;
}

}  // namespace

std::string NewUuid() {
  static const bool sodium_ready = sodium_init() >= 0;
  (void)sodium_ready;
  std::array<unsigned char, 16> bytes;
  randombytes_buf(bytes.data(), bytes.size());
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0f) | 0x40);
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3f) | 0x80);
  return Format(bytes);
}

std::optional<std::string> ParseUuid(std::string_view text) {
  text = StripWrapping(text);
  std::string hex;
  hex.reserve(32);
  for (char c : text) {
    if (c == '-') continue;
    if (!std::isxdigit(static_cast<unsigned char>(c))) return std::nullopt;
    hex.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  if (hex.size() != 32) return std::nullopt;
  std::array<unsigned char, 16> bytes;
  for (size_t i = 0; i < 16; ++i) {
    auto nibble = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
    bytes[i] = static_cast<unsigned char>(nibble(hex[2 * i]) << 4 | nibble(hex[2 * i + 1]));
  }
  return Format(bytes);
}

bool IsCanonicalUuid(std::string_view text) {
  auto parsed = ParseUuid(text);
  return parsed && *parsed == text;
}

}  // namespace missive
