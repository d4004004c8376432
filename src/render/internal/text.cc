#include "render/internal/text.h"

#include <locale.h>
#include <unicode/uchar.h>
#include <wctype.h>

#include <algorithm>
#include <array>
#include <utility>

#include "core/log.h"
#include "render/internal/html_escape.h"

namespace missive::render_internal {
namespace {

constexpr std::array<char32_t, 6> kObscureWhitespace = {0x180E, 0x200B, 0x200C,
                                                        0x200D, 0x2060, 0xFEFF};

// The continuation bytes of a sequence of `length` bytes starting at `pos`, or -1 when invalid.
long ContinuationBits(std::string_view text, std::size_t pos, std::size_t length) {
  if (pos + length > text.size()) return -1;
  long bits = 0;
  for (std::size_t i = 1; i < length; ++i) {
    unsigned char byte = static_cast<unsigned char>(text[pos + i]);
    if ((byte & 0xC0) != 0x80) return -1;
    bits = (bits << 6) | (byte & 0x3F);
  }
  return bits;
}

// Sequence length and payload bits of a lead byte; length 0 when it cannot lead a sequence.
std::pair<std::size_t, char32_t> LeadByte(unsigned char byte) {
  if (byte < 0x80) return {1, byte};
  if ((byte & 0xE0) == 0xC0) return {2, byte & 0x1Fu};
  if ((byte & 0xF0) == 0xE0) return {3, byte & 0x0Fu};
  if ((byte & 0xF8) == 0xF0) return {4, byte & 0x07u};
  return {0, 0};
}

bool IsShortestForm(char32_t value, std::size_t length) {
  static constexpr std::array<char32_t, 5> kMinimum = {0, 0, 0x80, 0x800, 0x10000};
  return value >= kMinimum[length] && value <= 0x10FFFF && (value < 0xD800 || value > 0xDFFF);
}

locale_t OpenUtf8Locale() {
  locale_t locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(0));
  if (locale == static_cast<locale_t>(0)) {
    spdlog::warn("component=render locale=C.UTF-8 unavailable; only ASCII is lower-cased");
  }
  return locale;
}

locale_t Utf8Locale() {
  static const locale_t locale = OpenUtf8Locale();
  return locale;
}

char32_t LowerCodePoint(char32_t code_point) {
  if (code_point < 0x80) {
    return (code_point >= 'A' && code_point <= 'Z') ? code_point + ('a' - 'A') : code_point;
  }
  locale_t locale = Utf8Locale();
  if (locale == static_cast<locale_t>(0)) return code_point;
  return static_cast<char32_t>(towlower_l(static_cast<wint_t>(code_point), locale));
}

bool IsObscureWhitespace(char32_t code_point) {
  for (char32_t c : kObscureWhitespace) {
    if (c == code_point) return true;
  }
  return false;
}

}  // namespace

CodePoint DecodeUtf8(std::string_view text, std::size_t pos) {
  unsigned char lead = static_cast<unsigned char>(text[pos]);
  auto [length, high_bits] = LeadByte(lead);
  if (length <= 1) return {lead, 1};
  long low_bits = ContinuationBits(text, pos, length);
  if (low_bits < 0) return {lead, 1};
  char32_t value = (high_bits << (6 * (length - 1))) | static_cast<char32_t>(low_bits);
  if (!IsShortestForm(value, length)) return {lead, 1};
  return {value, length};
}

void AppendUtf8(std::string& out, char32_t code_point) {
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    out += static_cast<char>(0xC0 | (code_point >> 6));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    out += static_cast<char>(0xE0 | (code_point >> 12));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code_point >> 18));
    out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  }
}

bool IsPythonSpace(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 ||
         c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
         c == 0x205F || c == 0x3000;
}

std::size_t NonAsciiSpaceAt(std::string_view text, std::size_t pos) {
  auto byte = static_cast<unsigned char>(text[pos]);
  if (byte != 0xC2 && byte != 0xE1 && byte != 0xE2 && byte != 0xE3) return 0;  // no space follows
  CodePoint cp = DecodeUtf8(text, pos);
  bool decoded = cp.value < 0x80 || cp.length > 1;
  return decoded && IsPythonSpace(cp.value) ? cp.length : 0;
}

bool IsPythonWordChar(char32_t code_point) {
  if (code_point < 0x80) {
    return (code_point >= 'a' && code_point <= 'z') || (code_point >= 'A' && code_point <= 'Z') ||
           (code_point >= '0' && code_point <= '9') || code_point == '_';
  }
  if (code_point > 0x10FFFF) return false;
  auto c = static_cast<UChar32>(code_point);
  if ((U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_N_MASK)) != 0) return true;
  return u_getNumericValue(c) != U_NO_NUMERIC_VALUE;
}

bool IsPythonDigit(char32_t code_point) {
  if (code_point < 0x80) return code_point >= '0' && code_point <= '9';
  if (code_point > 0x10FFFF) return false;
  return u_charType(static_cast<UChar32>(code_point)) == U_DECIMAL_DIGIT_NUMBER;
}

char32_t CodePointBefore(std::string_view text, std::size_t pos) {
  if (pos == 0 || pos > text.size()) return 0;
  std::size_t start = pos - 1;
  while (start > 0 && pos - start < 4 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) {
    --start;
  }
  CodePoint cp = DecodeUtf8(text, start);
  if (start + cp.length == pos) return cp.value;
  return static_cast<unsigned char>(text[pos - 1]);
}

std::string_view LstripPythonSpace(std::string_view text) {
  std::size_t pos = 0;
  while (std::size_t length = PythonSpaceAt(text, pos)) pos += length;
  return text.substr(pos);
}

std::string_view StripPythonSpace(std::string_view text) {
  text = LstripPythonSpace(text);
  std::size_t end = text.size();
  while (end > 0) {
    char32_t last = CodePointBefore(text, end);
    std::size_t length = last < 0x80 ? 1 : (last < 0x800 ? 2 : (last < 0x10000 ? 3 : 4));
    if (!IsPythonSpace(last) || length > end || PythonSpaceAt(text, end - length) != length) break;
    end -= length;
  }
  return text.substr(0, end);
}

std::string LowerCase(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t pos = 0; pos < text.size();) {
    CodePoint cp = DecodeUtf8(text, pos);
    if (cp.length == 1 && cp.value >= 0x80) {
      out += text[pos];  // a stray byte stays as it was
    } else {
      AppendUtf8(out, LowerCodePoint(cp.value));
    }
    pos += cp.length;
  }
  return out;
}

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  AppendHtmlEscaped(out, text, false);
  return out;
}

std::size_t FindFirstOf(std::string_view text, std::string_view chars, std::size_t pos) {
  std::size_t first = std::string_view::npos;
  for (char c : chars) first = std::min(first, text.find(c, pos));
  return first;
}

CharScanner::CharScanner(std::string_view text, std::string_view chars)
    : text_(text), chars_(chars.substr(0, 4)) {
  for (std::size_t i = 0; i < chars_.size(); ++i) next_[i] = text.find(chars_[i]);
}

std::size_t CharScanner::Next(std::size_t from) {
  std::size_t first = std::string_view::npos;
  for (std::size_t i = 0; i < chars_.size(); ++i) {
    if (next_[i] < from) next_[i] = text_.find(chars_[i], from);
    first = std::min(first, next_[i]);
  }
  return first;
}

std::string ReplaceAll(std::string_view text, std::string_view from, std::string_view to) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  for (std::size_t at = text.find(from); at != text.npos; at = text.find(from, pos)) {
    out.append(text, pos, at - pos);
    out += to;
    pos = at + from.size();
  }
  out.append(text, pos);
  return out;
}

std::size_t CountOccurrences(std::string_view text, std::string_view part) {
  std::size_t count = 0;
  for (std::size_t at = text.find(part); at != text.npos; at = text.find(part, at + part.size())) {
    ++count;
  }
  return count;
}

std::string NormaliseNewlines(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\r') {
      out += text[i];
      continue;
    }
    out += '\n';
    if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
  }
  return out;
}

std::string RemoveObscureWhitespace(std::string_view text) {
  bool maybe_obscure = false;  // every obscure character's UTF-8 starts with E1, E2 or EF
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    maybe_obscure = maybe_obscure || byte == 0xE1 || byte == 0xE2 || byte == 0xEF;
  }
  if (!maybe_obscure) return std::string(text);
  std::string out;
  out.reserve(text.size());
  for (std::size_t pos = 0; pos < text.size();) {
    CodePoint cp = DecodeUtf8(text, pos);
    if (!IsObscureWhitespace(cp.value)) out.append(text.substr(pos, cp.length));
    pos += cp.length;
  }
  return out;
}

std::string CollapseWhitespace(std::string_view text) {
  std::string cleaned = RemoveObscureWhitespace(text);
  std::string out;
  out.reserve(cleaned.size());
  bool pending_space = false;
  for (std::size_t pos = 0; pos < cleaned.size();) {
    auto byte = static_cast<unsigned char>(cleaned[pos]);
    if (byte < 0x80 && PythonSpaceAt(cleaned, pos) == 0) {
      if (pending_space) out += ' ';
      pending_space = false;
      out += cleaned[pos++];
      continue;
    }
    CodePoint cp = DecodeUtf8(cleaned, pos);
    if (IsPythonSpace(cp.value) && (cp.value < 0x80 || cp.length > 1)) {
      pending_space = !out.empty();
    } else {
      if (pending_space) out += ' ';
      pending_space = false;
      out.append(cleaned, pos, cp.length);
    }
    pos += cp.length;
  }
  return out;
}

}  // namespace missive::render_internal
