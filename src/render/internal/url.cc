#include "render/internal/url.h"

#include <array>

#include "render/internal/text.h"

namespace missive::render_internal {
namespace {

constexpr std::array<std::string_view, 4> kAllowedSchemes = {"http", "https", "mailto", "tel"};
constexpr char kHexDigits[] = "0123456789ABCDEF";
constexpr char32_t kReplacementCharacter = 0xFFFD;

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

// The byte range allowed as the first continuation byte after `lead` (the rest take 80..BF).
std::array<unsigned char, 2> SecondByteRange(unsigned char lead) {
  if (lead == 0xE0) return {0xA0, 0xBF};
  if (lead == 0xED) return {0x80, 0x9F};
  if (lead == 0xF0) return {0x90, 0xBF};
  if (lead == 0xF4) return {0x80, 0x8F};
  return {0x80, 0xBF};
}

std::size_t SequenceLength(unsigned char lead) {
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 0;
}

// Appends `bytes` read as UTF-8, each maximal invalid part replaced by one U+FFFD (CPython's
// "replace" error handler).
void AppendDecodedUtf8(std::string& out, std::string_view bytes) {
  std::size_t i = 0;
  while (i < bytes.size()) {
    auto lead = static_cast<unsigned char>(bytes[i]);
    if (lead < 0x80) {
      out += bytes[i++];
      continue;
    }
    std::size_t length = SequenceLength(lead);
    std::size_t valid = length == 0 ? 0 : 1;
    for (std::size_t k = 1; valid == k && k < length && i + k < bytes.size(); ++k) {
      auto byte = static_cast<unsigned char>(bytes[i + k]);
      auto range = k == 1 ? SecondByteRange(lead) : std::array<unsigned char, 2>{0x80, 0xBF};
      if (byte >= range[0] && byte <= range[1]) ++valid;
    }
    if (length > 0 && valid == length) {
      out.append(bytes, i, length);
    } else {
      AppendUtf8(out, kReplacementCharacter);
    }
    i += valid == 0 ? 1 : valid;
  }
}

// unquote_to_bytes for one run of ASCII.
std::string PercentDecodeBytes(std::string_view run) {
  std::string bytes;
  bytes.reserve(run.size());
  for (std::size_t i = 0; i < run.size(); ++i) {
    bool escape = run[i] == '%' && i + 2 < run.size();
    int high = escape ? HexValue(run[i + 1]) : -1;
    int low = high >= 0 ? HexValue(run[i + 2]) : -1;
    if (low >= 0) {
      bytes += static_cast<char>(high * 16 + low);
      i += 2;
    } else {
      bytes += run[i];
    }
  }
  return bytes;
}

bool IsObscureOrControl(char32_t c) {
  return c < 0x20 || c == 0x7F || c == 0x180E || c == 0x200B || c == 0x200C || c == 0x200D ||
         c == 0x2060 || c == 0xFEFF || IsPythonSpace(c);
}

// The URL without whitespace, control and zero-width characters, which some mail clients ignore.
std::string WithoutIgnoredCharacters(std::string_view url) {
  std::string kept;
  for (std::size_t pos = 0; pos < url.size();) {
    CodePoint cp = DecodeUtf8(url, pos);
    bool decoded = cp.value < 0x80 || cp.length > 1;
    if (!decoded || !IsObscureOrControl(cp.value)) kept.append(url, pos, cp.length);
    pos += cp.length;
  }
  return kept;
}

std::string LowerAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace

std::string PercentUnquote(std::string_view text) {
  if (text.find('%') == text.npos) return std::string(text);
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t end = i;
    while (end < text.size() && static_cast<unsigned char>(text[end]) < 0x80) ++end;
    AppendDecodedUtf8(out, PercentDecodeBytes(text.substr(i, end - i)));
    std::size_t next = end;
    while (next < text.size() && static_cast<unsigned char>(text[next]) >= 0x80) ++next;
    out.append(text, end, next - end);
    i = next;
  }
  return out;
}

std::string PercentQuote(std::string_view text, std::string_view safe) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    bool kept = IsAsciiLetter(c) || IsAsciiDigit(c) || c == '_' || c == '.' || c == '-' ||
                c == '~' || (c != '\0' && safe.find(c) != safe.npos);
    if (kept) {
      out += c;
      continue;
    }
    auto byte = static_cast<unsigned char>(c);
    out += '%';
    out += kHexDigits[byte >> 4];
    out += kHexDigits[byte & 0x0F];
  }
  return out;
}

bool HasAllowedScheme(std::string_view url) {
  if (url.empty()) return false;
  std::string kept = WithoutIgnoredCharacters(url);
  if (kept.empty() || !IsAsciiLetter(kept[0])) return true;
  std::size_t end = 1;
  while (end < kept.size() && (IsAsciiLetter(kept[end]) || IsAsciiDigit(kept[end]) ||
                               kept[end] == '+' || kept[end] == '-' || kept[end] == '.')) {
    ++end;
  }
  if (end >= kept.size() || kept[end] != ':') return true;
  std::string scheme = LowerAscii(std::string_view(kept).substr(0, end));
  for (std::string_view allowed : kAllowedSchemes) {
    if (scheme == allowed) return true;
  }
  return false;
}

}  // namespace missive::render_internal
