#include "recipients/email_address.h"

#include <idn2.h>
#include <locale.h>
#include <wctype.h>

#include <array>
#include <memory>
#include <optional>

#include "core/log.h"

namespace missive {
namespace {

constexpr std::size_t kMaxAddressLength = 320;  // code points
constexpr std::size_t kMaxDomainLength = 253;   // after IDNA encoding
constexpr std::size_t kMaxLabelLength = 63;
constexpr std::string_view kAsciiWhitespace = " \t\n\r\v\f";
constexpr std::string_view kLocalPartSymbols = ".!#$%&'*+/=?^_`{|}~-";

// UTF-8 of U+180E, U+200B, U+200C, U+200D, U+2060 and U+FEFF.
constexpr std::array<std::string_view, 6> kObscureWhitespace = {
    "\xE1\xA0\x8E", "\xE2\x80\x8B", "\xE2\x80\x8C", "\xE2\x80\x8D", "\xE2\x81\xA0", "\xEF\xBB\xBF"};

// Decodes strict UTF-8 (shortest forms, no surrogates); nullopt when `text` is not UTF-8.
std::optional<std::u32string> DecodeUtf8(std::string_view text) {
  std::u32string out;
  for (std::size_t pos = 0; pos < text.size();) {
    unsigned char lead = static_cast<unsigned char>(text[pos]);
    std::size_t length = lead < 0x80 ? 1 : lead < 0xC0 ? 0 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    if (length == 0 || lead >= 0xF8 || pos + length > text.size()) return std::nullopt;
    char32_t value = length == 1 ? lead : lead & (0x7F >> length);
    for (std::size_t i = 1; i < length; ++i) {
      unsigned char byte = static_cast<unsigned char>(text[pos + i]);
      if ((byte & 0xC0) != 0x80) return std::nullopt;
      value = (value << 6) | (byte & 0x3F);
    }
    static constexpr std::array<char32_t, 5> kMinimum = {0, 0, 0x80, 0x800, 0x10000};
    if (value < kMinimum[length] || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
      return std::nullopt;
    }
    out += value;
    pos += length;
  }
  return out;
}

void AppendUtf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

locale_t OpenUtf8Locale() {
  locale_t locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(0));
  if (locale == static_cast<locale_t>(0)) {
    spdlog::warn("component=recipients locale=C.UTF-8 unavailable; only ASCII is lower-cased");
  }
  return locale;
}

char32_t LowerCodePoint(char32_t c) {
  if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
  static const locale_t locale = OpenUtf8Locale();
  if (locale == static_cast<locale_t>(0)) return c;
  return static_cast<char32_t>(towlower_l(static_cast<wint_t>(c), locale));
}

// What Python's regular expressions call \s in a str pattern.
bool IsUnicodeWhitespace(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 ||
         c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
         c == 0x205F || c == 0x3000;
}

bool IsAsciiAlnum(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// [a-zA-ZÀ-ÿ0-9.!#$%&'*+/=?^_`{|}~\-]: ASCII letters, digits, symbols and U+00C0 to U+00FF.
bool IsLocalPartChar(char32_t c) {
  if (IsAsciiAlnum(c) || (c >= 0xC0 && c <= 0xFF)) return true;
  return c < 0x80 && kLocalPartSymbols.find(static_cast<char>(c)) != std::string_view::npos;
}

bool IsValidLocalPart(std::u32string_view local) {
  if (local.empty()) return false;
  for (char32_t c : local) {
    if (!IsLocalPartChar(c)) return false;
  }
  return true;
}

// [^.@][^@\s]+: at least two characters, not starting with a dot, no @ and no whitespace after
// the first character.
bool MatchesDomainPattern(std::u32string_view domain) {
  if (domain.size() < 2 || domain[0] == U'.' || domain[0] == U'@') return false;
  for (char32_t c : domain.substr(1)) {
    if (c == U'@' || IsUnicodeWhitespace(c)) return false;
  }
  return true;
}

bool IsAscii(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

// The domain as IDNA ASCII, nullopt when it cannot be encoded. An all-ASCII domain passes through
// unchanged, as it does in Python's idna codec; others go through libidn2 with the transitional
// UTS #46 mapping, the closest match to Python's IDNA 2003 (ß becomes ss, case is folded).
// Known gap: a label mixing right-to-left and left-to-right letters passes here but not in GC
// Notify, and one starting with a combining mark fails here but passes there.
std::optional<std::string> DomainToAscii(std::string_view domain) {
  if (IsAscii(domain)) return std::string(domain);
  if (domain.find('\0') != std::string_view::npos) return std::nullopt;
  char* raw_output = nullptr;
  int rc = idn2_to_ascii_8z(std::string(domain).c_str(), &raw_output,
                            IDN2_NFC_INPUT | IDN2_TRANSITIONAL);
  std::unique_ptr<char, decltype(&idn2_free)> output(raw_output, &idn2_free);
  if (rc != IDN2_OK || output == nullptr) return std::nullopt;
  return std::string(output.get());
}

bool StartsWithIgnoringCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (static_cast<char>(LowerCodePoint(static_cast<unsigned char>(text[i]))) != prefix[i]) {
      return false;
    }
  }
  return true;
}

// [a-z0-9]+(-[a-z0-9]+)*: alphanumeric runs joined by single hyphens.
bool IsHyphenatedAlnum(std::string_view text) {
  if (text.empty() || text.front() == '-' || text.back() == '-') return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '-' && text[i - 1] == '-') return false;
    if (text[i] != '-' && !IsAsciiAlnum(static_cast<unsigned char>(text[i]))) return false;
  }
  return true;
}

// ^(xn-|[a-z0-9]+)(-[a-z0-9]+)*$, ignoring case, and 1 to 63 characters.
bool IsValidLabel(std::string_view label) {
  if (label.empty() || label.size() > kMaxLabelLength) return false;
  if (StartsWithIgnoringCase(label, "xn-")) {
    std::string_view rest = label.substr(3);
    if (rest.empty() || (rest[0] == '-' && IsHyphenatedAlnum(rest.substr(1)))) return true;
  }
  return IsHyphenatedAlnum(label);
}

// ^([a-z]{2,63}|xn--([a-z0-9]+-)*[a-z0-9]+)$, ignoring case.
bool IsValidTopLevelLabel(std::string_view label) {
  bool letters_only = !label.empty();
  for (char c : label) letters_only = letters_only && IsAsciiLetter(c);
  if (letters_only) return label.size() >= 2 && label.size() <= kMaxLabelLength;
  return StartsWithIgnoringCase(label, "xn--") && IsHyphenatedAlnum(label.substr(4));
}

bool IsValidAsciiDomain(std::string_view domain) {
  if (domain.size() > kMaxDomainLength) return false;
  std::size_t start = 0;
  std::size_t dot = domain.find('.');
  if (dot == std::string_view::npos) return false;  // fewer than two labels
  for (; dot != std::string_view::npos; start = dot + 1, dot = domain.find('.', start)) {
    if (!IsValidLabel(domain.substr(start, dot - start))) return false;
  }
  std::string_view last = domain.substr(start);
  return IsValidLabel(last) && IsValidTopLevelLabel(last);
}

}  // namespace

std::string CleanEmailAddress(std::string_view address) {
  std::string cleaned(address);
  for (std::string_view obscure : kObscureWhitespace) {
    for (auto at = cleaned.find(obscure); at != cleaned.npos; at = cleaned.find(obscure, at)) {
      cleaned.erase(at, obscure.size());
    }
  }
  std::size_t first = cleaned.find_first_not_of(kAsciiWhitespace);
  if (first == cleaned.npos) return {};
  std::size_t last = cleaned.find_last_not_of(kAsciiWhitespace);
  return cleaned.substr(first, last - first + 1);
}

std::string AsciiDomainAddress(std::string_view address) {
  size_t at = address.rfind('@');
  if (at == std::string_view::npos) return std::string(address);
  std::optional<std::string> domain = DomainToAscii(address.substr(at + 1));
  if (!domain) return std::string(address);
  return std::string(address.substr(0, at + 1)) + *domain;
}

bool IsValidEmailAddress(std::string_view address) {
  std::string cleaned = CleanEmailAddress(address);
  std::optional<std::u32string> chars = DecodeUtf8(cleaned);
  if (!chars || chars->size() > kMaxAddressLength) return false;
  if (cleaned.find("..") != std::string::npos) return false;

  std::size_t at = chars->find(U'@');
  if (at == std::u32string::npos) return false;
  std::u32string_view all(*chars);
  if (!IsValidLocalPart(all.substr(0, at)) || !MatchesDomainPattern(all.substr(at + 1))) {
    return false;
  }

  std::optional<std::string> ascii_domain = DomainToAscii(cleaned.substr(cleaned.find('@') + 1));
  return ascii_domain && IsValidAsciiDomain(*ascii_domain);
}

std::string NormaliseEmailAddress(std::string_view address) {
  std::string cleaned = CleanEmailAddress(address);
  std::optional<std::u32string> chars = DecodeUtf8(cleaned);
  if (!chars) return cleaned;
  std::string lowered;
  lowered.reserve(cleaned.size());
  for (char32_t c : *chars) AppendUtf8(lowered, LowerCodePoint(c));
  return lowered;
}

}  // namespace missive
